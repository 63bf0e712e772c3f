import { textOfMarkup } from '../parse/decode';
import type { Span } from '../types';

/**
 * Source text between `start` and `end` as the XML data model sees it (comments and PIs
 * removed, entities decoded by the parser's own helper). Markup-free text, nearly all of it,
 * is sliced once and handed on as it is: a domain has a blank run between every two elements.
 */
export function textValue(src: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    // markup, a reference, or a carriage return (line ends are normalized): the full decode
    if (c === 60 /* < */ || c === 38 /* & */ || c === 13) return textOfMarkup(src.slice(start, end));
  }
  return src.slice(start, end);
}

/**
 * The span of the non-blank part of the text between `start` and `end`, for error ranges
 * (worked out only when there is an error to report); empty at `start` when it is all blank.
 */
export function textSpan(src: string, start: number, end: number): Span {
  let first = -1;
  let last = -1;
  let i = start;
  const note = (a: number, b: number, chunk: string): void => {
    const lead = chunk.length - chunk.trimStart().length;
    const trail = chunk.length - chunk.trimEnd().length;
    if (chunk.trim() === '') return;
    if (first < 0) first = a + lead;
    last = b - trail;
  };
  while (i < end) {
    const lt = src.indexOf('<', i);
    const stop = lt < 0 || lt >= end ? end : lt;
    if (stop > i) {
      const chunk = src.slice(i, stop);
      note(i, stop, chunk);
    }
    if (stop >= end) break;
    if (src.startsWith('<!--', stop)) {
      const c = src.indexOf('-->', stop + 4);
      i = c < 0 ? end : c + 3;
    } else if (src.startsWith('<![CDATA[', stop)) {
      const c = src.indexOf(']]>', stop + 9);
      const close = c < 0 ? end : c;
      const chunk = src.slice(stop + 9, close);
      note(stop + 9, close, chunk);
      i = c < 0 ? end : c + 3;
    } else if (src.startsWith('<?', stop)) {
      const c = src.indexOf('?>', stop + 2);
      i = c < 0 ? end : c + 2;
    } else {
      // No tags come between child elements; step over anything else.
      i = stop + 1;
    }
  }
  return first < 0 ? { start, end: start } : { start: first, end: last };
}

/** Whether [start, end) of the source is XML white space only (no markup, no references). */
export function blankIn(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (!(c === 32 || c === 10 || c === 9 || c === 13)) return false;
  }
  return true;
}

export const isBlank = (s: string): boolean => /^[ \t\r\n]*$/.test(s);
