import { runRules, type RuleFailure } from './diagnostics';
import { docsUrl } from './docs';
import { applyEdits } from './edits';
import { allRoots, type AnyKind, kindOfRoot } from './kinds/index';
import { parseXml, type XmlDocument } from './parse/parseXml';
import { allRules } from './registry';
import { SCHEMA_RULE_ID } from './schema/schemaDiagnostics';
import { applySuppressions, unusedSuppressionFix } from './suppression';

/** Schema diagnostics are made apart (in a worker); suppression comments may name them. */
const SCHEMA_IDS: ReadonlySet<string> = new Set([SCHEMA_RULE_ID]);
import { doComplete, type CompletionEntry, type CompletionOptions, type CompletionTarget } from './completion';
import { foldingRanges, type FoldRange } from './folding';
import { doHover, type HoverResult, type MarkupKind } from './hover';
import type { OutlineSymbol } from './outline';
import type { Rule } from './rule';
import { RuleContext } from './rule';
import type { Finding, FixProposal, LintDiagnostic, LintSettings, OffsetEdit, RefactorAction, Span } from './types';

export const NOT_WELL_FORMED = 'not-well-formed';
export const TOO_LARGE = 'too-large';
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * The kind of a document too large to parse, from its first root element: it still gets one
 * diagnostic saying it was not analysed, while other XML stays silent.
 */
