import type { OutlineSymbol } from '../../outline';
import type { XmlDocument } from '../../parse/parseXml';
import { storageOutline } from '../storage/outline';

/** The outline of a volume: "name — format", its sizes, target and backing store. */
export function volumeSymbols(xml: XmlDocument): OutlineSymbol[] {
  const root = xml.root;
  if (!root || root.name !== 'volume') return [];
  const format = root.child('target')?.child('format')?.attrValue('type');
  const title = [root.child('name')?.textContent() || 'volume', format].filter(Boolean).join(' — ');
  return storageOutline(root, title, 'storage volume', [], ['target', 'backingStore'], ['capacity', 'allocation']);
}
