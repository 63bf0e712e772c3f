import { diskFacts } from './disk';
import { onOff, valuesOf, valueTable, type FactTable, type ValueFact } from '../../../factTypes';
import { PCI_BUS_MODELS } from '../model/pci';

const EMULATED = { caution: 'Slow emulated hardware; only for guests without virtio drivers.' };

const SCSI_MODELS = valueTable(
  ['virtio-scsi', 'virtio-scsi: many disks and LUNs on one PCI device, the full SCSI command set, IOThread support. The model to use for KVM guests.'],
  ['virtio-non-transitional', 'virtio-scsi for modern (virtio 1.0) drivers only; can sit in a PCIe slot.', { since: '5.2.0' }],
  ['virtio-transitional', 'virtio-scsi for legacy and modern drivers; conventional PCI slot.', { since: '5.2.0' }],
  ['lsilogic', 'Emulated LSI Logic 53C895A.', EMULATED],
  ['lsisas1068', 'Emulated LSI SAS1068.', EMULATED],
  ['lsisas1078', 'Emulated LSI SAS1078 (MegaRAID).', EMULATED],
  ['auto', 'libvirt picks a model from QEMU\'s capabilities (historically LSI first).', { caution: 'May not be virtio-scsi: write the model explicitly.' }],
  ['buslogic', 'BusLogic (other hypervisors).'],
  ['ibmvscsi', 'IBM virtual SCSI (pSeries).'],
  ['vmpvscsi', 'VMware paravirtual SCSI (other hypervisors).'],
  ['ncr53c90', 'NCR 53C90, only where built into the machine.'],
  ['am53c974', 'AMD 53C974.'],
  ['dc390', 'Tekram DC-390.'],
);

/** The PCI controller models, described from the topology facts (model/pci.ts). */
const PCI_MODELS: ValueFact[] = Object.entries(PCI_BUS_MODELS).map(([value, m]) => ({ value, summary: m.summary }));

const IDE_MODELS = valueTable(
  ['piix3', 'PIIX3 (VirtualBox only).', { since: '3.10.0' }],
  ['piix4', 'PIIX4 (VirtualBox only).', { since: '3.10.0' }],
  ['ich6', 'ICH6 (VirtualBox only).', { since: '3.10.0' }],
);

const USB_MODELS = valueTable(
  ['qemu-xhci', 'QEMU\'s USB 3 controller; the usual choice for modern guests.'],
  ['nec-xhci', 'NEC USB 3 controller.'],
  ['ich9-ehci1', 'ICH9 USB 2 controller (with ich9-uhci companions).'],
  ['ich9-uhci1', 'ICH9 USB 1 companion of ich9-ehci1 (ports 0–1).'],
  ['ich9-uhci2', 'ICH9 USB 1 companion of ich9-ehci1 (ports 2–3).'],
  ['ich9-uhci3', 'ICH9 USB 1 companion of ich9-ehci1 (ports 4–5).'],
  ['ehci', 'Generic USB 2 controller.'],
  ['pci-ohci', 'OHCI USB 1 controller on PCI.'],
  ['piix4-uhci', 'PIIX4 USB 1 controller.'],
  ['vt82c686b-uhci', 'VIA USB 1 controller.'],
  ['qusb1', 'Xen USB 1.1 controller.'],
  ['qusb2', 'Xen USB 2 controller.'],
  ['piix3-uhci', 'PIIX3 USB 1 controller (i440fx default).'],
  ['none', 'No USB controller at all.'],
);

const VIRTIO_MODELS = valueTable(
  ['virtio', 'Depends on the machine type (compatibility).'],
  ['virtio-transitional', 'Legacy and modern drivers.', { since: '5.2.0' }],
  ['virtio-non-transitional', 'Modern drivers only.', { since: '5.2.0' }],
);

