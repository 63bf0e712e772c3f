import type { Span } from '../types';
import { textOfMarkup } from './decode';
import type { RawAttr, RawTag } from './scanner';

/** An attribute with its source spans and its decoded value. */
export interface XAttr extends RawAttr {
  /** The value as libvirt reads it: entities decoded, white space normalized by the parser. */
  value: string;
}

/** An element of the source: spans from the scanner, values decoded from the source. */
/** Shared by every element without children (most of them): frozen, so a push would throw. */
const NO_CHILDREN: XElement[] = Object.freeze([]) as unknown as XElement[];

export class XElement {
  /** Set by parseXml to an array of the exact size for elements that have children. */
  children: XElement[] = NO_CHILDREN;
  readonly attrs: XAttr[];

  constructor(
    readonly tag: RawTag,
    readonly parent: XElement | null,
    private readonly text: string,
  ) {
    // The scanner's attribute records decode their values on first use (no copy: large documents).
    this.attrs = tag.attrs as XAttr[];
  }

  get name(): string {
    return this.tag.name;
  }

  get start(): number {
    return this.tag.start;
  }

  /** End of the element: after its end tag, or after its start tag if it has none. */
  get end(): number {
    return this.tag.endTag ? this.tag.endTag.end : this.tag.startTagEnd;
  }

  get span(): Span {
    return { start: this.start, end: this.end };
  }

  get nameSpan(): Span {
    return this.tag.nameSpan;
  }

  /** Span of the start tag, `<` to `>`. */
  get startTagSpan(): Span {
    return { start: this.tag.start, end: this.tag.startTagEnd };
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
    for (let i = 0; i < children.length; i++) if (children[i].tag.name === name) return children[i];
    return undefined;
  }

  childrenNamed(name: string): XElement[] {
    return this.children.filter((c) => c.name === name);
  }

  /** Text content (entities decoded, CDATA included, comments left out), trimmed. */
  textContent(): string {
    if (!this.tag.endTag) return '';
    return textOfMarkup(this.text.slice(this.tag.startTagEnd, this.tag.endTag.start)).trim();
  }

  /** Span of the text between the start and end tag (empty at the start tag end when there is none). */
  get contentSpan(): Span {
    return { start: this.tag.startTagEnd, end: this.tag.endTag ? this.tag.endTag.start : this.tag.startTagEnd };
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
