import { describedValues, onOff, valueTable, type ElementFact, type FactTable } from '../../../factTypes';
import { CHANNEL_TARGET_TYPES, CONSOLE_TARGET_TYPES, SERIAL_MODELS, SERIAL_TARGET_TYPES } from '../model/chardev';

const SOURCE: ElementFact = {
  summary: 'The host side of the character device; which attributes depend on the device `type` (pty, file, unix, tcp …).',
  attrs: {
    path: { summary: 'File, device or UNIX socket path (file, dev, pipe, unix).', format: 'an absolute path' },
    mode: { summary: 'unix/tcp: who connects.', values: valueTable(['bind', 'QEMU listens.'], ['connect', 'QEMU connects (default).']) },
    host: { summary: 'tcp/udp: host address.', format: 'a host name or IP address' },
    service: { summary: 'tcp/udp: port.', format: 'a port number' },
    channel: { summary: 'spiceport: channel name.', format: 'a name' },
    append: { summary: 'file: append to the file instead of truncating it.', values: onOff('Append.', 'Truncate.') },
    tls: { summary: 'tcp: encrypt with TLS (certificates from qemu.conf).', values: valueTable(['yes', 'TLS.'], ['no', 'Plain TCP.']) },
    master: { summary: 'nmdm (bhyve): the master side of the null-modem pair.', format: 'a device path' },
    slave: { summary: 'nmdm (bhyve): the slave side of the null-modem pair.', format: 'a device path' },
  },
};

const SERIAL_TARGET_TYPE_VALUES = describedValues(SERIAL_TARGET_TYPES, {
  'isa-serial': ['The 16550 UART of PC machines (x86); written or not, libvirt uses the machine\'s default serial port.', { since: '1.0.2' }],
  'usb-serial': 'A USB serial adapter (needs a USB controller).',
  'pci-serial': 'A PCI serial card (pci-serial).',
  'spapr-vio-serial': ['pSeries (ppc64) VIO serial (spapr-vty); not on other machines.', { since: '3.10.0' }],
  'system-serial': ['The machine\'s built-in UART: pl011 on ARM `virt`, 16550a on RISC-V and LoongArch `virt`.', { since: '3.10.0' }],
  'sclp-serial': ['s390 SCLP console; s390 guests only.', { since: '3.10.0' }],
  'isa-debug': ['The ISA debug console port (isa-debugcon); x86.', { since: '8.1.0' }],
});

const SERIAL_MODEL_VALUES = describedValues(SERIAL_MODELS, {
  'isa-serial': 'For target type isa-serial.',
  'usb-serial': 'For target type usb-serial.',
  'pci-serial': 'For target type pci-serial.',
  'spapr-vty': 'For target type spapr-vio-serial (pSeries).',
  pl011: 'For target type system-serial on ARM `virt`.',
  '16550a': ['For target type system-serial on RISC-V and LoongArch `virt`.', { since: '4.7.0' }],
  sclpconsole: 'For target type sclp-serial (s390).',
  sclplmconsole: 'For target type sclp-serial (s390, line mode).',
  'isa-debugcon': ['For target type isa-debug.', { since: '8.1.0' }],
});

const CHR_TYPE = { summary: 'Host side of the device.', values: valueTable(['pty', 'A pseudo-terminal (`virsh console`).'], ['file', 'Output to a file.'], ['unix', 'A UNIX socket.'], ['tcp', 'A TCP socket.'], ['udp', 'UDP.'], ['pipe', 'A named pipe.'], ['dev', 'A host character device.'], ['stdio', 'QEMU\'s standard I/O.'], ['null', 'Discards output.'], ['vc', 'A virtual console.'], ['spicevmc', 'SPICE agent channel.'], ['spiceport', 'A SPICE port.'], ['qemu-vdagent', 'QEMU\'s clipboard agent.'], ['dbus', 'D-Bus display.']) };

/** Facts for character devices: `<serial>`, `<console>`, `<channel>` and their targets. */
export const chardevFacts: FactTable = {
  'devices/serial': { summary: 'A serial port of the guest; `<target type>` says which kind of port, `type` what it is connected to on the host.', docsAnchor: 'consoles-serial-parallel-channel-devices', snippetAttrs: ['type'], children: ['source', 'target', 'log', 'alias', 'address'], attrs: { type: CHR_TYPE } },
  'devices/console': { summary: 'A text console; the first one is usually the first serial port (`<target type=\'serial\'>`), others are virtio consoles.', docsAnchor: 'consoles-serial-parallel-channel-devices', snippetAttrs: ['type'], children: ['source', 'target', 'log', 'alias'], attrs: { type: CHR_TYPE } },
  'devices/channel': { summary: 'A host–guest channel, e.g. the QEMU guest agent (`<target type=\'virtio\' name=\'org.qemu.guest_agent.0\'/>`); its target type must be written.', docsAnchor: 'consoles-serial-parallel-channel-devices', snippetAttrs: ['type'], children: ['source', 'target', 'alias', 'address'], attrs: { type: CHR_TYPE } },
  'devices/parallel': { summary: 'A parallel port (not on s390 or pSeries).', children: ['source', 'target', 'alias', 'address'], attrs: { type: CHR_TYPE } },
  'serial/source': SOURCE,
  'console/source': SOURCE,
  'channel/source': SOURCE,
  'parallel/source': SOURCE,
  'serial/target': {
    summary: 'The kind of serial port the guest sees.',
    children: ['model'],
    attrs: {
      type: { summary: 'Kind of serial port; libvirt picks the machine\'s default when omitted.', values: SERIAL_TARGET_TYPE_VALUES },
      port: { summary: 'Port number, from 0.', format: 'a number' },
    },
  },
  'target/model': { summary: 'The device model behind a serial target type.', empty: true, attrs: { name: { summary: 'Device model; must belong to the target type.', values: SERIAL_MODEL_VALUES } } },
  'console/target': {
    summary: 'Where the console appears in the guest.',
    empty: true,
    attrs: {
      type: {
        summary: 'Console kind.',
        values: describedValues(CONSOLE_TARGET_TYPES, {
          serial: 'The first serial port (QEMU\'s usual first console).',
          virtio: 'A virtio console (hvc0 in Linux).',
          xen: 'Xen console (Xen driver only).',
          uml: 'User Mode Linux console (not QEMU).',
          lxc: 'LXC container console (not QEMU).',
          openvz: 'OpenVZ console (not QEMU).',
          sclp: 's390 SCLP console.',
          sclplm: 's390 SCLP line-mode console.',
        }),
      },
      port: { summary: 'Console number, from 0.', format: 'a number' },
    },
  },
  'channel/target': {
    summary: 'The guest end of the channel; `type` is required.',
    empty: true,
    attrs: {
      type: { summary: 'Channel kind (required).', values: describedValues(CHANNEL_TARGET_TYPES, { virtio: 'A virtio-serial port named by `name` (guest agent, SPICE agent).', guestfwd: 'Forwards guest TCP connections to `address:port` to the host side (user networking).', xen: 'Xen channel (Xen driver only).' }) },
      name: { summary: 'virtio/xen: port name the guest opens.', format: 'e.g. org.qemu.guest_agent.0' },
      address: { summary: 'guestfwd: guest-side IPv4 address.', format: 'an IPv4 address' },
      port: { summary: 'guestfwd: guest-side port.', format: 'a port number' },
      state: { summary: 'Output only: whether the guest side is connected.', values: valueTable(['connected', 'Guest side open.'], ['disconnected', 'Guest side closed.']) },
    },
  },
};
