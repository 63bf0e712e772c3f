import type { Finding } from '../../../types';
import { finding, type NetworkRule } from './common';

export const networkMultipleDhcp: NetworkRule = {
  id: 'network-multiple-dhcp',
  title: 'DHCP on one IPv4 and one IPv6 <ip> at most',
  defaultSeverity: 'error',
  subjects: ['network/ip', 'ip/dhcp'],
  docs: `libvirt runs one dnsmasq per network and gives it DHCP for a single IPv4 and a single IPv6 subnet. A
network with two IPv4 (or two IPv6) \`<ip>\` elements that both have a \`<dhcp>\` with ranges or hosts is refused
by libvirt's network driver: "Multiple IPv4 dhcp sections found -- dhcp is supported only for a single IPv4
address on each network" (the same for IPv6). More \`<ip>\` elements of a family are fine without \`<dhcp>\`.

Fix: keep the \`<dhcp>\` on one \`<ip>\` of the family.

Sources: libvirt \`src/network/bridge_driver.c\` (\`networkValidate\`); libvirt formatnetwork ("Addressing": \`dhcp\`).`,
  check(ctx) {
    const out: Finding[] = [];
    const seen = new Set<number>();
    for (const ip of ctx.model.ips) {
      const fam = ip.address?.family;
      if (fam === undefined || !ip.hasDhcp || !ip.dhcp) continue;
      const v = fam === 4 ? 'IPv4' : 'IPv6';
      if (seen.has(fam)) out.push(finding(this, ip.dhcp.nameSpan, `Multiple ${v} dhcp sections found -- dhcp is supported only for a single ${v} address on each network: this <dhcp> of <ip address='${ip.address!.text}'> is one too many.`));
      seen.add(fam);
    }
    return out;
  },
};
