import type { Span } from '../types';

/**
 * A tolerant, linear scanner of XML markup. xmldom reports only the start position of an
 * element (its `<`) and of an attribute value (its opening quote), and normalizes values,
 * so every span used for diagnostics and edits comes from this scan of the source text.
 * It never throws and works on documents that are not well-formed (for completion).
 */
export interface RawAttr {
  name: string;
  nameSpan: Span;
  /** Value span inside the quotes (empty at the name end when the attribute has no value). */
  valueSpan: Span;
  /** `'`, `"`, or '' for an unquoted or missing value. */
  quote: string;
  /** False when the closing quote is missing. */
  closed: boolean;
  /** From the name to the closing quote. */
  span: Span;
}

export interface RawTag {
  name: string;
  /** Offset of `<`. */
  start: number;
  nameSpan: Span;
  attrs: RawAttr[];
  /** Offset just after the start tag's `>` (or where the scanner gave up on it). */
  startTagEnd: number;
  /** True when the tag ends with `/>`. */
  selfClosing: boolean;
  /** False when the start tag has no `>`. */
  closed: boolean;
  /** Span of the matching end tag, when found. */
  endTag?: Span;
  /** Index of the enclosing tag in the tag list, -1 for top level. */
  parent: number;
}

const enum Ch {
  Lt = 60,
  Gt = 62,
  Slash = 47,
  Eq = 61,
  Quote = 34,
  Apos = 39,
  Bang = 33,
  Question = 63,
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameChar(c: number): boolean {
  // Anything that is not white space or markup punctuation: tolerant on purpose.
  return !(isSpace(c) || c === Ch.Lt || c === Ch.Gt || c === Ch.Slash || c === Ch.Eq || c === Ch.Quote || c === Ch.Apos || Number.isNaN(c));
}

/** Skips a `<!DOCTYPE …>` declaration including an internal subset in brackets. */
function skipDoctype(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 91) depth++;
    else if (c === 93) depth--;
    else if ((c === Ch.Quote || c === Ch.Apos)) {
      const close = text.indexOf(text[j], j + 1);
      if (close < 0) return text.length;
      j = close;
    } else if (c === Ch.Gt && depth <= 0) return j + 1;
  }
  return text.length;
}

function skipTo(text: string, from: number, terminator: string): number {
  const k = text.indexOf(terminator, from);
  return k < 0 ? text.length : k + terminator.length;
}

/** Scans the start tag whose `<` is at `start`. */
export function scanStartTag(text: string, start: number, parent = -1): RawTag {
  const n = text.length;
  let i = start + 1;
  while (i < n && isNameChar(text.charCodeAt(i))) i++;
  const tag: RawTag = {
    name: text.slice(start + 1, i),
    start,
    nameSpan: { start: start + 1, end: i },
    attrs: [],
    startTagEnd: i,
    selfClosing: false,
    closed: false,
    parent,
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === Ch.Gt) {
      tag.closed = true;
      tag.startTagEnd = i + 1;
      return tag;
    }
    if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Gt) {
      tag.closed = true;
      tag.selfClosing = true;
      tag.startTagEnd = i + 2;
      return tag;
    }
    if (c === Ch.Lt) break; // an unclosed tag: the next markup starts here
    if (!isNameChar(c)) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    const nameSpan = { start: nameStart, end: i };
    let j = i;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    let attr: RawAttr;
    if (text.charCodeAt(j) === Ch.Eq) {
      j++;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if (q === Ch.Quote || q === Ch.Apos) {
        const close = text.indexOf(text[j], j + 1);
        // An unterminated value runs to the next `<` or line end, whichever is first,
        // so that a half-typed attribute does not swallow the rest of the document.
        let end = close;
        let closed = close >= 0;
        const lt = text.indexOf('<', j + 1);
        if (closed && lt >= 0 && lt < close) {
          const nl = text.slice(j + 1, close).search(/[\r\n]/);
          if (nl >= 0) closed = false;
        }
        if (!closed) {
          const rest = text.slice(j + 1);
          const stop = rest.search(/[<>\r\n]/);
          end = stop < 0 ? n : j + 1 + stop;
        }
        attr = {
          name: text.slice(nameStart, nameSpan.end),
          nameSpan,
          valueSpan: { start: j + 1, end },
          quote: text[j],
          closed,
          span: { start: nameStart, end: closed ? end + 1 : end },
        };
        i = closed ? end + 1 : end;
      } else {
        let k = j;
        while (k < n && !isSpace(text.charCodeAt(k)) && text.charCodeAt(k) !== Ch.Gt && text.charCodeAt(k) !== Ch.Lt) k++;
        attr = { name: text.slice(nameStart, nameSpan.end), nameSpan, valueSpan: { start: j, end: k }, quote: '', closed: true, span: { start: nameStart, end: k } };
        i = k;
      }
    } else {
      attr = { name: text.slice(nameStart, nameSpan.end), nameSpan, valueSpan: { start: nameSpan.end, end: nameSpan.end }, quote: '', closed: false, span: nameSpan };
      i = nameSpan.end;
    }
    tag.attrs.push(attr);
  }
  tag.startTagEnd = i;
  return tag;
}

export interface ScanResult {
  /** Start tags in document order. */
  tags: RawTag[];
  /** Comments in document order (for suppression comments and folding). */
  comments: Span[];
  /** Index of the first tag nested deeper than MAX_DEPTH, or -1. */
  tooDeep: number;
}

/** libxml2's default nesting limit: libvirt's parser rejects deeper documents. */
export const MAX_DEPTH = 256;

/** Scans the whole text once, iteratively (no recursion: deep nesting cannot overflow). */
export function scanDocument(text: string): ScanResult {
  const tags: RawTag[] = [];
  const comments: Span[] = [];
  const stack: number[] = [];
  let tooDeep = -1;
  const n = text.length;
  let i = text.indexOf('<');
  while (i >= 0 && i < n) {
    const next = text.charCodeAt(i + 1);
    if (next === Ch.Bang) {
      if (text.startsWith('<!--', i)) {
        const end = skipTo(text, i + 4, '-->');
        comments.push({ start: i, end });
        i = end;
      } else if (text.startsWith('<![CDATA[', i)) {
        i = skipTo(text, i + 9, ']]>');
      } else {
        i = skipDoctype(text, i + 2);
      }
    } else if (next === Ch.Question) {
      i = skipTo(text, i + 2, '?>');
    } else if (next === Ch.Slash) {
      let j = i + 2;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      const name = text.slice(i + 2, j);
      const gt = text.indexOf('>', j);
      const lt = text.indexOf('<', j);
      const end = gt < 0 || (lt >= 0 && lt < gt) ? j : gt + 1;
      // Close the innermost open tag of that name; tags left open inside it stay unclosed.
      for (let s = stack.length - 1; s >= 0; s--) {
        if (tags[stack[s]].name === name) {
          tags[stack[s]].endTag = { start: i, end };
          stack.length = s;
          break;
        }
      }
      i = end;
    } else if (isNameChar(next)) {
      const tag = scanStartTag(text, i, stack.length ? stack[stack.length - 1] : -1);
      tags.push(tag);
      if (tooDeep < 0 && stack.length >= MAX_DEPTH) tooDeep = tags.length - 1;
      if (tag.closed && !tag.selfClosing) stack.push(tags.length - 1);
      i = tag.startTagEnd;
    } else {
      i++;
    }
    i = text.indexOf('<', i);
  }
  return { tags, comments, tooDeep };
}
