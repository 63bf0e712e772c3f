import type { Finding } from '../../../types';
import { inSubnet, parseIp } from '../model/ip';
import { finding, type NetworkRule } from './common';

export const networkIpAddress: NetworkRule = {
  id: 'network-ip-address',
  title: '<ip>: address, family, prefix or netmask that agree; <route> gateways reachable',
  defaultSeverity: 'error',
  subjects: ['network/ip', 'network/ip@address', 'network/ip@family', 'network/ip@prefix', 'network/ip@netmask', 'ip/tftp', 'network/route@gateway', 'network/domain@register'],
  docs: `libvirt's parser checks each \`<ip>\` of a network and refuses the definition when:
- it has no \`address\` ("Missing required address attribute in network …"; the schema lets it pass);
- \`family='ipv4'\` (or no family) is given an IPv6 address, or \`family='ipv6'\` an IPv4 one ("… family specified
  for non-IPv4 address …", "Family 'ipv6' specified for non-IPv6 address …");
- both \`prefix\` and \`netmask\` are written ("… IP address cannot have both a prefix and a netmask"), a netmask is
  given to an IPv6 address ("netmask not allowed for IPv6 address …"), or the prefix is over 32 (IPv4) or 128
  (IPv6) ("Invalid IPv4 prefix …");
- an IPv6 \`<ip>\` has a \`<tftp>\` ("Unsupported <tftp> element in an IPv6 element in network …");
- a \`<route>\`'s gateway is in none of the network's subnets ("unreachable static route gateway '…' specified for
  network '…'").

It also refuses \`<domain register='yes'>\` without \`localOnly='yes'\` ("attribute 'register=yes' in <domain>
element requires 'localOnly=yes' in network …").

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkIPDefParseXML\`, \`virNetworkDefParseXML\`); libvirt
formatnetwork ("Addressing", "Static Routes").`,
  check(ctx) {
    const m = ctx.model;
    const out: Finding[] = [];
    const net = m.name ?? '';
    for (const ip of m.ips) {
      const el = ip.el;
      const addr = ip.address;
      const fam = el.attr('family');
      if (!el.attr('address')) {
        // network.rng leaves it optional; libvirt's parser does not.
        out.push(finding(this, el.nameSpan, `Missing required address attribute in network '${net}': every <ip> needs address='…' (the host's address on the bridge).`));
        continue;
      }
      if (!addr) continue;
      if (fam && fam.value !== 'ipv4' && fam.value !== 'ipv6') continue;
      if ((!fam || fam.value === 'ipv4') && addr.family === 6) {
        out.push(finding(this, (fam ?? el.attr('address')!).valueSpan, `${fam ? 'ipv4' : 'no'} family specified for non-IPv4 address '${addr.text}' in network '${net}': write family='ipv6' for an IPv6 <ip>.`));
        continue;
      }
      if (fam?.value === 'ipv6' && addr.family === 4) {
        out.push(finding(this, fam.valueSpan, `Family 'ipv6' specified for non-IPv6 address '${addr.text}' in network '${net}': an IPv4 <ip> has no family or family='ipv4'.`));
        continue;
      }
      const netmask = el.attr('netmask');
      const prefix = el.attr('prefix');
      if (addr.family === 4) {
        if (netmask && prefix && (ip.writtenPrefix ?? 0) > 0) out.push(finding(this, prefix.nameSpan, `Network '${net}' IP address cannot have both a prefix and a netmask: keep one of <ip prefix> and netmask.`));
        else if (netmask && parseIp(netmask.value)?.family === 6) out.push(finding(this, netmask.valueSpan, `Invalid netmask '${netmask.value}' for address '${addr.text}' in network '${net}' (both must be IPv4).`));
        else if (!netmask && ip.writtenPrefix !== undefined && ip.writtenPrefix > 32) out.push(finding(this, prefix!.valueSpan, `Invalid IPv4 prefix '${ip.writtenPrefix}' in network '${net}': an IPv4 <ip prefix> is at most 32.`));
      } else {
        if (netmask) out.push(finding(this, netmask.nameSpan, `netmask not allowed for IPv6 address '${addr.text}' in network '${net}': write prefix='64' (or another prefix) instead.`));
        else if (ip.writtenPrefix !== undefined && ip.writtenPrefix > 128) out.push(finding(this, prefix!.valueSpan, `Invalid IPv6 prefix '${ip.writtenPrefix}' in network '${net}': an IPv6 <ip prefix> is at most 128.`));
        const tftp = el.child('tftp');
        if (tftp) out.push(finding(this, tftp.nameSpan, `Unsupported <tftp> element in an IPv6 element in network '${net}': dnsmasq's TFTP server is for IPv4 network boot.`));
      }
    }
    for (const route of m.root.childrenNamed('route')) {
      const gw = parseIp(route.attrValue('gateway'));
      if (!gw) continue;
      const reachable = m.ips.some((ip) => ip.address && ip.prefix !== undefined && ip.address.family === gw.family && inSubnet(gw, ip.address, ip.prefix));
      if (!reachable) out.push(finding(this, route.attr('gateway')!.valueSpan, `unreachable static route gateway '${gw.text}' specified for network '${net}': the <route gateway> must be in the subnet of one of the network's <ip> elements.`));
    }
    const domain = m.domain;
    if (domain?.attrValue('register') === 'yes' && domain.attrValue('localOnly') !== 'yes') {
      out.push(finding(this, domain.attr('register')!.nameSpan, `attribute 'register=yes' in <domain> element requires 'localOnly=yes' in network ${net}: only a local-only domain's names can be registered.`));
    }
    return out;
  },
};
