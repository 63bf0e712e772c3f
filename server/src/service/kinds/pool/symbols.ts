import { elementSymbol, type OutlineSymbol } from '../../outline';
import type { XmlDocument } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';
import { storageOutline } from '../storage/outline';

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

/** The outline of a pool: "name — type", its source, target and (output-only) sizes. */
export function poolSymbols(xml: XmlDocument): OutlineSymbol[] {
  const root = xml.root;
  if (!root || root.name !== 'pool') return [];
  const src = root.child('source');
  const name = root.child('name')?.textContent() ?? src?.child('name')?.textContent() ?? 'pool';
  const title = [name, root.attrValue('type')].filter(Boolean).join(' — ');
  return storageOutline(root, title, 'storage pool', [src ? elementSymbol(src, 'source', 'namespace', sourceSummary(src)) : undefined], ['target'], ['capacity', 'allocation', 'available']);
}
