import type { Span } from '../types';
import { decodeAttrValue, isPlainAttrValue } from './decode';
import { XElement } from './xmlTree';

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
  parentIndex: number;
}

/**
 * The scanner's attribute record. Spans are made on request: a generated domain has about
 * 10^5 attributes, and allocating three span objects for each doubled the garbage of a parse.
 */
class ScannedAttr implements RawAttr {
  constructor(
    readonly name: string,
    readonly nameStart: number,
    readonly valueStart: number,
    readonly valueEnd: number,
    readonly quote: string,
    readonly closed: boolean,
    private readonly text: string,
  ) {}

  private decoded: string | undefined = undefined;

  /** The value as libvirt reads it (see decodeAttrValue), decoded on first use. */
  get value(): string {
    if (this.decoded === undefined) {
      const { text, valueStart, valueEnd } = this;
      // A value that reads as written (nearly all) comes from a cache of recent values: a
      // domain repeats 'qemu', 'raw', 'none', 'virtio' thousands of times.
      this.decoded = isPlainAttrValue(text, valueStart, valueEnd) ? recentValues.at(text, valueStart, valueEnd) : decodeAttrValue(text.slice(valueStart, valueEnd));
    }
    return this.decoded;
  }

  /** The name is the text between these offsets, so its end is not stored. */
  get nameEnd(): number {
    return this.nameStart + this.name.length;
  }

  /** After the closing quote, else the value's end. */
  get end(): number {
    return this.quote !== '' && this.closed ? this.valueEnd + 1 : this.valueEnd;
  }

  get nameSpan(): Span {
    return { start: this.nameStart, end: this.nameEnd };
  }

  get valueSpan(): Span {
    return { start: this.valueStart, end: this.valueEnd };
  }

  get span(): Span {
    return { start: this.nameStart, end: this.end };
  }
}

/**
 * Attributes of the tag being scanned. Each tag gets an exact-size copy: an array grown by
 * push reserves room for 17 entries, and a large domain has tens of thousands of tags.
 */
const scratchAttrs: ScannedAttr[] = [];
/** How many of scratchAttrs belong to the tag being scanned (no `length = 0`: it is slow). */
let scratchCount = 0;

function finishTag(tag: XElement): XElement {
  if (scratchCount > 0) {
    tag.attrs = scratchAttrs.slice(0, scratchCount);
    // Drop the references so that a scanned document is not kept alive by the scratch array.
    for (let i = 0; i < scratchCount; i++) scratchAttrs[i] = undefined as unknown as ScannedAttr;
    scratchCount = 0;
  }
  return tag;
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

/**
 * A small cache of recently seen strings of the text, by length and first, middle and last
 * character. A domain repeats a few dozen element and attribute names, and values such as
 * 'qemu', 'raw' or 'virtio', thousands of times; handing out the same string (after checking
 * it against the text) saves an allocation each time.
 */
class RecentStrings {
  private readonly slots: (string | undefined)[] = new Array(1024);

  constructor(
    /** Longer strings are sliced, not cached (mostly one-offs such as paths). */
    private readonly maxLength: number,
    /** Cache internalized copies (names: rules compare them with literals). */
    private readonly intern: boolean,
  ) {}

  at(text: string, from: number, to: number): string {
    const len = to - from;
    if (len === 0 || len > this.maxLength) return text.slice(from, to);
    const key = (((len * 31 + text.charCodeAt(from)) * 31 + text.charCodeAt(from + (len >> 1))) * 31 + text.charCodeAt(to - 1)) & 1023;
    const hit = this.slots[key];
    if (hit !== undefined && hit.length === len && text.startsWith(hit, from)) return hit;
    const fresh = this.intern ? internalize(text.slice(from, to)) : text.slice(from, to);
    this.slots[key] = fresh;
    return fresh;
  }
}

const recentNames = new RecentStrings(40, true);
/** Values are not internalized: most of those that miss are one-offs. */
const recentValues = new RecentStrings(16, false);

function nameAt(text: string, from: number, to: number): string {
  return recentNames.at(text, from, to);
}

/**
 * V8's copy of a string in its string table, where the literals of the code live too: rules
 * look attributes and children up by literal names (`attr('cache')`), and two internalized
 * strings compare by pointer instead of by content. Using a string as a property key
 * internalizes it; Object.keys hands that copy back.
 */
function internalize(s: string): string {
  const o: Record<string, number> = {};
  o[s] = 0;
  return Object.keys(o)[0] ?? s;
}

/** Scans the start tag whose `<` is at `start`. */
export function scanStartTag(text: string, start: number, parent = -1): XElement {
  const n = text.length;
  let i = start + 1;
  while (i < n && isNameChar(text.charCodeAt(i))) i++;
  const tag = new XElement(nameAt(text, start + 1, i), start, parent, text);
  scratchCount = 0;
  // The next `<` after the tag's own: an attribute value may not run past it on another line.
  let lt = -2;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === Ch.Gt) {
      tag.closed = true;
      tag.startTagEnd = i + 1;
      return finishTag(tag);
    }
    if (c === Ch.Slash && text.charCodeAt(i + 1) === Ch.Gt) {
      tag.closed = true;
      tag.selfClosing = true;
      tag.startTagEnd = i + 2;
      return finishTag(tag);
    }
    if (c === Ch.Lt) break; // an unclosed tag: the next markup starts here
    if (!isNameChar(c)) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    const nameEnd = i;
    const name = nameAt(text, nameStart, nameEnd);
    let j = i;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    let attr: ScannedAttr;
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
        if (lt !== -1 && lt <= j) lt = text.indexOf('<', j + 1);
        if (closed && lt >= 0 && lt < close) {
          for (let k = j + 1; k < close; k++) {
            const ch = text.charCodeAt(k);
            if (ch === 10 || ch === 13) {
              closed = false;
              break;
            }
          }
        }
        if (!closed) {
          end = j + 1;
          while (end < n) {
            const ch = text.charCodeAt(end);
            if (ch === Ch.Lt || ch === Ch.Gt || ch === 10 || ch === 13) break;
            end++;
          }
        }
        attr = new ScannedAttr(name, nameStart, j + 1, end, text[j], closed, text);
        i = closed ? end + 1 : end;
      } else {
        let k = j;
        while (k < n && !isSpace(text.charCodeAt(k)) && text.charCodeAt(k) !== Ch.Gt && text.charCodeAt(k) !== Ch.Lt) k++;
        attr = new ScannedAttr(name, nameStart, j, k, '', true, text);
        i = k;
      }
    } else {
      attr = new ScannedAttr(name, nameStart, nameEnd, nameEnd, '', false, text);
      i = nameEnd;
    }
    scratchAttrs[scratchCount++] = attr;
  }
  tag.startTagEnd = i;
  return finishTag(tag);
}

