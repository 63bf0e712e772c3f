import type { OutlineKind, OutlineSymbol } from '../../outline';
import type { XElement } from '../../parse/xmlTree';

/** One outline entry for an element (shared by the pool and volume outlines). */
export function storageSymbol(el: XElement, name: string, kind: OutlineKind, detail?: string, children: OutlineSymbol[] = []): OutlineSymbol {
  return { name: name.trim() || el.name, detail: detail?.trim() || undefined, kind, span: el.span, selectionSpan: el.nameSpan, children };
}

/** A text element as "name: value unit" (`capacity: 10 G`). */
export function textEntry(el: XElement | undefined, kind: OutlineKind): OutlineSymbol | undefined {
  if (!el) return undefined;
  const unit = el.attrValue('unit');
  return storageSymbol(el, el.name, kind, [el.textContent(), unit].filter(Boolean).join(' '));
}

/** `<target>` / `<backingStore>` as "target — /path (format)". */
export function pathEntry(el: XElement | undefined): OutlineSymbol | undefined {
  if (!el) return undefined;
  const path = el.child('path')?.textContent();
  const format = el.child('format')?.attrValue('type');
  return storageSymbol(el, el.name, 'namespace', [path, format ? `(${format})` : undefined].filter(Boolean).join(' '));
}
