import { textOfMarkup } from '../parse/decode';
import type { Span } from '../types';

/** One text run between child elements (comments and PIs removed, entities decoded). */
export interface TextRun {
  value: string;
  /** The non-blank part in the source, for error ranges. */
  span: Span;
}

/**
 * Source text between `start` and `end` as the XML data model sees it (the value decoded by
 * the parser's own helper), with the span of its non-blank part for error ranges.
 */
export function textOf(src: string, start: number, end: number): TextRun {
  const value = textOfMarkup(src.slice(start, end));
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
  return { value, span: first < 0 ? { start, end: start } : { start: first, end: last } };
}

export const isBlank = (s: string): boolean => /^[ \t\r\n]*$/.test(s);
