import { runRules, type RuleFailure } from './diagnostics';
import { DOMAIN_CONTEXT } from './builtinRules';
import { docsUrl } from './docs';
import { applyEdits } from './edits';
import { allKinds, allRoots, type AnyKind, kindOfRoot } from './kinds/index';
import { AttachError, type AttachTarget, editsDeviceOnly, insideDevice, spliceDevice, type SplicedDevice, toFragment } from './kinds/device/attach';
import { deviceKind } from './kinds/device/index';
import { domainKind } from './kinds/domain/index';
import { parseXml, type XmlDocument } from './parse/parseXml';
import type { XElement } from './parse/xmlTree';
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
  /** A device file checked as attached to a domain (the `domain` context was given and could be used). */
  attached?: SplicedDevice;
  /** Why the given domain context could not be used (not a domain, not well-formed …). */
  attachProblem?: string;
}

/** What else a document is checked against. */
export interface DocumentContext {
  /** For a device file: the domain it will be attached to. */
  domain?: AttachTarget;
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

  /** The ids of `rules` (what a suppression comment may name). */
  private readonly ruleIds: ReadonlySet<string>;

  constructor(options: LanguageServiceOptions = {}) {
    this.customRules = options.rules;
    this.rules = options.rules ?? allRules;
    this.ruleIds = new Set(this.rules.map((r) => r.id));
    this.onRuleError = options.onRuleError;
  }

  parse(text: string, settings: LintSettings = {}, context: DocumentContext = {}): ParsedDocument {
    if (text.length > (settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE)) {
      return { text, xml: null, kind: kindOfLargeText(text), model: null, tooLarge: true };
    }
    const xml = parseXml(text);
    const root = xml.root;
    const kind = root ? (kindOfRoot(root.name) ?? null) : null;
    const doc: ParsedDocument = { text, xml, kind, model: kind && root ? kind.buildModel(xml, root) : null, tooLarge: false };
    if (context.domain && kind === deviceKind && root && !xml.syntaxError) {
      try {
        doc.attached = spliceDevice(text, root, context.domain);
      } catch (error) {
        if (!(error instanceof AttachError)) throw error;
        doc.attachProblem = error.message;
      }
    }
    return doc;
  }

  /** Whether the document is a libvirt document of a known kind (root element `<domain>` …). */
  isLibvirtDocument(doc: ParsedDocument): boolean {
    return doc.kind !== null;
  }

  /**
   * The rules that run on a kind's documents: the kind's own, or, when the service was given its
   * own rules, those of them that are the kind's or no kind's (a rule of another kind reads
   * another model: a volume rule never runs on a domain).
   */
  rulesFor(kind: AnyKind): readonly Rule[] {
    if (!this.customRules) return kind.rules;
    return this.customRules.filter((r) => kind.rules.includes(r) || !allKinds.some((k) => k.rules.includes(r)));
  }

  /** Rule findings without those silenced by suppression comments, and the unused suppressions. */
  private lint(doc: ParsedDocument, settings: LintSettings) {
    if (!doc.kind || !doc.xml || doc.xml.syntaxError) return { kept: [], unused: [] };
    const all = doc.attached ? this.lintAttached(doc.attached, doc.xml.root!, settings) : runRules(this.rulesFor(doc.kind), doc.text, doc.model, settings, this.onRuleError);
    return applySuppressions(doc.xml, all, (f) => f.diagnostic, this.ruleIds, settings, SCHEMA_IDS);
  }

