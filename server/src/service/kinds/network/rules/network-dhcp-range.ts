import type { Finding } from '../../../types';
import { inSubnet, subnetBounds } from '../model/ip';
import type { DhcpRange, NetworkIp } from '../model/network';
import { finding, type NetworkRule } from './common';

/**
 * What libvirt says of one DHCP range of an `<ip>` (`virSocketAddrGetRange` with the `<ip>`'s
 * address and prefix), or undefined when it accepts the range.
 */
export function rangeProblem(ip: NetworkIp, range: DhcpRange): string | undefined {
  const { start, end } = range;
  const address = ip.address;
  if (!start || !end || !address || ip.prefix === undefined) return undefined;
  const span = `${start.text} - ${end.text}`;
  if (start.family !== end.family) return `mismatch of address family in range ${span}`;
  if (start.family !== address.family) return `mismatch of address family in range ${span} for network ${address.text}`;
  const net = `${address.text}/${ip.prefix}`;
  if (!inSubnet(start, address, ip.prefix) || !inSubnet(end, address, ip.prefix)) return `range ${span} is not entirely within network ${net}`;
  if (start.family === 4) {
    const { first, last } = subnetBounds(address, ip.prefix);
    if (start.value === first) return `start of range ${span} in network ${net} is the network address`;
    if (end.value === last) return `end of range ${span} in network ${net} is the broadcast address`;
  }
  // libvirt's legacy limit: all but the last 16 bits of start and end must be equal.
  const high = (v: bigint) => v >> 16n;
  if (high(start.value) !== high(end.value)) return `range ${span} is too large (> 65535)`;
  if (end.value < start.value) return start.family === 4 ? `range ${span} is reversed` : `range ${span} start larger than end`;
  return undefined;
}

export const networkDhcpRange: NetworkRule = {
  id: 'network-dhcp-range',
  title: 'A DHCP <range> lies inside its <ip> subnet, start before end',
  defaultSeverity: 'error',
  subjects: ['dhcp/range', 'dhcp/range@start', 'dhcp/range@end', 'network/ip@address', 'network/ip@prefix', 'network/ip@netmask'],
  docs: `Each \`<range start end>\` of an \`<ip>\`'s \`<dhcp>\` is the pool dnsmasq hands addresses from. libvirt's parser
checks it against the \`<ip>\`'s address and prefix (or netmask, or the address class when neither is written)
and refuses the definition when:
- start or end lies outside the subnet: "range … - … is not entirely within network …/…";
- (IPv4) the range starts at the subnet's network address or ends at its broadcast address;
- start and end differ in more than the last 16 bits: "range … - … is too large (> 65535)";
- end comes before start: "range … - … is reversed" (IPv6: "… start larger than end");
- start, end and the \`<ip>\` are not of one address family.

Fix: correct the addresses (for a /24 network \`192.168.122.1\`, a range such as \`192.168.122.2\` –
\`192.168.122.254\`).

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkDHCPRangeDefParseXML\`), \`src/util/virsocketaddr.c\`
(\`virSocketAddrGetRange\`); libvirt formatnetwork ("Addressing": \`range\`).`,
  check(ctx) {
    const out: Finding[] = [];
    for (const ip of ctx.model.ips) {
      for (const r of ip.ranges) {
        const problem = rangeProblem(ip, r);
        if (problem) out.push(finding(this, r.el.nameSpan, `${problem}: <range start='${r.start!.text}' end='${r.end!.text}'> of <ip address='${ip.address!.text}'>; libvirt refuses the definition.`));
      }
    }
    return out;
  },
};
