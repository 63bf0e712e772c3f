import type { Range } from './format';
import { type Style, plainStyle } from './style';

/** Lines of a finding's range shown at most; the rest is counted. */
const MAX_LINES = 3;
/** Longer lines are cut around the range (one-line domains would print whole otherwise). */
const MAX_WIDTH = 160;
const BEFORE = 40;

/** Control characters (not tab) become U+FFFD: a file must not drive the terminal. Same length. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** Spaces as wide as `s` on a terminal, keeping its tabs so that the marker lines up. */
function blankLike(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) continue; // second half of a surrogate pair
    out += s[i] === '\t' ? '\t' : ' ';
  }
  return out;
}

/** Splits text into lines without their line ends (LF, CRLF or CR). */
function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * The source lines of a range, each with its 1-based number in a gutter and a line of `^`
 * under the part the range covers (one `^` for an empty range), indented so that no frame
 * line looks like a `file:line:col:` finding. An eslint-style code frame.
 */
export function codeFrame(text: string, range: Range, style: Style = plainStyle): string[] {
  const lines = splitLines(text);
  let endLine = range.end.line;
  let endChar = range.end.character;
  // a range that ends at the start of a line does not cover that line
  if (endLine > range.start.line && endChar === 0) {
    endLine--;
    endChar = (lines[endLine] ?? '').length;
  }
  endLine = Math.min(endLine, lines.length - 1);
  const shownEnd = Math.min(endLine, range.start.line + MAX_LINES - 1);
  const gutter = String(shownEnd + 1).length;
  const out: string[] = [];
  for (let n = range.start.line; n <= shownEnd; n++) {
    const line = lines[n] ?? '';
    let from = n === range.start.line ? range.start.character : line.length - line.trimStart().length;
    let to = n === endLine ? endChar : line.length;
    from = Math.min(from, line.length);
    to = Math.max(from, Math.min(to, line.length));
    // cut long lines around the marked part
    let start = 0;
    let end = line.length;
    if (line.length > MAX_WIDTH) {
      start = Math.max(0, from - BEFORE);
      end = Math.min(line.length, start + MAX_WIDTH);
    }
    const shownFrom = Math.min(Math.max(from, start), end);
    const shownTo = Math.min(Math.max(to, shownFrom), end);
    const head = start > 0 ? '…' : '';
    const tail = end < line.length ? '…' : '';
    const visible = printable(line.slice(start, end));
    const number = String(n + 1).padStart(gutter);
    out.push(`  ${style.dim(`${number} |`)} ${head}${visible}${tail}`);
    const marker = '^'.repeat(Math.max(1, [...line.slice(shownFrom, shownTo)].length));
    out.push(`  ${style.dim(`${' '.repeat(gutter)} |`)} ${head ? ' ' : ''}${blankLike(line.slice(start, shownFrom))}${style.marker(marker)}`);
  }
  if (endLine > shownEnd) out.push(`  ${style.dim(`${' '.repeat(gutter)} |`)} … ${endLine - shownEnd} more line${endLine - shownEnd === 1 ? '' : 's'}`);
  return out;
}
