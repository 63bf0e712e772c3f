import { valueTable, type AttrFact, type FactTable } from '../../../factTypes';
import { INTERFACE_SOURCE_ATTRS } from '../model/interface';

/** What a type needs in `<source>`, from the one table the rule reads. */
function needs(type: string): string {
  const attrs = INTERFACE_SOURCE_ATTRS[type];
  return attrs ? ` Needs \`<source ${attrs.map((a) => `${a}='…'`).join(' ')}/>\`.` : '';
}

const EMULATED = { caution: 'Emulated hardware: slower than virtio-net; for guests without virtio drivers.' };

const SOURCE_ATTR = (summary: string, format: string, type: string): AttrFact => ({ summary, format, onlyFor: { element: 'interface', attr: 'type', values: [type] } });

/** Facts for `<interface>` (network interfaces) and its children. */
export const interfaceFacts: FactTable = {
  'devices/interface': {
    summary: 'A network interface (NIC) of the guest: what it connects to on the host (`type` and `<source>`) and the NIC model the guest sees (`<model type>`).',
    docsAnchor: 'network-interfaces',
    snippetAttrs: ['type'],
    children: ['mac', 'source', 'virtualport', 'target', 'model', 'driver', 'backend', 'link', 'mtu', 'boot', 'rom', 'bandwidth', 'vlan', 'filterref', 'alias', 'address'],
    attrs: {
      type: {
        summary: 'How the interface connects to the host.',
        default: 'user',
        values: valueTable(
          ['network', `A libvirt virtual network (\`virsh net-list\`), e.g. \`default\` (NAT).${needs('network')}`],
          ['bridge', `A host bridge (br0) the guest joins as a peer on the LAN.${needs('bridge')}`],
          ['direct', `macvtap directly on a host NIC, no bridge; the host itself cannot reach the guest in vepa/bridge mode.${needs('direct')}`],
          ['user', 'User-mode networking (SLIRP or passt): outbound only, no root needed, slow. libvirt\'s default type.'],
          ['ethernet', 'A tap device the host configures itself (scripts, `<target dev>`).'],
          ['hostdev', 'SR-IOV virtual function passed through (VFIO). Needs `<source><address type=\'pci\' …/></source>`; no `<model>`.'],
          ['vhostuser', `A vhost-user socket served by a user-space switch (OVS-DPDK); needs a virtio model.${needs('vhostuser')}`],
          ['vdpa', `A vDPA device (virtio data path in hardware).${needs('vdpa')}`],
          ['mcast', `Multicast tunnel between guests.${needs('mcast')}`],
          ['client', `TCP tunnel, client side.${needs('client')}`],
          ['server', `TCP tunnel, server side.${needs('server')}`],
          ['udp', `UDP tunnel.${needs('udp')} and \`<local address port>\``],
          ['null', 'A NIC connected to nothing.'],
          ['vds', `VMware distributed switch (ESX driver).${needs('vds')}`],
          ['internal', `VirtualBox internal network.${needs('internal')}`],
        ),
      },
      trustGuestRxFilters: { summary: 'Let the host follow MAC/multicast filter changes the guest makes (macvtap, SR-IOV).', values: valueTable(['yes', 'Trust the guest.'], ['no', 'Ignore them.']) },
    },
  },
  'interface/mac': { summary: 'MAC address of the interface; libvirt generates one (52:54:00:…) when omitted.', empty: true, attrs: { address: { summary: 'The MAC address.', format: '52:54:00:xx:xx:xx' } } },
  'interface/source': {
    summary: 'What the interface connects to; which attribute depends on the interface `type` (libvirt refuses the interface without it).',
    attrs: {
      network: SOURCE_ATTR('Name of the libvirt network (`type=\'network\'`).', 'a network name, e.g. default', 'network'),
      portgroup: { summary: 'Port group of the network whose settings apply.', format: 'a port group name' },
      bridge: SOURCE_ATTR('Name of the host bridge (`type=\'bridge\'`).', 'a bridge name, e.g. br0', 'bridge'),
      dev: { summary: 'Host NIC macvtap sits on (`type=\'direct\'`), or the vDPA character device (`type=\'vdpa\'`).', format: 'a device name or path' },
      mode: { summary: 'macvtap mode (direct), or client/server (vhostuser, required).', values: valueTable(['vepa', 'direct: all traffic through the external switch (default).'], ['bridge', 'direct: guests on the same NIC talk directly.'], ['private', 'direct: guests isolated.'], ['passthrough', 'direct: the NIC (or VF) given to one guest.'], ['client', 'vhostuser: QEMU connects to the socket.'], ['server', 'vhostuser: QEMU listens on the socket.']) },
      type: { summary: 'vhostuser: socket type; only `unix`.', values: valueTable(['unix', 'A UNIX socket.']) },
      path: { summary: 'vhostuser: socket path.', format: 'an absolute path' },
      address: { summary: 'Tunnel address (mcast, client, udp; optional for server).', format: 'an IP address' },
      port: { summary: 'Tunnel port.', format: 'a port number' },
    },
    children: ['address', 'local'],
  },
  'interface/model': {
    summary: 'The NIC model the guest sees. Without it, libvirt gives x86 QEMU guests an emulated rtl8139; `virtio` is the fast paravirtualized NIC.',
    empty: true,
    attrs: {
      type: {
        summary: 'NIC model.',
        values: valueTable(
          ['virtio', 'virtio-net: paravirtualized, fastest, multiqueue and vhost-net; needs virtio drivers in the guest (Linux, BSD, Windows with virtio-win). virt-install\'s choice.'],
          ['virtio-transitional', 'virtio-net for legacy and modern drivers (conventional PCI slot).', { since: '5.2.0' }],
          ['virtio-non-transitional', 'virtio-net for modern (virtio 1.0) drivers only.', { since: '5.2.0' }],
          ['e1000e', 'Emulated Intel 82574 (PCIe); Windows has drivers built in.', EMULATED],
          ['e1000', 'Emulated Intel 82540EM (PCI).', EMULATED],
          ['igb', 'Emulated Intel 82576 with SR-IOV (for testing igb/VF drivers).', { since: '9.3.0', ...EMULATED }],
          ['rtl8139', 'Emulated Realtek 8139: libvirt\'s default on x86 when no model is written; oldest and slowest.', EMULATED],
          ['vmxnet3', 'Emulated VMware paravirtual NIC (for guests moved from VMware).', EMULATED],
          ['usb-net', 'A USB network adapter.', { since: '10.3.0' }],
          ['spapr-vlan', 'pSeries virtual LAN.'],
        ),
      },
    },
  },
  'interface/driver': {
    summary: 'Back-end tuning of a virtio NIC: vhost-net or QEMU, queues, ring sizes.',
    attrs: {
      name: { summary: 'Back end of virtio-net.', values: valueTable(['vhost', 'vhost-net in the host kernel (default when available).'], ['qemu', 'QEMU user space.']) },
      queues: { summary: 'Number of queue pairs (multiqueue virtio-net); up to the vCPU count helps.', format: 'a number' },
      rx_queue_size: { summary: 'Receive ring size: a power of two, 256–1024.', format: 'a power of two' },
      tx_queue_size: { summary: 'Transmit ring size: a power of two, 256–1024.', format: 'a power of two' },
    },
  },
  'interface/target': { summary: 'Name of the host-side tap device (`vnetN` when omitted).', empty: true, attrs: { dev: { summary: 'Tap device name.', format: 'a device name' } } },
  'interface/link': { summary: 'Link state seen by the guest.', empty: true, attrs: { state: { summary: 'Cable plugged in or not.', values: valueTable(['up', 'Link up.'], ['down', 'Link down.']) } } },
  'interface/mtu': { summary: 'MTU of the host side and, for virtio, the guest.', empty: true, attrs: { size: { summary: 'MTU in bytes.', format: 'bytes, e.g. 9000' } } },
  'interface/virtualport': { summary: 'Open vSwitch or 802.1Qbg/bh port settings.', attrs: { type: { summary: 'Kind of virtual port.', values: valueTable(['openvswitch', 'An Open vSwitch bridge.'], ['802.1Qbg', 'VEPA with VSI.'], ['802.1Qbh', 'VN-Tag.'], ['midonet', 'MidoNet.']) } } },
};
