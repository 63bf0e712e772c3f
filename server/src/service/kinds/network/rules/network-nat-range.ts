import type { Finding } from '../../../types';
import { parseIp } from '../model/ip';
import { finding, type NetworkRule } from './common';

/** A whole number as libvirt's virXPathUInt reads it, or undefined. */
function uint(s: string | undefined): number | undefined {
  return s !== undefined && /^\s*\d+\s*$/.test(s) ? Number(s) : undefined;
}

export const networkNatRange: NetworkRule = {
  id: 'network-nat-range',
  title: '<nat> address and port ranges run from start to end',
  defaultSeverity: 'error',
  subjects: ['forward/nat', 'nat/address', 'nat/address@start', 'nat/address@end', 'nat/port', 'nat/port@start', 'nat/port@end'],
  docs: `A NAT network's \`<nat>\` may give the public IPv4 addresses (\`<address start end>\`) and the source ports
(\`<port start end>\`) the host uses for the guests' connections. libvirt's parser refuses the definition when
the address range is reversed ("range … - … is reversed") or spans more than the last 16 bits ("range … - … is
too large (> 65535)"), and when the port range ends before it starts or goes past 65535 ("Missing or invalid
'end' attribute in <port> in <nat> in <forward> in network …", the same for 'start').

Fix: swap or correct the bounds.

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkForwardNatDefParseXML\`), \`src/util/virsocketaddr.c\`
(\`virSocketAddrGetRange\`); libvirt formatnetwork ("Connectivity": \`nat\`).`,
  check(ctx) {
    const m = ctx.model;
    const nat = m.forward?.child('nat');
    if (!nat || m.forwardMode !== 'nat') return [];
    const out: Finding[] = [];
    const net = m.name ?? '';
    const address = nat.child('address');
    const start = parseIp(address?.attrValue('start'));
    const end = parseIp(address?.attrValue('end'));
    if (address && start?.family === 4 && end?.family === 4) {
      const span = `${start.text} - ${end.text}`;
      if (start.value >> 16n !== end.value >> 16n) out.push(finding(this, address.nameSpan, `range ${span} is too large (> 65535): the <nat> <address> range of network '${net}' may differ in its last two bytes only.`));
      else if (end.value < start.value) out.push(finding(this, address.nameSpan, `range ${span} is reversed: the <nat> <address> end comes before its start in network '${net}'.`));
    }
    const port = nat.child('port');
    if (port) {
      const ps = uint(port.attrValue('start'));
      const pe = uint(port.attrValue('end'));
      const where = `in <port> in <nat> in <forward> in network ${net}`;
      if (ps !== undefined && ps > 65535) out.push(finding(this, port.attr('start')!.valueSpan, `Missing or invalid 'start' attribute ${where}: a port is at most 65535.`));
      else if (ps !== undefined && pe !== undefined && (pe > 65535 || pe < ps)) out.push(finding(this, port.attr('end')!.valueSpan, `Missing or invalid 'end' attribute ${where}: the end port must be between the start port and 65535.`));
    }
    return out;
  },
};
