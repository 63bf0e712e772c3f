import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService, type LanguageServiceOptions } from '../../server/src/service/languageService';
import type { Disk } from '../../server/src/service/kinds/domain/model/disk';
import { setDriverAttr } from '../../server/src/service/kinds/domain/rules/common/fixes';
import type { DomainModel } from '../../server/src/service/kinds/domain/model/domain';
import { ioNativeRequiresDirectCache } from '../../server/src/service/kinds/domain/rules/io-native-requires-direct-cache';
import { type Rule, RuleContext } from '../../server/src/service/rule';
import type { FixProposal, LintDiagnostic, LintSettings, OffsetEdit, Span } from '../../server/src/service/types';
import { fixturesDir, repoRoot, sharedDir } from '../support/fixtures';

/**
 * Fix safety over every document we have: each fix the service offers (preferred or not) is
 * applied on its own and the result is checked against the properties users rely on when
 * they apply a fix to a production guest's definition.
 */

const SCHEMA = path.join(sharedDir, 'schemas', 'libvirt', '10.7.0', 'domain.rng');

interface Source {
  /** Shown in failures: a path relative to the repository or to ../shared. */
  label: string;
  text: string;
  settings: LintSettings[];
}

interface Checked {
  label: string;
  ruleId: string;
  title: string;
  original: string;
  result: string;
}

interface Violation {
  property: string;
  label: string;
  ruleId: string;
  title: string;
  detail: string;
}

function xmlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...xmlFiles(p));
    else if (e.name.endsWith('.xml')) out.push(p);
  }
  return out.sort();
}

/** Every profile the extension offers (package.json is generated from the registry and checked). */
function allProfiles(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return pkg.contributes?.configuration?.properties?.['libvirt.profiles']?.items?.enum ?? [];
}

function sources(): Source[] {
  const profiles = allProfiles();
  const variants: LintSettings[] = [{}];
  if (profiles.length) variants.push({ profiles });
  const out: Source[] = [];
  for (const sub of ['libvirt', 'libvirt-out']) {
    const dir = path.join(sharedDir, 'corpus', sub);
    for (const f of xmlFiles(dir)) out.push({ label: `shared/corpus/${sub}/${path.basename(f)}`, text: fs.readFileSync(f, 'utf8'), settings: variants });
  }
  const local = [...xmlFiles(path.join(repoRoot, 'examples')), ...xmlFiles(fixturesDir)];
  for (const f of local) {
    const label = path.relative(repoRoot, f);
    const settingsFile = path.join(path.dirname(f), 'settings.json');
    const own: LintSettings[] = fs.existsSync(settingsFile) ? [JSON.parse(fs.readFileSync(settingsFile, 'utf8'))] : [];
    const text = fs.readFileSync(f, 'utf8');
    out.push({ label, text, settings: [...variants, ...own] });
    // Edits must keep a CRLF document CRLF (inserted elements take the document's line end).
    if (!text.includes('\r')) out.push({ label: `${label} (CRLF)`, text: text.replace(/\n/g, '\r\n'), settings: [...variants, ...own] });
  }
  return out;
}

/** Applies edits independently of the service: they must lie in the text and not overlap. */
function splice(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (!(0 <= e.start && e.start <= e.end && e.end <= text.length)) throw new Error(`edit ${e.start}-${e.end} outside the document (length ${text.length})`);
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Where an offset of the old text is in the new text; inside or at an edit, `bias` picks its side. */
function mapOffset(pos: number, edits: OffsetEdit[], bias: 'left' | 'right'): number {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const growth = e.newText.length - (e.end - e.start);
    if (e.end < pos || (e.end === pos && (e.start < e.end || bias === 'right'))) delta += growth;
    else if (e.start < pos && pos < e.end) return bias === 'left' ? e.start + delta : e.start + delta + e.newText.length;
    else break;
  }
  return pos + delta;
}

