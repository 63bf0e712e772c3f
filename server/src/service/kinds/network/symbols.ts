import type { OutlineKind, OutlineSymbol } from '../../outline';
import type { XmlDocument } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';
import { NetworkIp } from './model/network';

function sym(el: XElement, name: string, kind: OutlineKind, detail?: string, children: OutlineSymbol[] = []): OutlineSymbol {
  return { name: name.trim() || el.name, detail: detail?.trim() || undefined, kind, span: el.span, selectionSpan: el.nameSpan, children };
}

function attrs(el: XElement, ...names: string[]): string {
  return names.map((n) => el.attrValue(n)).filter((v): v is string => v !== undefined && v !== '').join(' ');
}

/** "192.0.2.1/24" with its DHCP ranges and static hosts. */
function ipSymbol(el: XElement): OutlineSymbol {
  const ip = new NetworkIp(el);
  const children = [
    ...ip.ranges.map((r) => sym(r.el, `${r.el.attrValue('start') ?? '?'} – ${r.el.attrValue('end') ?? '?'}`, 'number', 'DHCP range')),
    ...ip.hosts.map((h) => sym(h.el, h.ipAttr?.value ?? h.name?.value ?? 'host', 'property', [h.name?.value, h.mac?.value ?? h.id?.value].filter(Boolean).join(' — '))),
  ];
  const family = ip.family === 6 ? 'IPv6' : 'IPv4';
  return sym(el, ip.label, 'namespace', ip.hasDhcp ? `${family}, DHCP` : family, children);
}

/** The outline of a network: name, forward mode and devices, bridge, addresses with DHCP, DNS, port groups, routes. */
export function networkSymbols(xml: XmlDocument): OutlineSymbol[] {
  const root = xml.root;
  if (!root) return [];
  const out: OutlineSymbol[] = [];
  for (const c of root.children) {
    switch (c.name) {
      case 'name':
      case 'uuid':
      case 'title':
        out.push(sym(c, c.name, 'string', c.textContent()));
        break;
      case 'forward': {
        const devs = c.children.filter((d) => d.name === 'interface' || d.name === 'pf' || d.name === 'address').map((d) => sym(d, attrs(d, 'dev') || attrs(d, 'domain', 'bus', 'slot', 'function') || d.name, 'object', d.name));
        const nat = c.child('nat');
        out.push(sym(c, `forward ${c.attrValue('mode') ?? 'nat'}`, 'module', [attrs(c, 'dev'), nat ? 'with <nat>' : ''].filter(Boolean).join(', '), devs));
        break;
      }
      case 'bridge':
        out.push(sym(c, `bridge ${c.attrValue('name') ?? ''}`, 'interface', attrs(c, 'stp', 'delay')));
        break;
      case 'ip':
        out.push(ipSymbol(c));
        break;
      case 'dns':
        out.push(sym(c, 'dns', 'module', c.attrValue('enable') === 'no' ? 'disabled' : `${c.children.length} entries`, c.children.map((r) => sym(r, `${r.name} ${attrs(r, 'ip', 'name', 'service', 'addr', 'domain')}`, 'property'))));
        break;
      case 'portgroup':
        out.push(sym(c, `portgroup ${c.attrValue('name') ?? ''}`, 'class', c.attrValue('default') === 'yes' ? 'default' : undefined));
        break;
      case 'route':
        out.push(sym(c, `route ${attrs(c, 'address')}${c.attrValue('prefix') ? '/' + c.attrValue('prefix') : ''}`, 'object', `via ${c.attrValue('gateway') ?? '?'}`));
        break;
      case 'domain':
        out.push(sym(c, `domain ${c.attrValue('name') ?? ''}`, 'string'));
        break;
      default:
        break;
    }
  }
  const name = root.child('name')?.textContent();
  return [sym(root, name ? `network ${name}` : 'network', 'module', root.child('forward') ? `forward ${root.child('forward')!.attrValue('mode') ?? 'nat'}` : 'isolated', out)];
}
