import type { Finding, FixProposal, LintSettings, Severity } from './types';

/** What a rule sees: the text, the document's model and the settings. No I/O, no LSP. */
export class RuleContext<M = unknown> {
  constructor(
    readonly text: string,
    readonly model: M,
    readonly settings: LintSettings,
  ) {}

  hasProfile(name: string): boolean {
    return this.settings.profiles?.includes(name) ?? false;
  }
}

/**
 * Where a rule looks, in the keys the facts use: `parent/element` (an element),
 * `parent/element@attr` (an attribute), `parent/element@attr=value` (one value). Hover lists
 * the rule on each of them; completion asks the rule about the values of the attributes.
 */
export type Subject = string;

export interface Rule<M = unknown> {
  /** Kebab-case id: diagnostic code, setting `libvirt.lint.<id>`, SARIF rule id, file name. */
  readonly id: string;
  /** One line for lists and SARIF. */
  readonly title: string;
  readonly defaultSeverity: Severity;
  /** Markdown: what the rule checks, why, how to fix, and the sources of the facts. */
  readonly docs: string;
  /** What the rule reads (see Subject). A test checks that the subjects name real facts. */
  readonly subjects: readonly Subject[];
  check(ctx: RuleContext<M>): Finding[];
  /** Fixes for one of this rule's findings, computed from the current model. */
  fix?(finding: Finding, ctx: RuleContext<M>): FixProposal[];
}

/** The key of an element (with its parent), or of one of its attributes, or of one value. */
export function subjectKey(parent: string | undefined, element: string, attr?: string, value?: string): Subject {
  const base = parent ? `${parent}/${element}` : element;
  if (attr === undefined) return base;
  return value === undefined ? `${base}@${attr}` : `${base}@${attr}=${value}`;
}

/** Rules whose subjects name an element, attribute or value, in registry order. */
export function rulesConcerning<R extends Rule<never>>(rules: readonly R[], parent: string | undefined, element: string, attr?: string, value?: string): R[] {
  const keys = [subjectKey(parent, element, attr)];
  if (attr !== undefined && value !== undefined) keys.push(subjectKey(parent, element, attr, value));
  return rules.filter((r) => r.subjects.some((s) => keys.includes(s)));
}