function mapSpan(span: Span, edits: OffsetEdit[]): Span {
  return { start: mapOffset(span.start, edits, 'left'), end: mapOffset(span.end, edits, 'right') };
}

/** Whether two spans share a character; an empty span (a deleted region) must lie inside the other. */
function touches(a: Span, b: Span): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return b.start < a.start && a.start < b.end;
  if (b.start === b.end) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** The text outside the edits, segment by segment, must be in the result unchanged and in order. */
function outsideUnchanged(original: string, result: string, edits: OffsetEdit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let pos = 0;
  let at = 0;
  for (const e of [...sorted, { start: original.length, end: original.length, newText: '' }]) {
    const segment = original.slice(pos, e.start);
    if (result.slice(at, at + segment.length) !== segment) return `text ${pos}-${e.start} outside the edits changed`;
    at += segment.length + e.newText.length;
    pos = e.end;
  }
  if (at !== result.length) return `result has ${result.length - at} characters more than the edits explain`;
  return undefined;
}

/**
 * Span edits touch one attribute value, one attribute or one element; an edit that rewrites a
 * region and keeps much of it unchanged is re-serializing the user's text.
 */
const MAX_KEPT_INSIDE_EDIT = 80;

/** Characters an edit replaces by themselves: common prefix plus common suffix of old and new. */
function unchangedInside(oldText: string, newText: string): number {
  let p = 0;
  while (p < oldText.length && p < newText.length && oldText[p] === newText[p]) p++;
  let q = 0;
  while (q < oldText.length - p && q < newText.length - p && oldText[oldText.length - 1 - q] === newText[newText.length - 1 - q]) q++;
  return p + q;
}

/**
 * Error diagnostics of the result that the original did not have. An error counts as the same
 * when an original error of the same rule has its message or (moved through the edits) its
 * span: a rename changes the names messages quote.
 */
function newErrors(before: LintDiagnostic[], after: LintDiagnostic[], edits: OffsetEdit[]): LintDiagnostic[] {
  const old = before.filter((d) => d.severity === 'error').map((d) => ({ d, span: mapSpan(d.span, edits), used: false }));
  const out: LintDiagnostic[] = [];
  for (const d of after.filter((x) => x.severity === 'error')) {
    const same =
      old.find((o) => !o.used && o.d.ruleId === d.ruleId && o.d.message === d.message) ??
      old.find((o) => !o.used && o.d.ruleId === d.ruleId && touches(o.span, d.span));
    if (same) same.used = true;
    else out.push(d);
  }
  return out;
}

function hasBareLf(s: string): boolean {
  return /(^|[^\r])\n/.test(s);
}

function findXmllint(): string {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (r.error) assert.fail('xmllint is missing: install the Debian package libxml2-utils (apt-get install libxml2-utils); the fix-safety test checks schema validity with it');
  return 'xmllint';
}

/** Schema verdicts: true/false, or absent when xmllint took too long on the file. */
type Verdicts = Map<string, boolean>;

/**
 * Schema verdicts from few xmllint runs over many files. libxml2's RELAX NG validator can take
 * minutes on some documents (a <disk> with many optional attributes in libvirt's interleaves).
 * xmllint judges files in order and prints each verdict at once, so when a run exceeds its
 * time budget the first file without a verdict is the slow one: it is set aside, without a
 * verdict, and the run goes on after it.
 */
