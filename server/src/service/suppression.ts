import { docsUrl } from './docs';
import type { XmlDocument } from './parse/parseXml';
import type { FixProposal, LintDiagnostic, LintSettings, Span } from './types';

export const UNUSED_SUPPRESSION = 'unused-suppression';

/**
 * In-file suppression comments:
 * - `<!-- libvirt-lint-disable-next-line id [id…] -->` silences those rules (all rules when
 *   no id is given) for diagnostics that start on the line of the next element;
 * - `<!-- libvirt-lint-disable [id…] -->` silences them in the whole file.
 * XML comments cannot contain `--`, so there is no ESLint-style `-- reason` part.
 */
export interface Suppression {
  kind: 'next-line' | 'file';
  comment: Span;
  /** Empty means every rule. */
  ids: { id: string; span: Span }[];
  /** For next-line: the 0-based line of the next element; -1 when none follows. */
  line: number;
  used: Set<string>;
}

const DIRECTIVE = /^<!--\s*libvirt-lint-(disable-next-line|disable)(?=\s|-->)/;

export function parseSuppressions(xml: XmlDocument): Suppression[] {
  const out: Suppression[] = [];
  const text = xml.text;
  let next = 0;
  for (const c of xml.scan.comments) {
    const m = DIRECTIVE.exec(text.slice(c.start, Math.min(c.end, c.start + 64)));
    if (!m) continue;
    const bodyStart = c.start + m[0].length;
    const bodyEnd = text.slice(c.end - 3, c.end) === '-->' ? c.end - 3 : c.end;
    const ids: Suppression['ids'] = [];
    const re = /[^\s,]+/g;
    const body = text.slice(bodyStart, bodyEnd);
    for (let t = re.exec(body); t; t = re.exec(body)) ids.push({ id: t[0], span: { start: bodyStart + t.index, end: bodyStart + t.index + t[0].length } });
    let line = -1;
    if (m[1] === 'disable-next-line') {
      while (next < xml.elements.length && xml.elements[next].start < c.end) next++;
      if (next < xml.elements.length) line = xml.lines.positionAt(xml.elements[next].start).line;
    }
    out.push({ kind: m[1] === 'disable' ? 'file' : 'next-line', comment: c, ids, line, used: new Set() });
  }
  return out;
}

function matches(s: Suppression, ruleId: string): boolean {
  return s.ids.length === 0 || s.ids.some((i) => i.id === ruleId);
}

/**
 * Drops suppressed items and reports suppressions that silenced nothing. Ids that are not
 * rules, and ids of rules that are on but found nothing, are reported; rules turned off in
 * the settings are not (the comment is still right when the rule is turned back on).
 */
export function applySuppressions<T>(
  xml: XmlDocument,
  items: T[],
  diagOf: (item: T) => { ruleId: string; span: Span },
  knownIds: ReadonlySet<string>,
  settings: LintSettings,
  /** Ids whose diagnostics come from elsewhere (schema, in a worker): valid, never called unused here. */
  externalIds: ReadonlySet<string> = new Set(),
): { kept: T[]; unused: LintDiagnostic[] } {
  const sups = parseSuppressions(xml);
  if (!sups.length) return { kept: items, unused: [] };
  const kept: T[] = [];
  for (const item of items) {
    const d = diagOf(item);
    let line = -1;
    let suppressed = false;
    for (const s of sups) {
      if (!matches(s, d.ruleId)) continue;
      if (s.kind === 'next-line') {
        if (line < 0) line = xml.lines.positionAt(d.span.start).line;
        if (s.line !== line) continue;
      }
      s.used.add(d.ruleId);
      suppressed = true;
    }
    if (!suppressed) kept.push(item);
  }
  const unused: LintDiagnostic[] = [];
  const level = settings.rules?.[UNUSED_SUPPRESSION];
  if (level === 'off') return { kept, unused };
  const severity = level ?? 'info';
  const directive = (s: Suppression) => (s.kind === 'file' ? 'libvirt-lint-disable' : 'libvirt-lint-disable-next-line');
  for (const s of sups) {
    if (s.ids.length === 0) {
      if (s.used.size === 0) {
        const where = s.kind === 'file' ? 'in this file' : s.line >= 0 ? `on line ${s.line + 1}` : 'after it (no element follows)';
        unused.push({ ruleId: UNUSED_SUPPRESSION, severity, span: s.comment, message: `The <!-- ${directive(s)} --> comment suppresses nothing: no libvirt diagnostic starts ${where}.`, docsUrl: docsUrl(UNUSED_SUPPRESSION) });
      }
      continue;
    }
    for (const { id, span } of s.ids) {
      if (s.used.has(id) || externalIds.has(id)) continue;
      if (!knownIds.has(id)) {
        unused.push({ ruleId: UNUSED_SUPPRESSION, severity, span, message: `'${id}' in a <!-- ${directive(s)} --> comment is not a libvirt-xml rule id.`, docsUrl: docsUrl(UNUSED_SUPPRESSION) });
        continue;
      }
      if (settings.rules?.[id] === 'off') continue;
      const where = s.kind === 'file' ? 'in this file' : s.line >= 0 ? `on line ${s.line + 1}` : 'after it (no element follows)';
      unused.push({ ruleId: UNUSED_SUPPRESSION, severity, span, message: `The <!-- ${directive(s)} ${id} --> comment is unused: no '${id}' diagnostic starts ${where}.`, docsUrl: docsUrl(UNUSED_SUPPRESSION) });
    }
  }
  return { kept, unused };
}

/** The span of a whole comment, with its line when nothing else stands on it. */
function commentRemoval(text: string, c: Span): Span {
  let start = c.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = c.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const atLineStart = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
  const lineEnd = text.startsWith('\r\n', end) ? end + 2 : text[end] === '\n' || text[end] === '\r' ? end + 1 : -1;
  return atLineStart && lineEnd >= 0 ? { start, end: lineEnd } : c;
}

/**
 * The fix of an unused-suppression diagnostic: drop the unused id from its comment, or the
 * whole comment when nothing else is left in it (an id-less directive would silence every
 * rule, so the last id never goes alone).
 */
export function unusedSuppressionFix(xml: XmlDocument, span: Span): FixProposal | undefined {
  const s = parseSuppressions(xml).find((x) => x.comment.start <= span.start && span.end <= x.comment.end);
  if (!s) return undefined;
  const text = xml.text;
  const idx = s.ids.findIndex((i) => i.span.start === span.start && i.span.end === span.end);
  if (idx < 0 || s.ids.length === 1) {
    const r = commentRemoval(text, s.comment);
    return { title: 'Remove the unused suppression comment', edits: [{ ...r, newText: '' }], safe: true };
  }
  const id = s.ids[idx];
  // Take the separator before the id (or after it, for the first id) with it.
  const prev = idx > 0 ? s.ids[idx - 1].span.end : undefined;
  const range = prev !== undefined ? { start: prev, end: id.span.end } : { start: id.span.start, end: s.ids[1].span.start };
  return { title: `Remove '${id.id}' from the suppression comment`, edits: [{ ...range, newText: '' }], safe: true };
}
