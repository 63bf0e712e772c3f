import type { OutlineSymbol } from '../../outline';
import type { XmlDocument } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';
import { pathEntry, storageSymbol, textEntry } from '../storage/outline';

/** What a pool's source is, in one line: host:dir, devices, adapter, source name, format. */
function sourceSummary(src: XElement): string {
  const hosts = src.childrenNamed('host').map((h) => h.attrValue('name') + (h.attrValue('port') ? `:${h.attrValue('port')}` : ''));
  const dir = src.child('dir')?.attrValue('path');
  const devices = src.childrenNamed('device').map((d) => d.attrValue('path'));
  const adapter = src.child('adapter');
  const parts = [
    hosts.length ? hosts.join(', ') + (dir ? ` ${dir}` : '') : dir,
    ...devices,
    adapter ? `adapter ${adapter.attrValue('name') ?? adapter.attrValue('wwpn') ?? adapter.attrValue('type') ?? ''}`.trim() : undefined,
    src.child('name')?.textContent(),
    src.child('format')?.attrValue('type'),
  ];
  return parts.filter(Boolean).join(' — ');
}

/** The outline of a pool: "name — type", its source, target and features. */
export function poolSymbols(xml: XmlDocument): OutlineSymbol[] {
  const root = xml.root;
  if (!root || root.name !== 'pool') return [];
  const children: OutlineSymbol[] = [];
  const name = root.child('name');
  if (name) children.push(storageSymbol(name, 'name', 'string', name.textContent()));
  const src = root.child('source');
  if (src) children.push(storageSymbol(src, 'source', 'namespace', sourceSummary(src)));
  const target = pathEntry(root.child('target'));
  if (target) children.push(target);
  for (const el of ['capacity', 'allocation', 'available']) {
    const s = textEntry(root.child(el), 'number');
    if (s) children.push(s);
  }
  const title = [name?.textContent() ?? root.child('source')?.child('name')?.textContent() ?? 'pool', root.attrValue('type')].filter(Boolean).join(' — ');
  return [storageSymbol(root, title, 'module', 'storage pool', children)];
}