function xmllintVerdicts(files: string[], errors: Map<string, string[]>, slow: string[]): Verdicts {
  const verdicts: Verdicts = new Map();
  const run = (chunk: string[]): void => {
    // Normally 1-2 ms per file; the budget leaves room for a loaded machine.
    const r = spawnSync('xmllint', ['--noout', '--relaxng', SCHEMA, ...chunk], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 3_000 + 10 * chunk.length, killSignal: 'SIGKILL' });
    if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
    const mine = new Map<string, boolean>();
    for (const line of (r.stderr ?? '').split('\n')) {
      let m = /^(.*) validates$/.exec(line);
      if (m) {
        mine.set(m[1], true);
        continue;
      }
      m = /^(.*) fails to validate$/.exec(line);
      if (m) {
        mine.set(m[1], false);
        continue;
      }
      const file = chunk.find((f) => line.startsWith(f + ':'));
      if (file) errors.set(file, [...(errors.get(file) ?? []), line]);
    }
    if (r.error || r.signal) {
      const stuck = chunk.findIndex((f) => !mine.has(f));
      for (const f of chunk.slice(0, stuck)) verdicts.set(f, mine.get(f)!);
      slow.push(chunk[stuck]);
      if (stuck + 1 < chunk.length) run(chunk.slice(stuck + 1));
      return;
    }
    // A file that does not parse gets no verdict line: it is not valid.
    for (const f of chunk) verdicts.set(f, mine.get(f) ?? false);
  };
  const CHUNK = 300;
  for (let i = 0; i < files.length; i += CHUNK) run(files.slice(i, i + CHUNK));
  return verdicts;
}

interface Outcome {
  fixes: number;
  documents: number;
  documentsWithFixes: number;
  byRule: Map<string, number>;
  /** Well-formed results, for the schema check. */
  checked: Checked[];
  violations: Violation[];
}

