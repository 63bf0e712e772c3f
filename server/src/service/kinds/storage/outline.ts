import { elementSymbol, nameSymbol, type OutlineSymbol, textSymbol } from '../../outline';
import type { XElement } from '../../parse/xmlTree';

/** `<target>` / `<backingStore>` as "target — /path (format)". */
function pathEntry(el: XElement | undefined): OutlineSymbol | undefined {
  if (!el) return undefined;
  const path = el.child('path')?.textContent();
  const format = el.child('format')?.attrValue('type');
  return elementSymbol(el, el.name, 'namespace', [path, format ? `(${format})` : undefined].filter(Boolean).join(' '));
}

/**
 * The outline of a pool or a volume: one entry for the root ("name — type"), with its name, the
 * kind's own entries (a pool's source), the path elements (`target`, `backingStore`) and sizes.
 */
export function storageOutline(root: XElement, title: string, detail: string, own: (OutlineSymbol | undefined)[], paths: string[], sizes: string[]): OutlineSymbol[] {
  const children = [nameSymbol(root), ...own, ...paths.map((p) => pathEntry(root.child(p))), ...sizes.map((s) => textSymbol(root.child(s), 'number', 'unit'))];
  return [elementSymbol(root, title, 'module', detail, children.filter((c): c is OutlineSymbol => c !== undefined))];
}