/** Facts for `<controller>` (as far as disks are concerned) and its children. */
export const controllerFacts: FactTable = {
  controller: {
    summary: 'A bus that devices attach to. libvirt adds controllers it needs, but list them when you need a particular model (write `model=\'virtio-scsi\'` for SCSI disks) or a planned PCI layout.',
    docsAnchor: 'controllers',
    children: ['driver', 'address', 'alias', 'model', 'target'],
    snippetAttrs: ['type', 'index', 'model'],
    attrs: {
      type: {
        summary: 'Kind of bus.',
        values: valueTable(
          ['scsi', 'A SCSI host adapter; `model=\'virtio-scsi\'` for KVM guests.'],
          ['sata', 'An AHCI controller (the first one is built into q35).'],
          ['ide', 'An IDE controller.', { caution: 'Not available on q35.' }],
          ['fdc', 'The floppy controller.'],
          ['usb', 'A USB host controller.'],
          ['virtio-serial', 'Ports for `<channel>` and `<console>` devices.'],
          ['ccid', 'A smartcard reader bus.'],
          ['pci', 'PCI/PCIe topology: roots, root ports and bridges.'],
          ['xenbus', 'Xen paravirtual bus.'],
          ['isa', 'ISA bus.'],
        ),
      },
      index: { summary: 'Order of this controller among those of its type; disks refer to it with `address/@controller`. Optional since 1.3.5 (the lowest free index is used).', format: 'a decimal number' },
      model: {
        summary: 'Exact hardware model; the values depend on the type. For SCSI there is no plain `virtio` model: `virtio-scsi` is that model.',
        valuesBy: { attr: 'type', cases: { scsi: SCSI_MODELS, pci: PCI_MODELS, ide: IDE_MODELS, usb: USB_MODELS, 'virtio-serial': VIRTIO_MODELS } },
      },
      ports: { summary: 'Number of ports (usb, virtio-serial, sata).', format: 'a number' },
      vectors: { summary: 'MSI vectors (virtio-serial).', format: 'a number' },
      maxGrantFrames: { summary: 'xenbus: maximum grant frames.', format: 'a number' },
      maxEventChannels: { summary: 'xenbus: maximum event channels.', format: 'a number' },
    },
  },
  'controller/driver': {
    summary: 'Tuning of the controller (QEMU/KVM).',
    empty: true,
    attrs: {
      queues: { summary: 'Number of request queues; matching the vCPU count is usual.', since: '1.0.5', format: 'a number' },
      cmd_per_lun: { summary: 'Most commands queued per device.', since: '1.2.7', format: 'a number' },
      max_sectors: { summary: 'Largest transfer per command, in 512-byte sectors.', since: '1.2.7', format: 'a number' },
      ioeventfd: { summary: 'Handle notifications in a separate thread.', since: '1.2.18', values: onOff('Use a separate thread.', 'Handle them in the vCPU thread.') },
      iothread: { summary: 'virtio-scsi with a PCI or CCW address: the IOThread serving every disk on this controller. Use several controllers for per-disk IOThreads (QEMU 2.4).', since: '1.3.5', format: 'an IOThread id' },
      iommu: diskFacts['disk/driver'].attrs!.iommu,
      ats: diskFacts['disk/driver'].attrs!.ats,
      packed: diskFacts['disk/driver'].attrs!.packed,
      page_per_vq: diskFacts['disk/driver'].attrs!.page_per_vq,
    },
  },
  'controller/address': {
    ...diskFacts['disk/address'],
    summary: 'Where the controller itself sits, e.g. a PCI slot. Usually left to libvirt.',
  },
  'controller/master': { summary: 'USB companion controllers (UHCI beside EHCI): the ports of the master controller this one serves.', empty: true, attrs: { startport: { summary: 'First port of the master controller served by this companion.', format: 'a port number' } } },
  'controller/pcihole64': { summary: 'pci-root / pcie-root: size of the 64-bit PCI hole.', text: true, attrs: { unit: { summary: 'Unit of the size.', default: 'KiB', values: valuesOf(['KiB', 'MiB', 'GiB']) } } },
  'controller/model': { summary: 'pci controllers: the emulated device that implements the controller.', empty: true, attrs: { name: { summary: 'QEMU device name, e.g. pcie-root-port.', format: 'a device name' } } },
  'controller/target': {
    summary: 'pci controllers: properties of the bus the controller provides (chassis, port, bus number, NUMA node).',
    children: ['node'],
    attrs: {
      chassis: { summary: 'Chassis number.', format: 'a number' },
      chassisNr: { summary: 'pci-bridge: chassis number.', format: 'a number' },
      port: { summary: 'Port number.', format: 'hex' },
      busNr: { summary: 'Bus number of an expander bus.', format: 'a number' },
      index: { summary: 'spapr-pci-host-bridge: index of the host bridge.', format: 'a number' },
      hotplug: { summary: 'Allow hot-plug on this port.', values: onOff('Allowed.', 'Not allowed.') },
      memReserve: { summary: 'Memory reserved for devices hot-plugged below this port.', format: 'KiB' },
    },
  },
  'target/node': { summary: 'Expander bus: the guest NUMA node it belongs to.', text: true },
};
