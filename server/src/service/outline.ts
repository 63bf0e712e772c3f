import type { XElement } from './parse/xmlTree';
import type { Span } from './types';

/** LSP symbol kinds used by the outline (names; the LSP edge maps them to numbers). */
export type OutlineKind = 'module' | 'namespace' | 'string' | 'number' | 'struct' | 'class' | 'interface' | 'object' | 'property';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole element. */
  span: Span;
  /** The element's name in its start tag. */
  selectionSpan: Span;
  children: OutlineSymbol[];
}

/** One outline entry for an element; an empty name falls back to the element's. */
export function elementSymbol(el: XElement, name: string, kind: OutlineKind, detail?: string, children: OutlineSymbol[] = []): OutlineSymbol {
  return { name: name.trim() || el.name, detail: detail?.trim() || undefined, kind, span: el.span, selectionSpan: el.nameSpan, children };
}

/** A text element as its name with its value and, when given, its unit attribute (`memory: 2 GiB`). */
export function textSymbol(el: XElement | undefined, kind: OutlineKind, unitAttr?: string): OutlineSymbol | undefined {
  if (!el) return undefined;
  const unit = unitAttr ? el.attrValue(unitAttr) : undefined;
  return elementSymbol(el, el.name, kind, [el.textContent(), unit].filter(Boolean).join(' '));
}

/** The root's `<name>` as an entry `name` with the name as detail. */
export function nameSymbol(root: XElement): OutlineSymbol | undefined {
  const el = root.child('name');
  return el ? elementSymbol(el, 'name', 'string', el.textContent()) : undefined;
}