export interface ScanResult {
  /** Start tags in document order. */
  tags: XElement[];
  /** Comments in document order (for suppression comments and folding). */
  comments: Span[];
  /** Index of the first tag nested deeper than MAX_DEPTH, or -1. */
  tooDeep: number;
  /**
   * The first well-formedness problem the scan saw, or null. The scan is stricter than
   * xmldom (it also applies XML rules that libxml2, and so libvirt, enforce), and a fuzz
   * property checks that it never calls well-formed what xmldom rejects.
   */
  problem: { offset: number; message: string } | null;
}

/** libxml2's default nesting limit: libvirt's parser rejects deeper documents. */
export const MAX_DEPTH = 256;

const NAME_CHARS = '-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040A-Za-z_:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\uD800-\\uDFFF';
/** An XML Name (surrogate pairs accepted as astral name characters). */
const XML_NAME = new RegExp(`^(?![-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040])[${NAME_CHARS}]+$`);
/** Characters XML 1.0 does not allow anywhere, and surrogate halves without their pair. */
const INVALID_CHAR_CANDIDATE = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/;
const INVALID_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const REFERENCE = /&(?:#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/y;

/** Offset of the first `&` in [from, to) that does not start a predefined or character reference. */
function badReference(text: string, from: number, to: number): number {
  // Look for `&` within the segment only (an indexOf to the end of a large document per text
  // node would make the scan quadratic), and slice only the rare segment that has one.
  let first = -1;
  for (let k = from; k < to; k++) {
    if (text.charCodeAt(k) === 38) {
      first = k;
      break;
    }
  }
  if (first < 0) return -1;
  const segment = text.slice(from, to);
  let amp = first - from;
  while (amp >= 0) {
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(segment);
    if (!m) return from + amp;
    if (m[0][1] === '#') {
      const code = m[0][2] === 'x' ? parseInt(m[0].slice(3, -1), 16) : parseInt(m[0].slice(2, -1), 10);
      if (!(code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff))) return from + amp;
    }
    amp = segment.indexOf('&', amp + m[0].length);
  }
  return -1;
}

/** Whether [from, to) holds only XML white space. */
export function onlySpace(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}

/** Offset of a character code in [from, to), or -1. */
function charIn(text: string, code: number, from: number, to: number): number {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === code) return k;
  return -1;
}

/**
 * Names already found to be XML Names in this process. A domain repeats a few dozen names
 * thousands of times, and the Unicode class test is the costliest step of the scan. Bounded,
 * so that hostile documents with endless distinct names cannot grow it.
 */
