import type { XmlDocument } from './parse/parseXml';
import { parseSuppressions } from './suppression';
import type { OffsetEdit, Span } from './types';

export const DISABLE_NEXT_LINE = 'libvirt-lint-disable-next-line';

/**
 * The edit that silences `ruleId` for the diagnostic at `span` with the existing comment
 * syntax (suppression.ts): a `<!-- libvirt-lint-disable-next-line id -->` comment on its own
 * line above the element that starts on the diagnostic's line, indented like it. When such a
 * comment already stands there, the id is added to it.
 *
 * Undefined when no comment can silence it: no element starts on that line (the diagnostic
 * is on a continuation line of a start tag), or something other than white space comes
 * before that element on its line, or the comment there already names the rule.
 */
export function disableForLineEdit(xml: XmlDocument, span: Span, ruleId: string): OffsetEdit | undefined {
  if (!/^[^\s,<>-][^\s,<>]*$/.test(ruleId) || ruleId.includes('--')) return undefined;
  const text = xml.text;
  const line = xml.lines.positionAt(span.start).line;
  const existing = parseSuppressions(xml).find((s) => s.kind === 'next-line' && s.line === line);
  if (existing) {
    // An id-less comment already silences every rule; one naming the rule already applies.
    if (existing.ids.length === 0 || existing.ids.some((i) => i.id === ruleId)) return undefined;
    const last = existing.ids[existing.ids.length - 1].span.end;
    return { start: last, end: last, newText: ` ${ruleId}` };
  }
  const lineStart = xml.lines.offsetAt(line, 0);
  const element = xml.elements.find((e) => e.start >= lineStart && xml.lines.positionAt(e.start).line === line);
  if (!element) return undefined;
  const before = text.slice(lineStart, element.start);
  if (!/^[ \t]*$/.test(before)) return undefined;
  const eol = lineEnding(text, lineStart);
  return { start: lineStart, end: lineStart, newText: `${before}<!-- ${DISABLE_NEXT_LINE} ${ruleId} -->${eol}` };
}

/** The line ending used by the line at `offset` (or the one before it), `\n` by default. */
function lineEnding(text: string, offset: number): string {
  const next = text.indexOf('\n', offset);
  if (next > 0) return text[next - 1] === '\r' ? '\r\n' : '\n';
  const prev = offset >= 2 ? text.lastIndexOf('\n', offset - 1) : -1;
  return prev > 0 && text[prev - 1] === '\r' ? '\r\n' : '\n';
}
