import type { Span } from '../types';

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