  /**
   * A device file linted as part of its domain: the domain's rules on the domain with the
   * device added. Findings inside the device are its own (mapped back, with their fixes);
   * findings elsewhere that the domain alone does not have are caused by the attach and are
   * reported on the device's root element, without fixes (they would edit the domain).
   */
  private lintAttached(spliced: SplicedDevice, root: XElement, settings: LintSettings) {
    const rules = this.rulesFor(domainKind);
    const all = runRules(rules, spliced.text, spliced.model, settings, this.onRuleError);
    const inside = all.filter((f) => insideDevice(spliced, f.finding.span));
    const outside = all.filter((f) => !insideDevice(spliced, f.finding.span));
    const out = inside.map((f) => ({ ...f, diagnostic: { ...f.diagnostic, span: toFragment(spliced, f.finding.span) } }));
    if (outside.length === 0) return out;
    const key = (ruleId: string, span: Span, message: string) => `${ruleId}\u0000${span.start}\u0000${span.end}\u0000${message}`;
    const before = this.domainFindings(spliced, settings, () => new Set(runRules(rules, spliced.target.text, spliced.domainModel, settings, this.onRuleError).map((f) => key(f.rule.id, f.finding.span, f.finding.message))));
    const ownRules = new Set(inside.map((f) => f.rule.id));
    const where = spliced.domainName ? `domain '${spliced.domainName}'` : spliced.target.label;
    for (const f of outside) {
      const span = { start: spliced.toDomain(f.finding.span.start), end: spliced.toDomain(f.finding.span.end) };
      if (ownRules.has(f.rule.id) || before.has(key(f.rule.id, span, f.finding.message))) continue;
      out.push({ ...f, diagnostic: { ...f.diagnostic, span: root.nameSpan, message: `${f.diagnostic.message} (in ${where}, once this device is attached)` } });
    }
    return out;
  }

  /**
   * What the domain alone is found to have, by domain model (one per domain text: see
   * spliceDevice) and by the settings that change it: worked out once for all the device
   * files attached to one domain, not once per device file.
   */
  private readonly domainFindingsCache = new WeakMap<object, Map<string, Set<string>>>();
  /** Catalogs (settings.catalog) by a number, for the key above. */
  private readonly catalogIds = new WeakMap<object, number>();
  private nextCatalogId = 1;

  private domainFindings(spliced: SplicedDevice, settings: LintSettings, make: () => Set<string>): Set<string> {
    let byModel = this.domainFindingsCache.get(spliced.domainModel);
    if (!byModel) this.domainFindingsCache.set(spliced.domainModel, (byModel = new Map()));
    let catalog = 0;
    if (settings.catalog) {
      catalog = this.catalogIds.get(settings.catalog) ?? 0;
      if (catalog === 0) this.catalogIds.set(settings.catalog, (catalog = this.nextCatalogId++));
    }
    const key = JSON.stringify([settings.rules ?? {}, settings.profiles ?? [], catalog]);
    let found = byModel.get(key);
    if (!found) {
      // a few settings at a time (an editor's catalog changes as network files are edited)
      if (byModel.size >= 8) byModel.delete(byModel.keys().next().value!);
      byModel.set(key, (found = make()));
    }
    return found;
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
    const out = [...kept.map((f) => f.diagnostic), ...unused];
    const root = doc.xml.root;
    if (doc.attachProblem && root && settings.rules?.[DOMAIN_CONTEXT] !== 'off') {
      out.unshift({
        ruleId: DOMAIN_CONTEXT,
        severity: settings.rules?.[DOMAIN_CONTEXT] ?? 'warning',
        message: `This device file is checked alone: its domain cannot be used (${doc.attachProblem}).`,
        span: root.nameSpan,
        docsUrl: docsUrl(DOMAIN_CONTEXT),
      });
    }
    return out;
  }

  private fixesFor(rule: Rule, finding: Finding, doc: ParsedDocument, settings: LintSettings): FixProposal[] {
    if (!rule.fix || !doc.kind) return [];
    const spliced = doc.attached;
    try {
      if (!spliced) return rule.fix(finding, new RuleContext(doc.text, doc.model, settings));
      // Fixes of an attached device's findings are computed on the combined text; those that
      // would edit the domain are left out, the others are mapped back into the device file.
      return rule
        .fix(finding, new RuleContext(spliced.text, spliced.model, settings))
        .filter((fix) => fix.edits.every((e) => editsDeviceOnly(spliced, e)))
        .map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...toFragment(spliced, e), newText: e.newText })) }));
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
      if (!wanted(rule.id, diagnostic.span)) continue;
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
  fixAll(text: string, settings: LintSettings = {}, maxPasses = 10, context: DocumentContext = {}): { text: string; passes: number } {
    let current = text;
    for (let pass = 0; pass < maxPasses; pass++) {
      const doc = this.parse(current, settings, context);
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