const validNames = new Set<string>();
function isXmlName(name: string): boolean {
  if (validNames.has(name)) return true;
  if (!XML_NAME.test(name)) return false;
  if (validNames.size < 4096) validNames.add(name);
  return true;
}

/** The first well-formedness problem of a start tag, if any. */
function startTagProblem(text: string, tag: RawTag): { offset: number; message: string } | null {
  if (!isXmlName(tag.name)) return { offset: tag.start, message: `invalid element name "${tag.name}"` };
  if (!tag.closed) return { offset: tag.start, message: `start tag of <${tag.name}> is not closed with ">"` };
  let prevEnd = tag.start + 1 + tag.name.length;
  // Tags come from scanStartTag: read the offsets, not span objects made per call.
  const attrs = tag.attrs as ScannedAttr[];
  for (let k = 0; k < attrs.length; k++) {
    const a = attrs[k];
    // Only white space may stand between the name and an attribute or between attributes.
    if (a.nameStart === prevEnd || !onlySpace(text, prevEnd, a.nameStart)) return { offset: prevEnd, message: `unexpected characters before attribute ${a.name} (attributes are separated by white space)` };
    if (!isXmlName(a.name)) return { offset: a.nameStart, message: `invalid attribute name "${a.name}"` };
    if (!a.quote) return { offset: a.nameStart, message: `attribute ${a.name} needs a value in quotes` };
    if (!a.closed) return { offset: a.valueStart - 1, message: `value of attribute ${a.name} is not closed` };
    const lt = charIn(text, Ch.Lt, a.valueStart, a.valueEnd);
    if (lt >= 0) return { offset: lt, message: `"<" is not allowed in the value of attribute ${a.name}` };
    const amp = badReference(text, a.valueStart, a.valueEnd);
    if (amp >= 0) return { offset: amp, message: 'undefined entity or invalid character reference' };
    for (let m = 0; m < k; m++) if (attrs[m].name === a.name) return { offset: a.nameStart, message: `attribute ${a.name} redefined` };
    prevEnd = a.end;
  }
  // After the last attribute only white space, ">" or "/>" may follow.
  const e = tag.startTagEnd - 1;
  const tailOk = text.charCodeAt(e) === Ch.Gt && (text.charCodeAt(e - 1) === Ch.Slash && e - 1 >= prevEnd ? onlySpace(text, prevEnd, e - 1) : onlySpace(text, prevEnd, e));
  if (e < prevEnd || !tailOk) return { offset: prevEnd, message: `unexpected characters in the start tag of <${tag.name}>` };
  return null;
}

/** Whether a namespace prefix is declared on a tag or one of its ancestors. */
function prefixDeclared(tags: RawTag[], index: number, prefix: string): boolean {
  if (prefix === 'xml' || prefix === 'xmlns') return true;
  for (let t = index; t >= 0; t = tags[t].parentIndex) {
    for (const a of tags[t].attrs) if (a.name === `xmlns:${prefix}`) return true;
  }
  return false;
}

/** Namespaces in XML: a prefixed name needs a declared prefix and exactly one colon. */
function namespaceProblem(tags: RawTag[], index: number): { offset: number; message: string } | null {
  const tag = tags[index];
  for (const [name, offset] of [[tag.name, tag.start] as const, ...tag.attrs.map((a) => [a.name, a.span.start] as const)]) {
    const colon = name.indexOf(':');
    if (colon < 0) continue;
    if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) >= 0) return { offset, message: `invalid qualified name "${name}"` };
    const prefix = name.slice(0, colon);
    if (!prefixDeclared(tags, index, prefix)) return { offset, message: `namespace prefix ${prefix} of ${name} is not declared` };
  }
  return null;
}