/** Applies every fix the service offers on every source, one at a time, and checks each result. */
function checkFixes(all: Source[], rules?: LanguageServiceOptions['rules']): Outcome {
  const violations: Violation[] = [];
  let current = { label: '', ruleId: '', title: '' };
  const service = new LanguageService({
    rules,
    onRuleError: ({ ruleId, error }) => violations.push({ property: 'rule threw', label: current.label, ruleId, title: current.title, detail: String(error) }),
  });
  const out: Outcome = { fixes: 0, documents: 0, documentsWithFixes: 0, byRule: new Map(), checked: [], violations };
  const seen = new Set<string>();

  for (const src of all) {
    out.documents++;
    let hadFix = false;
    for (const settings of src.settings) {
      current = { label: src.label, ruleId: '', title: '' };
      const doc = service.parse(src.text, settings);
      if (!service.isLibvirtDocument(doc)) continue;
      const before = service.validate(doc, settings);
      for (const { diagnostic, fix } of service.allFixes(doc, settings)) {
        const key = `${src.label}\0${diagnostic.ruleId}\0${fix.title}\0${JSON.stringify(fix.edits)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hadFix = true;
        out.fixes++;
        out.byRule.set(diagnostic.ruleId, (out.byRule.get(diagnostic.ruleId) ?? 0) + 1);
        current = { label: src.label, ruleId: diagnostic.ruleId, title: fix.title };
        const fail = (property: string, detail: string) => violations.push({ property, label: src.label, ruleId: diagnostic.ruleId, title: fix.title, detail });

        if (fix.edits.length === 0) {
          fail('has edits', 'the fix has no edits');
          continue;
        }
        let result: string;
        try {
          result = splice(src.text, fix.edits);
        } catch (e) {
          fail('edits apply', String(e));
          continue;
        }
        if (applyEdits(src.text, fix.edits) !== result) fail('edits apply', "the service's applyEdits gives another text");
        if (result === src.text) fail('changes something', 'the fix leaves the text as it is');
        const outside = outsideUnchanged(src.text, result, fix.edits);
        if (outside) fail('only the edited spans change', outside);
        for (const e of fix.edits) {
          const kept = unchangedInside(src.text.slice(e.start, e.end), e.newText);
          if (kept > MAX_KEPT_INSIDE_EDIT) fail('edits are minimal', `an edit of ${e.start}-${e.end} rewrites ${kept} characters that stay the same`);
        }
        if (!hasBareLf(src.text) && src.text.includes('\r\n') && hasBareLf(result)) fail('line ends kept', 'a bare LF was inserted into a CRLF document');

        const after = service.parse(result, settings);
        if (after.xml?.syntaxError) {
          fail('well-formed', after.xml.syntaxError.message);
          continue;
        }
        const afterDiagnostics = service.validate(after, settings);

        const mapped = mapSpan(diagnostic.span, fix.edits);
        if (fix.safe) {
          const still = afterDiagnostics.find((d) => d.ruleId === diagnostic.ruleId && touches(d.span, mapped));
          if (still) fail('a safe fix removes its diagnostic', `still reported: ${still.message}`);
        }

        for (const d of newErrors(before, afterDiagnostics, fix.edits)) fail('no new error', `${d.ruleId}: ${d.message}`);

        for (const again of service.allFixes(after, settings)) {
          if (again.diagnostic.ruleId !== diagnostic.ruleId || again.fix.title !== fix.title || !touches(again.diagnostic.span, mapped)) continue;
          let twice: string;
          try {
            twice = splice(result, again.fix.edits);
          } catch (e) {
            fail('idempotent', `the fix offered again does not apply: ${String(e)}`);
            continue;
          }
          if (twice !== result) fail('idempotent', 'applying the fix again changes the text again');
        }
        out.checked.push({ label: src.label, ruleId: diagnostic.ruleId, title: fix.title, original: src.text, result });
      }
    }
    if (hadFix) out.documentsWithFixes++;
  }
  return out;
}

/**
 * Fix-all (on save, `--fix`, the fixAll command) applies every safe fix, pass after pass: the
 * result must be well-formed, stable (fix-all again changes nothing), keep CRLF documents
 * CRLF, and have no rule report more errors than before.
 */
function checkFixAll(all: Source[], rules?: LanguageServiceOptions['rules']): { changed: number; checked: Checked[]; violations: Violation[] } {
  const violations: Violation[] = [];
  const service = new LanguageService({ rules, onRuleError: ({ ruleId, error }) => violations.push({ property: 'rule threw', label: '(fix all)', ruleId, title: 'fix all', detail: String(error) }) });
  const checked: Checked[] = [];
  const seen = new Set<string>();
  for (const src of all) {
    for (const settings of src.settings) {
      const { text: result } = service.fixAll(src.text, settings);
      if (result === src.text || seen.has(`${src.label}\0${result}`)) continue;
      seen.add(`${src.label}\0${result}`);
      const fail = (property: string, detail: string) => violations.push({ property, label: src.label, ruleId: '(fix all)', title: `fix all ${JSON.stringify(settings)}`, detail });
      const after = service.parse(result, settings);
      if (after.xml?.syntaxError) {
        fail('well-formed', after.xml.syntaxError.message);
        continue;
      }
      if (service.fixAll(result, settings).text !== result) fail('idempotent', 'fix-all again changes the text');
      if (!hasBareLf(src.text) && src.text.includes('\r\n') && hasBareLf(result)) fail('line ends kept', 'a bare LF was inserted into a CRLF document');
      const errors = (ds: LintDiagnostic[]) => {
        const m = new Map<string, number>();
        for (const d of ds) if (d.severity === 'error') m.set(d.ruleId, (m.get(d.ruleId) ?? 0) + 1);
        return m;
      };
      const before = errors(service.validate(service.parse(src.text, settings), settings));
      for (const [ruleId, n] of errors(service.validate(after, settings))) {
        if (n > (before.get(ruleId) ?? 0)) fail('no new error', `${ruleId}: ${before.get(ruleId) ?? 0} errors before, ${n} after`);
      }
      checked.push({ label: src.label, ruleId: '(fix all)', title: `fix all ${JSON.stringify(settings)}`, original: src.text, result });
    }
  }
  return { changed: checked.length, checked, violations };
}

/** Schema verdicts of original documents by text (undefined: xmllint was too slow), shared by the tests. */
const originalVerdicts = new Map<string, boolean | undefined>();

/**
 * A document libvirt's schema accepts must still be accepted after any fix. Originals are
 * validated first; only the results of valid ones are. Returns how many results were checked
 * and which documents xmllint could not judge in time; failures go to `violations`.
 */
function checkSchema(all: Checked[], violations: Violation[]): { schemaChecked: number; slow: string[] } {
  // xmllint reads CRLF as LF: the LF twin of each CRLF variant is checked.
  const checked = all.filter((c) => !c.label.endsWith(' (CRLF)'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-fixsafety-'));
  let schemaChecked = 0;
  const slowLabels: string[] = [];
  try {
    const originals = new Map<string, { file: string; label: string }>();
    checked.forEach((c) => {
      if (originals.has(c.original) || originalVerdicts.has(c.original)) return;
      const file = path.join(tmp, `o${originals.size}.xml`);
      fs.writeFileSync(file, c.original);
      originals.set(c.original, { file, label: c.label });
    });
    const errors = new Map<string, string[]>();
    const slow: string[] = [];
    const unknown = [...originals].filter(([text]) => !originalVerdicts.has(text));
    const judged = xmllintVerdicts(unknown.map(([, o]) => o.file), errors, slow);
    for (const [text, o] of unknown) originalVerdicts.set(text, judged.get(o.file));
    const results: { file: string; c: Checked }[] = [];
    checked.forEach((c, i) => {
      if (!originalVerdicts.get(c.original)) return;
      const file = path.join(tmp, `r${i}.xml`);
      fs.writeFileSync(file, c.result);
      results.push({ file, c });
    });
    const valid = xmllintVerdicts(results.map((r) => r.file), errors, slow);
    for (const { file, c } of results) {
      const verdict = valid.get(file);
      if (verdict === undefined) continue;
      schemaChecked++;
      if (!verdict) {
        const detail = (errors.get(file) ?? []).slice(0, 3).join(' | ').replaceAll(tmp + path.sep, '');
        violations.push({ property: 'schema-valid stays valid', label: c.label, ruleId: c.ruleId, title: c.title, detail });
      }
    }
    const labelOf = new Map([...originals.values()].map((o) => [o.file, o.label]));
    for (const r of results) labelOf.set(r.file, `${r.c.label} after "${r.c.title}"`);
    for (const f of slow) slowLabels.push(labelOf.get(f) ?? f);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { schemaChecked, slow: slowLabels };
}

/** One line per property, rule and fix: how often, and the first document and detail. */
function report(violations: Violation[]): string {
  const groups = new Map<string, { n: number; first: Violation }>();
  for (const v of violations) {
    const k = `${v.property}\0${v.ruleId}\0${v.title}`;
    const g = groups.get(k);
    if (g) g.n++;
    else groups.set(k, { n: 1, first: v });
  }
  return [...groups.values()].map(({ n, first: v }) => `- ${v.property}: ${v.ruleId} "${v.title}" ×${n}, e.g. ${v.label}: ${v.detail}`).join('\n');
}

describe('fix safety', () => {
  it('every offered fix on the corpus, examples and fixtures: well-formed, span-only, idempotent, fixes its diagnostic, no new error, schema-valid stays valid', { timeout: 600_000 }, () => {
    findXmllint();
    assert.ok(fs.existsSync(SCHEMA), `libvirt 10.7.0 schema missing: ${SCHEMA}`);
    const all = sources();
    assert.ok(all.length > 2000, `expected the shared corpus next to the repository, found ${all.length} documents`);
    const out = checkFixes(all);
    const { schemaChecked, slow } = checkSchema(out.checked, out.violations);
    const rules = [...out.byRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ');
    console.log(`fix safety: ${out.fixes} fixes checked on ${out.documents} documents (${out.documentsWithFixes} with fixes); ${schemaChecked} results of schema-valid originals validated with xmllint; by rule: ${rules}`);
    if (slow.length) console.log(`fix safety: xmllint gave no verdict in time on ${slow.length} documents (not schema-checked): ${slow.slice(0, 5).join(', ')}`);
    assert.equal(out.violations.length, 0, `${out.violations.length} fix-safety violations:\n${report(out.violations)}`);
    assert.ok(out.fixes > 0, 'no fix was checked');
    assert.ok(schemaChecked > 0, 'no result was checked against the schema');
  });

  it('fix-all on the corpus, examples and fixtures: well-formed, stable, no new error, schema-valid stays valid', { timeout: 600_000 }, () => {
    findXmllint();
    const out = checkFixAll(sources());
    const { schemaChecked, slow } = checkSchema(out.checked, out.violations);
    console.log(`fix safety: fix-all changed ${out.changed} documents; ${schemaChecked} results of schema-valid originals validated with xmllint`);
    if (slow.length) console.log(`fix safety: xmllint gave no verdict in time on ${slow.length} documents (not schema-checked): ${slow.slice(0, 5).join(', ')}`);
    assert.equal(out.violations.length, 0, `${out.violations.length} fix-all violations:\n${report(out.violations)}`);
    assert.ok(out.changed > 0, 'fix-all changed no document');
  });

  it('catches fixes that break each property (the checks can fail)', () => {
    findXmllint();
    // A domain valid against the schema, with one disk for the broken rules to "fix".
    const text = [
      "<domain type='kvm'>",
      '  <name>probe</name>',
      '  <memory>1024</memory>',
      "  <os><type arch='x86_64'>hvm</type></os>",
      '  <devices>',
      "    <disk type='file' device='disk'>",
      "      <driver name='qemu' type='raw'/>",
      "      <source file='/var/lib/libvirt/images/probe.img'/>",
      "      <target dev='vda' bus='virtio'/>",
      '    </disk>',
      '  </devices>',
      '</domain>',
      '',
    ].join('\n');
    const rule = (id: string, fix: (d: Disk, ctx: RuleContext<DomainModel>) => FixProposal): Rule<DomainModel> => ({
      id,
      title: id,
      defaultSeverity: 'warning',
      docs: id,
      subjects: [],
      check: (ctx) => ctx.model.disks.filter((d) => d.driver && !d.driverAttr('copy_on_read')).map((d) => ({ ruleId: id, span: d.driver!.nameSpan, message: id })),
      fix: (finding, ctx) => [fix(ctx.model.diskAt(finding.span)!, ctx)],
    });
    const bad: Rule<DomainModel>[] = [
      rule('breaks-well-formedness', (d) => ({ title: 'broken', edits: [{ start: d.driver!.nameSpan.end, end: d.driver!.nameSpan.end, newText: ' <' }], safe: false })),
      rule('no-change', () => ({ title: 'nothing', edits: [{ start: 0, end: 0, newText: '' }], safe: false })),
      // Re-serializes the whole document to change one attribute.
      rule('rewrites-document', (d, ctx) => {
        const edit = setDriverAttr(d, 'cache', 'none', ctx.text);
        return { title: 'rewrite', edits: [{ start: 0, end: ctx.text.length, newText: splice(ctx.text, [edit]) }], safe: false };
      }),
      rule('not-idempotent', (d) => ({ title: 'add a comment', edits: [{ start: d.el.startTagSpan.end, end: d.el.startTagSpan.end, newText: '<!-- x -->' }], safe: false })),
      rule('safe-but-keeps-diagnostic', (d) => ({ title: 'touch', edits: [{ start: d.driver!.nameSpan.end, end: d.driver!.nameSpan.end, newText: ' ' }], safe: true })),
      rule('adds-error', (d, ctx) => ({ title: "io='native'", edits: [setDriverAttr(d, 'io', 'native', ctx.text)], safe: false })),
      rule('schema-invalid', (d, ctx) => ({ title: "copy_on_read='maybe'", edits: [setDriverAttr(d, 'copy_on_read', 'maybe', ctx.text)], safe: false })),
      rule('overlapping', (d) => ({ title: 'overlap', edits: [{ start: d.el.start, end: d.el.start + 3, newText: '' }, { start: d.el.start + 1, end: d.el.start + 2, newText: '' }], safe: false })),
      ioNativeRequiresDirectCache,
    ];
    const out = checkFixes([{ label: 'probe.xml', text, settings: [{}] }], bad);
    checkSchema(out.checked, out.violations);
    const found = new Set(out.violations.map((v) => `${v.ruleId}: ${v.property}`));
    for (const expected of [
      'breaks-well-formedness: well-formed',
      'no-change: changes something',
      'rewrites-document: edits are minimal',
      'not-idempotent: idempotent',
      'safe-but-keeps-diagnostic: a safe fix removes its diagnostic',
      'adds-error: no new error',
      'schema-invalid: schema-valid stays valid',
      'overlapping: edits apply',
    ]) {
      assert.ok(found.has(expected), `not caught: ${expected}; caught: ${[...found].join(', ')}`);
    }
    // Fix-all applies safe fixes only; these two are made safe to reach it.
    const safe = (r: Rule<DomainModel>): Rule<DomainModel> => ({ ...r, fix: (f, ctx) => r.fix!(f, ctx).map((x) => ({ ...x, safe: true })) });
    const properties = (rules: Rule<DomainModel>[]) => checkFixAll([{ label: 'probe.xml', text, settings: [{}] }], rules).violations.map((v) => v.property);
    const byId = (id: string) => safe(bad.find((r) => r.id === id)!);
    assert.deepEqual(properties([byId('breaks-well-formedness')]), ['well-formed']);
    assert.ok(properties([byId('not-idempotent')]).includes('idempotent'));
    const COMMENT = '<!-- x -->';
    const addsComment: Rule<DomainModel> = {
      ...rule('adds-comment', (d) => ({ title: 'comment', edits: [{ start: d.el.startTagSpan.end, end: d.el.startTagSpan.end, newText: COMMENT }], safe: true })),
      check: (ctx) => (ctx.text.includes(COMMENT) ? [] : [{ ruleId: 'adds-comment', span: ctx.model.disks[0].el.nameSpan, message: 'm' }]),
    };
    const commentIsError: Rule<DomainModel> = { id: 'comment-is-error', title: 'e', defaultSeverity: 'error', docs: 'e', subjects: [], check: (ctx) => (ctx.text.includes(COMMENT) ? [{ ruleId: 'comment-is-error', span: ctx.model.disks[0].el.nameSpan, message: 'e' }] : []) };
    assert.deepEqual(properties([addsComment, commentIsError]), ['no new error']);
    assert.deepEqual(properties([ioNativeRequiresDirectCache]), [], 'a document without findings has nothing to fix');
  });
});

describe('fix-safety helpers', () => {
  it('mapOffset maps around insertions and replacements', () => {
    const edits: OffsetEdit[] = [{ start: 2, end: 2, newText: 'xx' }, { start: 5, end: 7, newText: 'y' }];
    assert.equal(mapOffset(1, edits, 'left'), 1);
    assert.equal(mapOffset(2, edits, 'left'), 2);
    assert.equal(mapOffset(2, edits, 'right'), 4);
    assert.equal(mapOffset(6, edits, 'left'), 7);
    assert.equal(mapOffset(6, edits, 'right'), 8);
    assert.equal(mapOffset(9, edits, 'left'), 10);
  });

  it('outsideUnchanged notices a change outside the edits', () => {
    const edits: OffsetEdit[] = [{ start: 3, end: 4, newText: 'Z' }];
    assert.equal(outsideUnchanged('abcdef', 'abcZef', edits), undefined);
    assert.match(outsideUnchanged('abcdef', 'abXZef', edits) ?? '', /outside the edits changed/);
    assert.match(outsideUnchanged('abcdef', 'abcZefg', edits) ?? '', /more than the edits explain/);
  });

  it('splice refuses overlapping edits', () => {
    assert.throws(() => splice('abcdef', [{ start: 1, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), /overlapping/);
    assert.equal(splice('abcdef', [{ start: 4, end: 6, newText: '!' }, { start: 0, end: 1, newText: '' }]), 'bcd!');
  });
});

