import { finding, type NetworkRule } from './common';

/** Linux network device names hold at most 15 characters (IFNAMSIZ 16 with the terminating NUL). */
export const MAX_IFNAME = 15;

export const networkBridgeNameLength: NetworkRule = {
  id: 'network-bridge-name-length',
  title: 'A <bridge name> fits a Linux interface name (15 characters)',
  defaultSeverity: 'warning',
  subjects: ['network/bridge@name'],
  docs: `Linux network device names are at most 15 characters long. libvirt accepts a longer \`<bridge name>\` at
\`virsh net-define\`, but the network cannot start: the kernel does not take the name for the new bridge, and
libvirt's own interface calls report "Network interface name '…' is too long". Names with \`%d\` are templates
libvirt fills with a free number; they are not checked.

Fix: use a shorter name (libvirt's own are \`virbr0\`, \`virbr1\` …).

Sources: libvirt \`src/util/virnetdev.c\` (\`virNetDevSetupControlFull\`: \`IFNAMSIZ\`), \`src/util/virnetdevbridge.c\`
(\`virNetDevBridgeCreate\`); libvirt formatnetwork ("Connectivity": \`bridge\`); Linux \`IFNAMSIZ\`.`,
  check(ctx) {
    const a = ctx.model.bridge?.attr('name');
    if (!a || a.value.includes('%d') || a.value.length <= MAX_IFNAME) return [];
    return [finding(this, a.valueSpan, `Network interface name '${a.value}' is too long: <bridge name> has ${a.value.length} characters and Linux allows ${MAX_IFNAME}, so the network cannot start.`)];
  },
};
