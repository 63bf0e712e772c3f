import { valuesOf, valueTable, type AttrFact, type FactTable, type ValueRow } from '../../../factTypes';
import { BOOT_DEVS } from '../model/boot';

const BOOT_DEV_SUMMARY: Record<string, string> = { hd: 'The first hard disk.', cdrom: 'The first CD-ROM.', network: 'The network (PXE).', fd: 'The first floppy.' };

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
  'iothreadids/iothread': { summary: 'One IOThread.', empty: true, attrs: { id: { summary: 'IOThread id, referenced by `<driver iothread>` and `<iothreadpin>`; each id once.', format: 'a number from 1' }, thread_pool_min: { summary: 'Fewest worker threads of this IOThread\'s pool.', since: '8.5.0', format: 'a number' }, thread_pool_max: { summary: 'Most worker threads of this IOThread\'s pool.', since: '8.5.0', format: 'a number' } } },
  'domain/os': { summary: 'Boot configuration: guest type, machine type, firmware and boot order.', children: ['type', 'loader', 'nvram', 'boot', 'bootmenu', 'smbios', 'kernel', 'initrd', 'cmdline'], attrs: { firmware: { summary: 'Automatic firmware selection.', values: valueTable(['efi', 'UEFI firmware.'], ['bios', 'Legacy BIOS.']) } } },
  'os/type': {
    summary: 'Kind of guest (`hvm` for full virtualization) with architecture and machine type.',
    text: true,
    attrs: {
      arch: { summary: 'CPU architecture, e.g. x86_64.', format: 'an architecture' },
      machine: { summary: 'Machine type, e.g. q35 or pc-q35-8.2 (PCIe, SATA) or pc (i440fx, PCI, IDE).', format: 'a machine type' },
    },
  },
  'os/boot': {
    summary: 'A boot device class, one element each in boot order (up to four). Not together with per-device `<boot order>`, which can pick one disk among several.',
    empty: true,
    docsAnchor: 'bios-bootloader',
    attrs: { dev: { summary: 'Device class to boot from (required).', values: valueTable(...BOOT_DEVS.map((v): ValueRow => [v, BOOT_DEV_SUMMARY[v]])) } },
  },
  'os/bootmenu': { summary: 'Interactive boot menu of the firmware.', empty: true, attrs: { enable: { summary: 'Show the menu.', values: valueTable(['yes', 'Show it.'], ['no', 'Do not.']) }, timeout: { summary: 'Milliseconds to wait, 0–65535.', format: 'milliseconds' } } },
  'domain/features': { summary: 'Hypervisor features to turn on (acpi, apic, …).', children: ['acpi', 'apic', 'pae', 'hyperv', 'kvm', 'vmport', 'smm', 'ioapic'] },
  'features/acpi': { summary: 'ACPI tables for the guest (power button, and how a virtio IOMMU is found).', empty: true },
  'features/apic': { summary: 'The APIC.', empty: true },
  'features/ioapic': { summary: 'Where the I/O APIC is emulated.', empty: true, attrs: { driver: { summary: 'I/O APIC implementation.', values: valueTable(['kvm', 'In the host kernel (the default on KVM).'], ['qemu', 'Split: in QEMU; needed for the intel IOMMU\'s interrupt remapping.']) } } },
  boot: { summary: 'Boot from this device, in the given order (per-device boot order); not together with `<os><boot>`.', empty: true, attrs: { order: { summary: 'Position in the boot order, from 1; each number once per domain.', format: 'a number from 1' }, loadparm: { summary: 's390: boot parameter for the boot loader.', format: 'up to 8 characters' } } },
  'domain/cputune': { summary: 'Host CPU placement and scheduling of vCPUs, the emulator and IOThreads.', docsAnchor: 'cpu-tuning', children: ['vcpupin', 'emulatorpin', 'iothreadpin', 'shares', 'period', 'quota', 'vcpusched', 'iothreadsched'] },
  'cputune/vcpupin': { summary: 'Host CPUs one vCPU may run on.', empty: true, attrs: { vcpu: { summary: 'vCPU id, from 0.', format: 'a number' }, cpuset: { summary: 'Host CPUs.', format: 'e.g. 1-4,^3' } } },
  'cputune/emulatorpin': { summary: 'Host CPUs QEMU\'s own threads may run on.', empty: true, attrs: { cpuset: { summary: 'Host CPUs.', format: 'e.g. 1-4,^3' } } },
  'cputune/iothreadpin': { summary: 'Host CPUs one IOThread may run on; the IOThread must exist (`<iothreadids>` or 1..`<iothreads>`), pinned once.', empty: true, attrs: { iothread: { summary: 'IOThread id.', format: 'an IOThread id from 1' }, cpuset: { summary: 'Host CPUs (required).', format: 'e.g. 1-4,^3' } } },
  'cputune/iothreadsched': { summary: 'Real-time or batch scheduling of IOThreads.', empty: true, attrs: { iothreads: { summary: 'The IOThreads, as a list of ids the domain has.', format: 'e.g. 1-2' }, scheduler: { summary: 'Scheduler.', values: valueTable(['batch', 'Batch.'], ['idle', 'Idle.'], ['fifo', 'Real-time FIFO (needs priority).'], ['rr', 'Real-time round robin (needs priority).']) }, priority: { summary: 'Real-time priority.', format: 'a number' } } },
  'cputune/vcpusched': { summary: 'Scheduling of vCPUs.', empty: true },
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
  'devices/hostdev': { summary: 'A host device passed through (PCI, USB, SCSI, mdev).' },
  'devices/input': { summary: 'An input device (tablet, mouse, keyboard).' },
  'devices/graphics': { summary: 'A graphical console (VNC, SPICE).' },
  'devices/video': { summary: 'A video card.' },
  'devices/sound': { summary: 'A sound card.' },
  'devices/audio': { summary: 'An audio backend.' },
  'devices/watchdog': { summary: 'A watchdog device.' },
  'devices/memballoon': { summary: 'The memory balloon device.' },
  'devices/rng': { summary: 'A random number generator device.' },
  'devices/filesystem': { summary: 'A host directory shared with the guest (virtiofs, 9p).' },
  'devices/redirdev': { summary: 'A USB redirection channel.' },
  'devices/smartcard': { summary: 'A smartcard device.' },
  'devices/hub': { summary: 'A USB hub.' },
  'devices/panic': { summary: 'A panic notifier device.' },
  'devices/shmem': { summary: 'A shared memory device.' },
  'devices/memory': { summary: 'A memory module (hot-plug).' },
  'devices/vsock': { summary: 'A virtio vsock device.' },
  'devices/lease': { summary: 'A lock-manager lease.' },
};