/** Scans the whole text once, iteratively (no recursion: deep nesting cannot overflow). */
export function scanDocument(text: string): ScanResult {
  const tags: XElement[] = [];
  const comments: Span[] = [];
  const stack: number[] = [];
  let tooDeep = -1;
  let problem: ScanResult['problem'] = null;
  const report = (offset: number, message: string) => {
    if (!problem) problem = { offset, message };
  };
  // The precise pattern (lone surrogates need lookarounds) only runs when the plain
  // character class finds a candidate: most documents have none, and it is a fast scan.
  const bad = INVALID_CHAR_CANDIDATE.test(text) ? INVALID_CHAR.exec(text) : null;
  if (bad) report(bad.index, 'invalid character in the document');
  let rootSeen = false;
  let rootClosed = false;
  const n = text.length;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let textStart = start;
  let i = text.indexOf('<');
  const checkText = (from: number, to: number) => {
    if (problem || from >= to) return;
    if (stack.length === 0) {
      const m = /\S/.exec(text.slice(from, to));
      if (m) report(from + m.index, rootSeen ? 'content after the root element' : 'content before the root element');
      return;
    }
    const amp = badReference(text, from, to);
    if (amp >= 0) report(amp, 'undefined entity or invalid character reference');
    for (let k = charIn(text, 93, from, to); k >= 0 && k + 2 < to; k = charIn(text, 93, k + 1, to)) {
      if (text.charCodeAt(k + 1) === 93 && text.charCodeAt(k + 2) === Ch.Gt) {
        report(k, '"]]>" is not allowed in text');
        break;
      }
    }
  };
  while (i >= 0 && i < n) {
    checkText(textStart, i);
    const next = text.charCodeAt(i + 1);
    if (next === Ch.Bang) {
      if (text.startsWith('<!--', i)) {
        const close = text.indexOf('-->', i + 4);
        const end = close < 0 ? n : close + 3;
        if (close < 0) report(i, 'comment not closed with "-->"');
        else {
          const dd = text.indexOf('--', i + 4);
          if (dd >= 0 && dd < close) report(dd, '"--" is not allowed inside a comment');
        }
        comments.push({ start: i, end });
        i = end;
      } else if (text.startsWith('<![CDATA[', i)) {
        if (stack.length === 0) report(i, 'CDATA section outside the root element');
        const close = text.indexOf(']]>', i + 9);
        if (close < 0) report(i, 'CDATA section not closed with "]]>"');
        i = close < 0 ? n : close + 3;
      } else {
        if (!text.startsWith('<!DOCTYPE', i)) report(i, 'invalid markup declaration');
        else if (rootSeen) report(i, 'DOCTYPE after the root element');
        const end = skipDoctype(text, i + 2);
        if (end >= n && text.charCodeAt(n - 1) !== Ch.Gt) report(i, 'DOCTYPE not closed');
        i = end;
      }
    } else if (next === Ch.Question) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0) report(i, 'processing instruction not closed with "?>"');
      if (/^<\?xml[\s?]/i.test(text.slice(i, i + 6)) && i !== start) report(i, 'XML declaration allowed only at the start of the document');
      i = close < 0 ? n : close + 2;
    } else if (next === Ch.Slash) {
      let j = i + 2;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      const name = nameAt(text, i + 2, j);
      const gt = text.indexOf('>', j);
      const lt = text.indexOf('<', j);
      const end = gt < 0 || (lt >= 0 && lt < gt) ? j : gt + 1;
      if (!XML_NAME.test(name)) report(i, `invalid element name "${name}" in an end tag`);
      if (end === j || /\S/.test(text.slice(j, end - 1))) report(i, `end tag </${name}> is not closed with ">"`);
      const top = stack.length ? tags[stack[stack.length - 1]] : undefined;
      if (!top) report(i, `end tag </${name}> without a start tag`);
      else if (top.name !== name) report(i, `Opening and ending tag mismatch: ${top.name} and ${name}`);
      // Close the innermost open tag of that name; tags left open inside it stay unclosed.
      for (let s = stack.length - 1; s >= 0; s--) {
        if (tags[stack[s]].name === name) {
          tags[stack[s]].endTag = { start: i, end };
          stack.length = s;
          break;
        }
      }
      if (rootSeen && stack.length === 0) rootClosed = true;
      i = end;
    } else if (isNameChar(next)) {
      const parentIndex = stack.length ? stack[stack.length - 1] : -1;
      const tag = scanStartTag(text, i, parentIndex);
      if (parentIndex >= 0) tag.parent = tags[parentIndex];
      tags.push(tag);
      if (!problem) {
        const p = startTagProblem(text, tag) ?? (tag.name.includes(':') || tag.attrs.some((a) => a.name.includes(':')) ? namespaceProblem(tags, tags.length - 1) : null);
        if (p) report(p.offset, p.message);
        if (stack.length === 0 && rootSeen) report(i, 'extra content after the root element');
      }
      rootSeen = true;
      if (tooDeep < 0 && stack.length >= MAX_DEPTH) tooDeep = tags.length - 1;
      if (tag.closed && !tag.selfClosing) stack.push(tags.length - 1);
      else if (stack.length === 0) rootClosed = true;
      i = tag.startTagEnd;
    } else {
      report(i, '"<" must start a tag (write &lt; for a literal "<")');
      i++;
    }
    textStart = i;
    i = text.indexOf('<', i);
  }
  checkText(textStart, n);
  if (!rootSeen) report(n, 'missing root element');
  else if (stack.length > 0 || !rootClosed) report(tags[stack[stack.length - 1] ?? 0].start, `element <${tags[stack[stack.length - 1] ?? 0].name}> is not closed`);
  return { tags, comments, tooDeep, problem };
}
