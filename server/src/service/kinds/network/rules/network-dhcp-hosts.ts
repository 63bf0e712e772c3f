import type { XAttr } from '../../../parse/xmlTree';
import type { Finding } from '../../../types';
import { inSubnet } from '../model/ip';
import { finding, type NetworkRule } from './common';

/** Whether a MAC address is multicast (the low bit of the first octet), as `virMacAddrIsMulticast`. */
function isMulticast(mac: string): boolean {
  const first = /^\s*([0-9a-f]{1,2})[:-]/i.exec(mac);
  return first ? (parseInt(first[1], 16) & 1) === 1 : false;
}

export const networkDhcpHosts: NetworkRule = {
  id: 'network-dhcp-hosts',
  title: 'Static DHCP <host> entries: valid for the family, in the subnet, no duplicates',
  defaultSeverity: 'warning',
  subjects: ['dhcp/host', 'dhcp/host@mac', 'dhcp/host@ip', 'dhcp/host@name', 'dhcp/host@id'],
  docs: `A \`<host>\` in \`<dhcp>\` gives a guest a fixed address: by MAC address (IPv4) or DHCP id (IPv6), or by name.

libvirt's parser refuses (error):
- a \`mac\` in an IPv6 \`<ip>\`: "Invalid to specify MAC address '…' in network '…' IPv6 static host definition";
- a multicast MAC: "expected unicast mac address, found multicast '…' in network '…'";
- a \`name\` that does not start with a letter or digit: "Cannot use host name '…' in network '…'";
- an IPv6 host with neither \`id\` nor \`name\`.

Advice (warning, libvirt accepts them): two hosts with the same MAC address, the same IP address or the same
name (dnsmasq uses only one of those entries), and a host address outside its \`<ip>\`'s subnet (dnsmasq
never hands it out).

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkDHCPHostDefParseXML\`); libvirt formatnetwork
("Addressing": \`host\`); dnsmasq(8) (\`--dhcp-host\`).`,
  check(ctx) {
    const out: Finding[] = [];
    const net = ctx.model.name ?? '';
    const macs = new Map<string, XAttr>();
    const ips = new Map<string, XAttr>();
    const names = new Map<string, XAttr>();
    const dup = (seen: Map<string, XAttr>, a: XAttr | undefined, key: string | undefined, what: string) => {
      if (!a || key === undefined) return;
      const first = seen.get(key);
      if (first) out.push(finding(this, a.valueSpan, `Static host ${what} '${a.value}' is given twice in the <dhcp> of network '${net}': dnsmasq uses only one of these <host> entries.`));
      else seen.set(key, a);
    };
    for (const ip of ctx.model.ips) {
      const v6 = ip.address?.family === 6;
      for (const h of ip.hosts) {
        if (h.mac && v6) {
          out.push(finding(this, h.mac.nameSpan, `Invalid to specify MAC address '${h.mac.value}' in network '${net}' IPv6 static host definition: IPv6 hosts are matched by <host id> (DHCP unique id) or name.`, 'error'));
          continue;
        }
        if (h.mac && isMulticast(h.mac.value)) out.push(finding(this, h.mac.valueSpan, `expected unicast mac address, found multicast '${h.mac.value}' in network '${net}': a NIC's <host mac> has the low bit of its first octet clear.`, 'error'));
        if (h.name && !/^[A-Za-z0-9]/.test(h.name.value)) out.push(finding(this, h.name.valueSpan, `Cannot use host name '${h.name.value}' in network '${net}': a <host name> starts with a letter or digit.`, 'error'));
        if (v6 && !h.id && !h.name) out.push(finding(this, h.el.nameSpan, `Static host definition in IPv6 network '${net}' must have id or name attribute: add <host id='…'> or name='…'.`, 'error'));
        dup(macs, h.mac, h.mac?.value.toLowerCase().replace(/-/g, ':'), 'MAC address');
        dup(ips, h.ipAttr, h.ip ? `${h.ip.family}/${h.ip.value}` : undefined, 'IP address');
        dup(names, h.name, h.name ? `${v6 ? 6 : 4}/${h.name.value}` : undefined, 'name');
        if (h.ip && ip.address && ip.prefix !== undefined && h.ip.family === ip.address.family && !inSubnet(h.ip, ip.address, ip.prefix)) {
          out.push(finding(this, h.ipAttr!.valueSpan, `Static host address '${h.ip.text}' is outside network ${ip.label} of network '${net}': dnsmasq never hands it out from this <ip>.`));
        }
      }
    }
    return out;
  },
};
