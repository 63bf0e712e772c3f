import type { OutlineSymbol } from '../../outline';
import type { XmlDocument } from '../../parse/parseXml';
import { pathEntry, storageSymbol, textEntry } from '../storage/outline';

/** The outline of a volume: "name — format", its sizes, target and backing store. */
export function volumeSymbols(xml: XmlDocument): OutlineSymbol[] {
  const root = xml.root;
  if (!root || root.name !== 'volume') return [];
  const children: OutlineSymbol[] = [];
  const name = root.child('name');
  if (name) children.push(storageSymbol(name, 'name', 'string', name.textContent()));
  for (const el of ['capacity', 'allocation']) {
    const s = textEntry(root.child(el), 'number');
    if (s) children.push(s);
  }
  for (const el of ['target', 'backingStore']) {
    const s = pathEntry(root.child(el));
    if (s) children.push(s);
  }
  const format = root.child('target')?.child('format')?.attrValue('type');
  const title = [name?.textContent() || 'volume', format].filter(Boolean).join(' — ');
  return [storageSymbol(root, title, 'module', 'storage volume', children)];
}
