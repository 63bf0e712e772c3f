import { finding, type NetworkRule } from './common';

export const networkForwardNeedsIp: NetworkRule = {
  id: 'network-forward-needs-ip',
  title: 'A nat, route or open network needs an <ip>',
  defaultSeverity: 'error',
  subjects: ['network/forward@mode', 'network/ip'],
  docs: `A \`nat\`, \`route\` or \`open\` network forwards the guests' traffic at layer 3, from the subnet of the host's
address on the bridge. Without an \`<ip>\` there is no subnet to forward, and libvirt's parser refuses the
definition: "nat forwarding requested, but no IP address provided for network '…'" (\`route\` and \`open\` alike).
A \`<forward>\` without \`mode\` is a NAT network.

Fix: add \`<ip address='…' prefix='…'/>\` (with a \`<dhcp>\` range if guests should get addresses), or remove
\`<forward>\` for an isolated network without addresses.

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkDefParseXML\`, \`VIR_NETWORK_FORWARD_ROUTE\`/\`NAT\`/\`OPEN\`
case); libvirt formatnetwork ("Addressing").`,
  check(ctx) {
    const m = ctx.model;
    if (!m.forward || m.ips.length > 0 || !['nat', 'route', 'open'].includes(m.forwardMode)) return [];
    return [finding(this, m.modeSpan!, `${m.forwardMode} forwarding requested, but no IP address provided for ${m.label}: add an <ip address='…' prefix='…'/> for the subnet to forward.`)];
  },
};
