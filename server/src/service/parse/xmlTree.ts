import type { Span } from '../types';
import { textOfMarkup } from './decode';
import type { RawAttr, RawTag } from './scanner';

/** An attribute with its source spans and its decoded value. */
export interface XAttr extends RawAttr {
  /** The value as libvirt reads it: entities decoded, white space normalized by the parser. */
  value: string;
}

/** Shared by every element without children (most of them): frozen, so a push would throw. */
const NO_CHILDREN: XElement[] = Object.freeze([]) as unknown as XElement[];
/** Shared by every tag without attributes: frozen, so a push would throw. */
export const NO_ATTRS: XAttr[] = Object.freeze([]) as unknown as XAttr[];

/**
 * An element of the source, made by the scanner as it reads the start tag (one object per
 * element: the scanner's record and the tree node are the same, a large domain has tens of
 * thousands): spans from the scan, values decoded from the source on first use.
 */
export class XElement implements RawTag {
  /** Set by parseXml to an array of the exact size for elements that have children. */
  children: XElement[] = NO_CHILDREN;
  /** The scanner's attribute records; they decode their values on first use. */
  attrs: XAttr[] = NO_ATTRS;
  startTagEnd: number;
  selfClosing = false;
  closed = false;
  endTag?: Span = undefined;
  /** The enclosing element, null at the top level (set by the scanner). */
  parent: XElement | null = null;

  constructor(
    readonly name: string,
    readonly start: number,
    readonly parentIndex: number,
    private readonly text: string,
  ) {
    this.startTagEnd = start + 1 + name.length;
  }

  /** End of the element: after its end tag, or after its start tag if it has none. */
  get end(): number {
    return this.endTag ? this.endTag.end : this.startTagEnd;
  }

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  get nameSpan(): Span {
    return { start: this.start + 1, end: this.start + 1 + this.name.length };
  }

  /** Span of the start tag, `<` to `>`. */
  get startTagSpan(): Span {
    return { start: this.start, end: this.startTagEnd };
  }

  attr(name: string): XAttr | undefined {
    // Indexed loops: these run for every rule on every element, and for-of allocated an
    // iterator per call here (the arrays are of two shapes, so V8 did not elide it).
    const attrs = this.attrs;
    for (let i = 0; i < attrs.length; i++) if (attrs[i].name === name) return attrs[i];
    return undefined;
  }

  /** The decoded value of an attribute, or undefined when it is not written. */
  attrValue(name: string): string | undefined {
    return this.attr(name)?.value;
  }

  child(name: string): XElement | undefined {
    const children = this.children;
    for (let i = 0; i < children.length; i++) if (children[i].name === name) return children[i];
    return undefined;
  }

  childrenNamed(name: string): XElement[] {
    return this.children.filter((c) => c.name === name);
  }

  /** Text content (entities decoded, CDATA included, comments left out), trimmed. */
  textContent(): string {
    if (!this.endTag) return '';
    return textOfMarkup(this.text.slice(this.startTagEnd, this.endTag.start)).trim();
  }

  /** Span of the text between the start and end tag (empty at the start tag end when there is none). */
  get contentSpan(): Span {
    return { start: this.startTagEnd, end: this.endTag ? this.endTag.start : this.startTagEnd };
  }

  /** Elements below this one in document order, iteratively. */
  *descendants(): Generator<XElement> {
    const stack: XElement[] = [...this.children].reverse();
    while (stack.length) {
      const e = stack.pop()!;
      yield e;
      for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]);
    }
  }
}

/**
 * Index of the last of `items` (sorted by `start`) that starts before `offset` (or at it, when
 * `inclusive`), or -1: the binary search that finds the tag under an offset in logarithmic time.
 */
export function lastStartingBefore(items: readonly { start: number }[], offset: number, inclusive: boolean): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = items[mid].start;
    if (start < offset || (inclusive && start === offset)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
