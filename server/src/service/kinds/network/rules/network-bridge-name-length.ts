import { finding, type NetworkRule } from './common';

/** Linux network device names hold at most 15 characters (IFNAMSIZ 16 with the terminating NUL). */
export const MAX_IFNAME = 15;

export const networkBridgeNameLength: NetworkRule = {
  id: 'network-bridge-name-length',
  title: 'A <bridge name> fits a Linux interface name (15 characters)',
  defaultSeverity: 'warning',
  subjects: ['network/bridge@name'],
  docs: `Linux network device names are at most 15 characters long. libvirt accepts a longer \`<bridge name>\` at
\`virsh net-define\`, but creating or using the bridge fails when the network starts: "Network interface name '…'
is too long". Names with \`%d\` are templates libvirt fills with a free number; they are not checked.

Fix: use a shorter name (libvirt's own are \`virbr0\`, \`virbr1\` …).

Sources: libvirt \`src/util/virnetdevbridge.c\` (\`virNetDevBridgeCreate\`: \`IFNAMSIZ\`), \`src/util/virnetdev.c\`;
libvirt formatnetwork ("Bridge and forward mode": \`bridge name\`); Linux \`IFNAMSIZ\`.`,
  check(ctx) {
    const a = ctx.model.bridge?.attr('name');
    if (!a || a.value.includes('%d') || a.value.length <= MAX_IFNAME) return [];
    return [finding(this, a.valueSpan, `Network interface name '${a.value}' is too long: <bridge name> has ${a.value.length} characters and Linux allows ${MAX_IFNAME}, so the network cannot start.`)];
  },
};
