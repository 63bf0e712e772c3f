import { diskFacts } from './disk';
import { onOff, type FactTable, type ValueFact } from './types';

const SCSI_MODELS: ValueFact[] = [
  { value: 'virtio-scsi', summary: 'virtio-scsi: many disks and LUNs on one PCI device, the full SCSI command set, IOThread support. The model to use for KVM guests.' },
  { value: 'virtio-non-transitional', summary: 'virtio-scsi for modern (virtio 1.0) drivers only; can sit in a PCIe slot.', since: '5.2.0' },
  { value: 'virtio-transitional', summary: 'virtio-scsi for legacy and modern drivers; conventional PCI slot.', since: '5.2.0' },
  { value: 'lsilogic', summary: 'Emulated LSI Logic 53C895A.', caution: 'Slow emulated hardware; only for guests without virtio drivers.' },
  { value: 'lsisas1068', summary: 'Emulated LSI SAS1068.', caution: 'Slow emulated hardware; only for guests without virtio drivers.' },
  { value: 'lsisas1078', summary: 'Emulated LSI SAS1078 (MegaRAID).', caution: 'Slow emulated hardware; only for guests without virtio drivers.' },
  { value: 'auto', summary: 'libvirt picks a model from QEMU\'s capabilities (historically LSI first).', caution: 'May not be virtio-scsi: write the model explicitly.' },
  { value: 'buslogic', summary: 'BusLogic (other hypervisors).' },
  { value: 'ibmvscsi', summary: 'IBM virtual SCSI (pSeries).' },
  { value: 'vmpvscsi', summary: 'VMware paravirtual SCSI (other hypervisors).' },
  { value: 'ncr53c90', summary: 'NCR 53C90, only where built into the machine.' },
  { value: 'am53c974', summary: 'AMD 53C974.' },
  { value: 'dc390', summary: 'Tekram DC-390.' },
];

const PCI_MODELS: ValueFact[] = [
  { value: 'pci-root', summary: 'Root bus of i440fx machines.' },
  { value: 'pcie-root', summary: 'Root complex of q35 machines: 31 slots, no hot-plug directly on it.' },
  { value: 'pcie-root-port', summary: 'One hot-pluggable PCIe slot (each virtio-blk disk on q35 needs one); cannot be hot-plugged itself.' },
  { value: 'pcie-to-pci-bridge', summary: 'Adds 31 conventional PCI slots to a PCIe machine.' },
  { value: 'pci-bridge', summary: 'Adds 31 conventional PCI slots.' },
  { value: 'pcie-switch-upstream-port', summary: 'Upstream side of a PCIe switch.' },
  { value: 'pcie-switch-downstream-port', summary: 'One slot below a PCIe switch.' },
  { value: 'pci-expander-bus', summary: 'An extra root bus (NUMA placement) on i440fx.' },
  { value: 'pcie-expander-bus', summary: 'An extra root bus (NUMA placement) on q35.' },
  { value: 'dmi-to-pci-bridge', summary: 'Legacy bridge from PCIe to PCI.' },
];

const IDE_MODELS: ValueFact[] = [
  { value: 'piix3', summary: 'PIIX3 (VirtualBox only).', since: '3.10.0' },
  { value: 'piix4', summary: 'PIIX4 (VirtualBox only).', since: '3.10.0' },
  { value: 'ich6', summary: 'ICH6 (VirtualBox only).', since: '3.10.0' },
];

const USB_MODELS: ValueFact[] = [
  { value: 'qemu-xhci', summary: 'QEMU\'s USB 3 controller; the usual choice for modern guests.' },
  { value: 'nec-xhci', summary: 'NEC USB 3 controller.' },
  { value: 'ich9-ehci1', summary: 'ICH9 USB 2 controller (with ich9-uhci companions).' },
  { value: 'ich9-uhci1', summary: 'ICH9 USB 1 companion of ich9-ehci1 (ports 0–1).' },
  { value: 'ich9-uhci2', summary: 'ICH9 USB 1 companion of ich9-ehci1 (ports 2–3).' },
  { value: 'ich9-uhci3', summary: 'ICH9 USB 1 companion of ich9-ehci1 (ports 4–5).' },
  { value: 'ehci', summary: 'Generic USB 2 controller.' },
  { value: 'pci-ohci', summary: 'OHCI USB 1 controller on PCI.' },
  { value: 'piix4-uhci', summary: 'PIIX4 USB 1 controller.' },
  { value: 'vt82c686b-uhci', summary: 'VIA USB 1 controller.' },
  { value: 'qusb1', summary: 'Xen USB 1.1 controller.' },
  { value: 'qusb2', summary: 'Xen USB 2 controller.' },
  { value: 'piix3-uhci', summary: 'PIIX3 USB 1 controller (i440fx default).' },
  { value: 'none', summary: 'No USB controller at all.' },
];

const VIRTIO_MODELS: ValueFact[] = [
  { value: 'virtio', summary: 'Depends on the machine type (compatibility).' },
  { value: 'virtio-transitional', summary: 'Legacy and modern drivers.', since: '5.2.0' },
  { value: 'virtio-non-transitional', summary: 'Modern drivers only.', since: '5.2.0' },
];

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
        values: [
          { value: 'scsi', summary: 'A SCSI host adapter; `model=\'virtio-scsi\'` for KVM guests.' },
          { value: 'sata', summary: 'An AHCI controller (the first one is built into q35).' },
          { value: 'ide', summary: 'An IDE controller.', caution: 'Not available on q35.' },
          { value: 'fdc', summary: 'The floppy controller.' },
          { value: 'usb', summary: 'A USB host controller.' },
          { value: 'virtio-serial', summary: 'Ports for `<channel>` and `<console>` devices.' },
          { value: 'ccid', summary: 'A smartcard reader bus.' },
          { value: 'pci', summary: 'PCI/PCIe topology: roots, root ports and bridges.' },
          { value: 'xenbus', summary: 'Xen paravirtual bus.' },
          { value: 'isa', summary: 'ISA bus.' },
        ],
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
  'controller/pcihole64': { summary: 'pci-root / pcie-root: size of the 64-bit PCI hole.', text: true, attrs: { unit: { summary: 'Unit of the size.', default: 'KiB', values: ['KiB', 'MiB', 'GiB'].map((u) => ({ value: u, summary: u })) } } },
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