function kindOfLargeText(text: string): AnyKind | null {
  const head = /^\s*(?:<\?[\s\S]*?\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<([A-Za-z_][\w.-]*)[\s>/]/.exec(text.slice(0, 4096));
  return kindOfRoot(head?.[1]) ?? null;
}

/** One parse of one document version, shared by every feature. */
export interface ParsedDocument {
  text: string;
  /** Absent when the document is over the size limit. */
  xml: XmlDocument | null;
  /** The kind the root element names (`<domain>` …), even in broken documents; null for other XML. */
  kind: AnyKind | null;
  /** The kind's model of the document: present when `kind` is, unless the document was too large to parse. */
  model: unknown;
  /** True when the document was not analysed because of its size. */
  tooLarge: boolean;
}

export interface FixAction {
  diagnostic: LintDiagnostic;
  fix: FixProposal;
}

export interface LanguageServiceOptions {
  rules?: readonly Rule[];
  onRuleError?: (f: RuleFailure) => void;
}

/** A diagnostic's identity for matching a client's diagnostic to a fresh finding. */
function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

function sameEdit(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Edits that cannot both apply: overlapping ranges, or two edits at one insertion point. */
function conflicting(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  return a.start === b.start && (a.start === a.end || b.start === b.end);
}

/**
 * The edits of the fixes taken so far, sorted by position, so that checking a new fix costs a
 * binary search instead of a scan (fix-all on thousands of findings).
 */
class AcceptedEdits {
  private readonly sorted: OffsetEdit[] = [];

  /** Index of the first edit starting at or after `offset`. */
  private lowerBound(offset: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private find(e: OffsetEdit): { duplicate: boolean; conflict: boolean } {
    const i = this.lowerBound(e.start);
    // Accepted edits do not overlap, so only the predecessor can reach into `e` from the left.
    if (i > 0 && conflicting(this.sorted[i - 1], e)) return { duplicate: false, conflict: true };
    for (let j = i; j < this.sorted.length && (this.sorted[j].start < e.end || this.sorted[j].start === e.start); j++) {
      if (sameEdit(this.sorted[j], e)) return { duplicate: true, conflict: false };
      if (conflicting(this.sorted[j], e)) return { duplicate: false, conflict: true };
    }
    return { duplicate: false, conflict: false };
  }

  /** Takes a fix's edits unless one conflicts; edits already taken (same fix for two findings) are kept once. */
  tryAdd(edits: OffsetEdit[]): boolean {
    const fresh: OffsetEdit[] = [];
    for (const e of edits) {
      const r = this.find(e);
      if (r.conflict) return false;
      if (!r.duplicate) fresh.push(e);
    }
    for (const e of fresh) this.sorted.splice(this.lowerBound(e.start), 0, e);
    return true;
  }

  edits(): OffsetEdit[] {
    return this.sorted;
  }
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The pure language service: text in, offsets out; no I/O, no LSP types. */
export class LanguageService {
  readonly rules: readonly Rule[];
  private readonly onRuleError?: (f: RuleFailure) => void;

  /** Rules given to the service instead of the kinds' own (tests). */
  private readonly customRules?: readonly Rule[];

  constructor(options: LanguageServiceOptions = {}) {
    this.customRules = options.rules;
    this.rules = options.rules ?? allRules;
    this.onRuleError = options.onRuleError;
  }

  parse(text: string, settings: LintSettings = {}): ParsedDocument {
    if (text.length > (settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)) {
      return { text, xml: null, kind: kindOfLargeText(text), model: null, tooLarge: true };
    }
    const xml = parseXml(text);
    const root = xml.root;
    const kind = root ? (kindOfRoot(root.name) ?? null) : null;
    return { text, xml, kind, model: kind && root ? kind.buildModel(xml, root) : null, tooLarge: false };
  }

  /** Whether the document is a libvirt document of a known kind (root element `<domain>` …). */
  isLibvirtDocument(doc: ParsedDocument): boolean {
    return doc.kind !== null;
  }

  /** The rules that run on a kind's documents (all of them, unless the service was given its own). */
  rulesFor(kind: AnyKind): readonly Rule[] {
    return this.customRules ?? kind.rules;
  }

  /** Rule findings without those silenced by suppression comments, and the unused suppressions. */
  private lint(doc: ParsedDocument, settings: LintSettings) {
    if (!doc.kind || !doc.xml || doc.xml.syntaxError) return { kept: [], unused: [] };
    const all = runRules(this.rulesFor(doc.kind), doc.text, doc.model, settings, this.onRuleError);
    return applySuppressions(doc.xml, all, (f) => f.diagnostic, new Set(this.rules.map((r) => r.id)), settings, SCHEMA_IDS);
  }

  private findings(doc: ParsedDocument, settings: LintSettings) {
    return this.lint(doc, settings).kept;
  }

  validate(doc: ParsedDocument, settings: LintSettings = {}): LintDiagnostic[] {
    if (doc.tooLarge) {
      if (!doc.kind || settings.rules?.[TOO_LARGE] === 'off') return [];
      const limit = settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      return [
        {
          ruleId: TOO_LARGE,
          severity: 'info',
          message: `The document is larger than ${limit} characters (libvirt.maxFileSize); it was not analysed.`,
          span: { start: 0, end: 0 },
          docsUrl: docsUrl(TOO_LARGE),
        },
      ];
    }
    if (!doc.kind || !doc.xml) return [];
    const err = doc.xml.syntaxError;
    if (err) {
      if (settings.rules?.[NOT_WELL_FORMED] === 'off') return [];
      return [{ ruleId: NOT_WELL_FORMED, severity: 'error', message: `The document is not well-formed XML: ${err.message}`, span: err.span, docsUrl: docsUrl(NOT_WELL_FORMED) }];
    }
    const { kept, unused } = this.lint(doc, settings);
    return [...kept.map((f) => f.diagnostic), ...unused];
  }

  private fixesFor(rule: Rule, finding: Finding, doc: ParsedDocument, settings: LintSettings): FixProposal[] {
    if (!rule.fix || !doc.kind) return [];
    try {
      return rule.fix(finding, new RuleContext(doc.text, doc.model, settings));
    } catch (error) {
      this.onRuleError?.({ ruleId: rule.id, error });
      return [];
    }
  }

  /**
   * Fixes for the findings in a range, recomputed from this version's model. When
   * `diagnostics` is given (from the client), only findings matching one of them by rule id
   * and span are used: no side tables, no message matching.
   */
  fixes(doc: ParsedDocument, settings: LintSettings, range: Span, diagnostics?: { ruleId: string; span: Span }[]): FixAction[] {
    const out: FixAction[] = [];
    const { kept, unused } = this.lint(doc, settings);
    const wanted = (ruleId: string, span: Span) => (diagnostics ? diagnostics.some((d) => d.ruleId === ruleId && sameSpan(d.span, span)) : overlaps(range, span));
    for (const { rule, finding, diagnostic } of kept) {
      if (!wanted(rule.id, finding.span)) continue;
      for (const fix of this.fixesFor(rule, finding, doc, settings)) out.push({ diagnostic, fix });
    }
    for (const diagnostic of unused) {
      if (!wanted(diagnostic.ruleId, diagnostic.span)) continue;
      const fix = doc.xml && unusedSuppressionFix(doc.xml, diagnostic.span);
      if (fix) out.push({ diagnostic, fix });
    }
    return out;
  }

  /** Fixes for every finding of the document (all of them, safe or not). */
  allFixes(doc: ParsedDocument, settings: LintSettings): FixAction[] {
    return this.fixes(doc, settings, { start: 0, end: doc.text.length });
  }

  /**
   * The first safe fix of every finding, without overlapping edits. One pass: callers that
   * want everything fixed re-parse and call again (fixes can enable others).
   */
  fixAllEdits(doc: ParsedDocument, settings: LintSettings, onlyRule?: string): OffsetEdit[] {
    const taken = new AcceptedEdits();
    for (const { rule, finding } of this.findings(doc, settings)) {
      if (onlyRule && rule.id !== onlyRule) continue;
      const fix = this.fixesFor(rule, finding, doc, settings).find((f) => f.safe);
      if (fix) taken.tryAdd(fix.edits);
    }
    return taken.edits();
  }

  /** Applies safe fixes until none applies (bounded), returning the new text. */
  fixAll(text: string, settings: LintSettings = {}, maxPasses = 10): { text: string; passes: number } {
    let current = text;
    for (let pass = 0; pass < maxPasses; pass++) {
      const doc = this.parse(current, settings);
      const edits = this.fixAllEdits(doc, settings);
      if (edits.length === 0) return { text: current, passes: pass };
      const next = applyEdits(current, edits);
      if (next === current) return { text: current, passes: pass };
      current = next;
    }
    return { text: current, passes: maxPasses };
  }

  /**
   * Refactorings (code action kind `refactor.rewrite`) for the position: converting the disk
   * there to virtio-scsi or virtio-blk. Guest-visible, so never preferred and never in fix-all.
   */
  refactors(doc: ParsedDocument, offset: number): RefactorAction[] {
    if (!doc.kind?.refactors || !doc.xml || doc.xml.syntaxError) return [];
    return doc.kind.refactors(doc.model, offset);
  }

  /** Editor features read the scanned tree, so they work on documents that are not well-formed. */
  hover(doc: ParsedDocument, offset: number, kind: MarkupKind = 'markdown', settings: LintSettings = {}): HoverResult | null {
    return doc.xml && doc.kind ? doHover(doc.xml, offset, this.target(doc.kind, doc, settings), kind) : null;
  }

  /** What hover and completion need to ask the kind's rules about values. */
  private target(kind: AnyKind, doc: ParsedDocument, settings: LintSettings): CompletionTarget {
    return { kind, model: doc.model, rules: this.rulesFor(kind), settings };
  }

  complete(doc: ParsedDocument, offset: number, options: CompletionOptions = {}, settings: LintSettings = {}): CompletionEntry[] {
    if (!doc.xml) return [];
    const kind = doc.kind;
    const target = kind ? this.target(kind, doc, settings) : null;
    return doComplete(doc.xml, offset, target, { rules: this.rules, roots: allRoots, ...options });
  }

  symbols(doc: ParsedDocument): OutlineSymbol[] {
    return doc.xml && doc.kind ? doc.kind.symbols(doc.xml) : [];
  }

  folding(doc: ParsedDocument): FoldRange[] {
    return doc.xml && doc.kind ? foldingRanges(doc.xml) : [];
  }

  ruleById(id: string): Rule | undefined {
    return this.rules.find((r) => r.id === id);
  }
}
