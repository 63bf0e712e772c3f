import type { Finding } from '../../../types';
import { finding, type NetworkRule } from './common';

export const networkForwardPoolMode: NetworkRule = {
  id: 'network-forward-pool-mode',
  title: 'hostdev pools list PCI addresses; other modes list network devices',
  defaultSeverity: 'error',
  subjects: ['network/forward@mode', 'forward/interface', 'forward/address', 'network/forward@dev'],
  docs: `The device pool of a \`<forward>\` is written by PCI address (\`<address type='pci' …/>\`, SR-IOV virtual
functions) in a \`hostdev\` network, and by network device name (\`dev\`, \`<interface dev>\`) in every other mode:
a \`hostdev\` network assigns PCI devices to guests, the others attach macvtap or tap devices to host NICs.
libvirt's network driver refuses the definition otherwise: "hostdev network '…' lists '…' in the device pool,
but hostdev networks require all devices to be listed by PCI address, not network device name", and "network
'…' has forward mode '…' but lists a device by PCI address in the device pool. This is only supported for
networks with forward mode 'hostdev'".

libvirt's test driver (\`test:///default\`) runs only the generic parser and accepts both; \`virsh net-define\` on a
host (the network driver) refuses them.

Sources: libvirt \`src/network/bridge_driver.c\` (\`networkValidate\`); libvirt formatnetwork ("Connectivity":
\`hostdev\`, \`passthrough\`).`,
  check(ctx) {
    const m = ctx.model;
    if (!m.forward || !m.knownMode) return [];
    const out: Finding[] = [];
    const net = m.name ?? '';
    const { dev, interfaces: ifaces, addresses: addrs, byName } = m.pool;
    if (m.forwardMode === 'hostdev' && byName) {
      const first = dev ?? ifaces[0].attr('dev');
      if (first) out.push(finding(this, first.valueSpan, `hostdev network '${net}' lists '${first.value}' in the device pool, but hostdev networks require all devices to be listed by PCI address, not network device name.`));
    } else if (m.forwardMode !== 'hostdev' && !byName) {
      const a = addrs.find((x) => x.attrValue('type') === 'pci');
      if (a) out.push(finding(this, a.nameSpan, `network '${net}' has forward mode '${m.forwardMode}' but lists a device by PCI address in the device pool. This is only supported for networks with forward mode 'hostdev'.`));
    }
    return out;
  },
};
