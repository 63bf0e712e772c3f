import { valuesOf, valueTable, type AttrFact, type FactTable } from '../../../factTypes';

const MEMORY_UNIT: AttrFact = { summary: 'Unit of the amount.', default: 'KiB', values: valuesOf(['KiB', 'MiB', 'GiB', 'TiB']) };

/**
 * Short facts for the domain skeleton around the devices: enough for completion to offer
 * the right children and for hover to say what an element is for.
 */
export const domainFacts: FactTable = {
  domain: {
    summary: 'A libvirt virtual machine definition.',
    children: ['name', 'uuid', 'title', 'description', 'metadata', 'memory', 'currentMemory', 'vcpu', 'iothreads', 'iothreadids', 'cputune', 'blkiotune', 'memoryBacking', 'numatune', 'resource', 'sysinfo', 'os', 'features', 'cpu', 'clock', 'on_poweroff', 'on_reboot', 'on_crash', 'pm', 'devices', 'seclabel'],
    snippetAttrs: ['type'],
    attrs: {
      type: {
        summary: 'Hypervisor that runs the domain.',
        values: valueTable(
          ['kvm', 'QEMU with KVM hardware acceleration.'],
          ['qemu', 'QEMU with software emulation (TCG).'],
          ['xen', 'Xen.'],
          ['lxc', 'Linux containers.'],
          ['test', 'libvirt\'s test driver.'],
        ),
      },
      id: { summary: 'Output only: id of the running domain.', format: 'set by libvirt' },
    },
  },
  'domain/name': { summary: 'Short unique name of the domain (used by virsh).', text: true },
  'domain/uuid': { summary: 'Globally unique id of the domain; generated when omitted.', text: true },
  'domain/title': { summary: 'A one-line title.', text: true },
  'domain/description': { summary: 'Free-form description for people; libvirt ignores it.', text: true },
  'domain/memory': { summary: 'Maximum memory at boot.', text: true, attrs: { unit: MEMORY_UNIT } },
  'domain/currentMemory': { summary: 'Memory actually given to the guest (balloon target).', text: true, attrs: { unit: MEMORY_UNIT } },
  'domain/vcpu': { summary: 'Number of virtual CPUs.', text: true, attrs: { placement: { summary: 'CPU placement.', values: valueTable(['static', 'Use `cpuset`.'], ['auto', 'Ask numad.']) }, cpuset: { summary: 'Host CPUs the vCPUs may run on.', format: 'e.g. 1-4,^3' }, current: { summary: 'vCPUs online at boot.', format: 'a number' } } },
  'domain/iothreads': { summary: 'Number of IOThreads for disks (`<driver iothread>`) and virtio-scsi controllers.', since: '1.2.8', text: true },
  'domain/iothreadids': { summary: 'Explicit IOThread ids.', since: '1.2.15', children: ['iothread'] },
  'iothreadids/iothread': { summary: 'One IOThread.', empty: true, attrs: { id: { summary: 'IOThread id, referenced by `<driver iothread>`.', format: 'a number from 1' } } },
  'domain/os': { summary: 'Boot configuration: guest type, machine type, firmware and boot order.', children: ['type', 'loader', 'nvram', 'boot', 'bootmenu', 'smbios', 'kernel', 'initrd', 'cmdline'], attrs: { firmware: { summary: 'Automatic firmware selection.', values: valueTable(['efi', 'UEFI firmware.'], ['bios', 'Legacy BIOS.']) } } },
  'os/type': {
    summary: 'Kind of guest (`hvm` for full virtualization) with architecture and machine type.',
    text: true,
    attrs: {
      arch: { summary: 'CPU architecture, e.g. x86_64.', format: 'an architecture' },
      machine: { summary: 'Machine type, e.g. q35 or pc-q35-8.2 (PCIe, SATA) or pc (i440fx, PCI, IDE).', format: 'a machine type' },
    },
  },
  'os/boot': { summary: 'A boot device, in order; cannot be combined with per-device `<boot order>`.', empty: true, attrs: { dev: { summary: 'Device class to boot from.', values: valueTable(['hd', 'Hard disk.'], ['cdrom', 'CD-ROM.'], ['network', 'Network (PXE).'], ['fd', 'Floppy.']) } } },
  'domain/features': { summary: 'Hypervisor features to turn on (acpi, apic, …).', children: ['acpi', 'apic', 'pae', 'hyperv', 'kvm', 'vmport', 'smm', 'ioapic'] },
  'domain/cpu': { summary: 'CPU model and topology shown to the guest.', attrs: { mode: { summary: 'How the CPU model is chosen.', values: valueTable(['host-passthrough', 'Pass the host CPU through (no migration to different hosts).'], ['host-model', 'A model close to the host CPU.'], ['custom', 'The model written in `<model>`.'], ['maximum', 'Everything the hypervisor can offer.']) } } },
  'domain/clock': { summary: 'Guest clock offset and timers.', attrs: { offset: { summary: 'Offset of the guest clock.', values: valueTable(['utc', 'UTC (Linux guests).'], ['localtime', 'Host local time (Windows guests).'], ['variable', 'An adjustment.'], ['timezone', 'A named time zone.']) } } },
  'domain/on_poweroff': { summary: 'What to do when the guest powers off.', text: true },
  'domain/on_reboot': { summary: 'What to do when the guest reboots.', text: true },
  'domain/on_crash': { summary: 'What to do when the guest crashes.', text: true },
  'domain/devices': {
    summary: 'The devices of the guest: disks, controllers, network interfaces and the rest.',
    children: ['emulator', 'disk', 'controller', 'filesystem', 'interface', 'hostdev', 'serial', 'console', 'channel', 'input', 'graphics', 'video', 'sound', 'audio', 'watchdog', 'memballoon', 'rng', 'tpm', 'redirdev', 'smartcard', 'hub', 'panic', 'shmem', 'memory', 'iommu', 'vsock', 'lease'],
  },
  'devices/emulator': { summary: 'Path of the QEMU binary.', text: true },
  'devices/interface': {
    summary: 'A network interface.',
    snippetAttrs: ['type'],
    children: ['mac', 'source', 'model', 'driver', 'target', 'boot', 'address', 'alias'],
    attrs: { type: { summary: 'How the interface connects.', values: valueTable(['network', 'A libvirt virtual network.'], ['bridge', 'A host bridge.'], ['direct', 'macvtap on a host NIC.'], ['user', 'User-mode networking.'], ['hostdev', 'PCI pass-through of a NIC.'], ['vhostuser', 'A vhost-user socket.']) } },
  },
  'interface/mac': { summary: 'MAC address of the interface.', empty: true, attrs: { address: { summary: 'The MAC address.', format: '52:54:00:xx:xx:xx' } } },
  'interface/source': { summary: 'What the interface connects to.', empty: true, attrs: { network: { summary: 'Name of the libvirt network.', format: 'a network name' }, bridge: { summary: 'Name of the host bridge.', format: 'a bridge name' }, dev: { summary: 'Host NIC (direct).', format: 'a device name' } } },
  'interface/model': { summary: 'NIC model shown to the guest.', empty: true, attrs: { type: { summary: 'NIC model.', values: valueTable(['virtio', 'virtio-net (fastest).'], ['e1000e', 'Intel 82574 emulation.'], ['e1000', 'Intel 82540 emulation.'], ['rtl8139', 'Realtek 8139 emulation.']) } } },
  'devices/hostdev': { summary: 'A host device passed through (PCI, USB, SCSI, mdev).' },
  'devices/serial': { summary: 'A serial port.' },
  'devices/console': { summary: 'A text console.' },
  'devices/channel': { summary: 'A host–guest communication channel (e.g. the guest agent).' },
  'devices/input': { summary: 'An input device (tablet, mouse, keyboard).' },
  'devices/graphics': { summary: 'A graphical console (VNC, SPICE).' },
  'devices/video': { summary: 'A video card.' },
  'devices/sound': { summary: 'A sound card.' },
  'devices/audio': { summary: 'An audio backend.' },
  'devices/watchdog': { summary: 'A watchdog device.' },
  'devices/memballoon': { summary: 'The memory balloon device.' },
  'devices/rng': { summary: 'A random number generator device.' },
  'devices/tpm': { summary: 'A TPM device.' },
  'devices/filesystem': { summary: 'A host directory shared with the guest (virtiofs, 9p).' },
  'devices/redirdev': { summary: 'A USB redirection channel.' },
  'devices/smartcard': { summary: 'A smartcard device.' },
  'devices/hub': { summary: 'A USB hub.' },
  'devices/panic': { summary: 'A panic notifier device.' },
  'devices/shmem': { summary: 'A shared memory device.' },
  'devices/memory': { summary: 'A memory module (hot-plug).' },
  'devices/iommu': { summary: 'An emulated IOMMU.' },
  'devices/vsock': { summary: 'A virtio vsock device.' },
  'devices/lease': { summary: 'A lock-manager lease.' },
};
