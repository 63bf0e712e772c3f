import type { XElement } from '../../../parse/xmlTree';
import { parseIntAttr } from './ints';

/**
 * PCI topology facts of libvirt's QEMU driver, written once and read by the PCI rules, hover
 * and fixes: what each PCI controller model provides (`virDomainPCIAddressBusSetModel` in
 * libvirt's src/conf/domain_addr.c), which functions each x86 machine keeps for its built-in
 * devices (`qemuDomainValidateDevicePCISlotsPIIX3` / `…Q35` in src/qemu/qemu_domain_address.c),
 * and which devices libvirt places on a PCI Express port when they have no address
 * (`qemuDomainDeviceCalculatePCIConnectFlags`).
 */

/** One `<address type='pci'>` as libvirt reads it (numbers in decimal or 0x hex; missing parts are 0). */
export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  function: number;
}

/** What can be plugged into a bus, in the words libvirt's errors use ("It requires a controller that accepts a …"). */
export type PciConnect =
  | 'standard PCI device'
  | 'PCI Express device'
  | 'pcie-root-port'
  | 'pcie-switch-upstream-port'
  | 'pcie-switch-downstream-port'
  | 'dmi-to-pci-bridge'
  | 'pcie-to-pci-bridge'
  | 'pci-expander-bus'
  | 'pcie-expander-bus'
  | 'pci-bridge';

/** What a PCI controller model provides to the devices below it, and what it plugs into. */
export interface PciBusModel {
  /** Lowest and highest usable slot. */
  readonly minSlot: number;
  readonly maxSlot: number;
  /** Whether devices can be hot-plugged into it (unless `<target hotplug='off'/>`). */
  readonly hotplug: boolean;
  /** Whether libvirt places devices without an address on it. */
  readonly autoassign: boolean;
  /** What may be plugged into it. */
  readonly accepts: readonly PciConnect[];
  /** What it is itself, for the bus it plugs into (the roots plug into nothing). */
  readonly connect: PciConnect | undefined;
  /** One line for hover. */
  readonly summary: string;
}

const PCI_ENDPOINTS: readonly PciConnect[] = ['standard PCI device', 'pci-bridge'];

/** libvirt's PCI controller models (domain_addr.c, virDomainPCIAddressBusSetModel and virDomainPCIControllerModelToConnectType). */
export const PCI_BUS_MODELS: Readonly<Record<string, PciBusModel>> = {
  'pci-root': {
    minSlot: 1, maxSlot: 31, hotplug: true, autoassign: true, accepts: [...PCI_ENDPOINTS, 'pci-expander-bus'], connect: undefined,
    summary: 'Root bus of i440fx (pc) machines: slots 1–31, all hot-pluggable; slot 0 is the host bridge.',
  },
  'pcie-root': {
    minSlot: 1, maxSlot: 31, hotplug: false, autoassign: false, accepts: ['PCI Express device', 'pcie-root-port', 'dmi-to-pci-bridge', 'pcie-expander-bus'], connect: undefined,
    summary: 'Root complex of q35 machines: slots 1–31 without hot-plug; libvirt puts devices without an address on pcie-root-ports, not here.',
  },
  'pcie-root-port': {
    minSlot: 0, maxSlot: 0, hotplug: true, autoassign: true, accepts: ['PCI Express device', 'pcie-switch-upstream-port', 'pcie-to-pci-bridge'], connect: 'pcie-root-port',
    summary: 'One hot-pluggable PCIe slot (slot 0 only); each PCIe device on q35, hot-plugged ones included, needs one. Not hot-pluggable itself.',
  },
  'pcie-to-pci-bridge': {
    minSlot: 1, maxSlot: 31, hotplug: true, autoassign: true, accepts: PCI_ENDPOINTS, connect: 'pcie-to-pci-bridge',
    summary: 'Adds 31 hot-pluggable conventional PCI slots (1–31) to a PCIe machine; plugs into a pcie-root-port.',
  },
  'pci-bridge': {
    minSlot: 1, maxSlot: 31, hotplug: true, autoassign: true, accepts: PCI_ENDPOINTS, connect: 'pci-bridge',
    summary: 'Adds 31 hot-pluggable conventional PCI slots (1–31); slot 0 is taken by the bridge\'s hot-plug controller (SHPC).',
  },
  'pcie-switch-upstream-port': {
    minSlot: 0, maxSlot: 31, hotplug: false, autoassign: false, accepts: ['pcie-switch-downstream-port'], connect: 'pcie-switch-upstream-port',
    summary: 'Upstream side of a PCIe switch (plugs into a root port); takes pcie-switch-downstream-ports only.',
  },
  'pcie-switch-downstream-port': {
    minSlot: 0, maxSlot: 0, hotplug: true, autoassign: true, accepts: ['PCI Express device', 'pcie-switch-upstream-port', 'pcie-to-pci-bridge'], connect: 'pcie-switch-downstream-port',
    summary: 'One hot-pluggable PCIe slot (slot 0 only) below a PCIe switch upstream port.',
  },
  'pci-expander-bus': {
    minSlot: 0, maxSlot: 31, hotplug: true, autoassign: true, accepts: PCI_ENDPOINTS, connect: 'pci-expander-bus',
    summary: 'An extra root bus on i440fx, for NUMA placement (plugs into pci-root); slots 0–31.',
  },
  'pcie-expander-bus': {
    minSlot: 0, maxSlot: 31, hotplug: false, autoassign: false, accepts: ['pcie-root-port', 'dmi-to-pci-bridge'], connect: 'pcie-expander-bus',
    summary: 'An extra PCIe root bus on q35, for NUMA placement (plugs into pcie-root); takes pcie-root-ports and dmi-to-pci-bridges only.',
  },
  'dmi-to-pci-bridge': {
    minSlot: 0, maxSlot: 31, hotplug: false, autoassign: false, accepts: PCI_ENDPOINTS, connect: 'dmi-to-pci-bridge',
    summary: 'Legacy bridge from pcie-root to conventional PCI: slots 0–31 without hot-plug (usually with a pci-bridge behind it).',
  },
};

/** The models whose single slot takes a hot-plugged PCIe device. */
export const HOTPLUG_PORT_MODELS: ReadonlySet<string> = new Set(['pcie-root-port', 'pcie-switch-downstream-port']);

/** `0000:00:05.0`, as libvirt prints an address (VIR_PCI_DEVICE_ADDRESS_FMT). */
export function formatPciAddress(a: PciAddress): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${a.function.toString(16)}`;
}

/** A map key of one function. */
export function pciKey(a: PciAddress): string {
  return `${a.domain}:${a.bus}:${a.slot}:${a.function}`;
}

/**
 * The address an `<address type='pci'>` element gives, or undefined when it is not a PCI
 * address, a part is not a number or out of range (the schema reports those).
 */
export function readPciAddress(el: XElement | undefined): PciAddress | undefined {
  if (!el || el.attrValue('type') !== 'pci') return undefined;
  const part = (name: string): number | undefined => {
    const v = el.attrValue(name);
    return v === undefined ? 0 : parseIntAttr(v);
  };
  const domain = part('domain');
  const bus = part('bus');
  const slot = part('slot');
  const fn = part('function');
  if (domain === undefined || bus === undefined || slot === undefined || fn === undefined) return undefined;
  // beyond libvirt's ranges the address is refused when parsed (virPCIDeviceAddressIsValid; the schema says so too)
  if (domain > 0xffff || bus > 0xff || slot > 0x1f || fn > 7) return undefined;
  return { domain, bus, slot, function: fn };
}

/**
 * libvirt reads domain, bus and slot all 0 as "no address" (virPCIDeviceAddressIsEmpty), and
 * assigns one: slot 0 of bus 0 is the host bridge's.
 */
export function isEmptyPciAddress(a: PciAddress): boolean {
  return a.domain === 0 && a.bus === 0 && a.slot === 0;
}

/** The x86 chipsets whose built-in devices take fixed PCI functions. */
export type Chipset = 'i440fx' | 'q35';

/** qemuDomainMachineIsI440FX / qemuDomainMachineIsQ35: the machine name on an x86 guest. */
export function chipsetOf(machine: string | undefined, arch: string | undefined): Chipset | undefined {
  if (machine === undefined) return undefined;
  if (arch !== undefined && arch !== 'x86_64' && arch !== 'i686') return undefined;
  if (machine === 'q35' || machine.startsWith('pc-q35-')) return 'q35';
  if (machine === 'pc' || machine.startsWith('pc-0.') || machine.startsWith('pc-1.') || machine.startsWith('pc-i440fx-') || machine.startsWith('rhel')) return 'i440fx';
  return undefined;
}

/** A function of bus 0 that a machine's built-in device keeps. */
export interface FixedFunction {
  readonly slot: number;
  readonly function: number;
  /** What sits there, for messages and hover. */
  readonly what: string;
  /**
   * The controller that is this built-in device when written in the XML (the primary IDE, USB
   * or SATA controller): it may, and must, have this address.
   */
  readonly owner?: { type: string; models?: readonly (string | undefined)[]; wording: string };
}

/** Built-in functions per chipset (libvirt docs/pci-addresses.rst, *Reserved addresses*). */
export const FIXED_FUNCTIONS: Readonly<Record<Chipset, readonly FixedFunction[]>> = {
  i440fx: [
    { slot: 1, function: 0, what: 'the PIIX3 ISA bridge' },
    { slot: 1, function: 1, what: 'the PIIX3 IDE controller', owner: { type: 'ide', wording: 'Primary IDE controller must have PCI address 0:0:1.1' } },
    { slot: 1, function: 2, what: 'the PIIX3 USB controller', owner: { type: 'usb', models: [undefined, 'piix3-uhci'], wording: 'PIIX3 USB controller at index 0 must have PCI address 0:0:1.2' } },
    { slot: 1, function: 3, what: 'the PIIX3 ACPI/SMBus controller' },
  ],
  q35: [
    { slot: 0x1f, function: 0, what: 'the ICH9 LPC/ISA bridge' },
    { slot: 0x1f, function: 2, what: 'the ICH9 SATA controller', owner: { type: 'sata', wording: 'Primary SATA controller must have PCI address 0:0:1f.2' } },
    { slot: 0x1f, function: 3, what: 'the ICH9 SMBus controller' },
  ],
};

/** Where an explicit PCI address is written: the device and its `<address>`. */
export interface PciUse {
  readonly device: XElement;
  readonly address: XElement;
  readonly addr: PciAddress;
}

/** What a device without an address needs on a q35 (pcie-root) guest, as libvirt's QEMU driver sees it. */
export type SlotNeed = 'pcie' | 'pci' | 'none';

const VIRTIO_PCIE_MODELS: ReadonlySet<string | undefined> = new Set([undefined, 'virtio', 'virtio-non-transitional']);
const PCIE_USB = new Set(['qemu-xhci', 'nec-xhci']);
const PCI_USB = new Set(['ehci', 'piix3-uhci', 'piix4-uhci', 'pci-ohci', 'vt82c686b-uhci']);
const PCI_SOUND = new Set(['es1370', 'ac97', 'ich6', 'ich9']);
const PCI_VIDEO = new Set(['vga', 'cirrus', 'vmvga', 'qxl']);

/**
 * What a device without a PCI address takes on a q35 guest with a current QEMU
 * (qemuDomainDeviceCalculatePCIConnectFlags, with virtio devices PCI Express because QEMU
 * has transitional virtio): a PCIe port ('pcie'), a conventional PCI slot, which libvirt
 * provides behind a pcie-to-pci-bridge ('pci'), or nothing. Devices libvirt puts on pcie-root
 * itself (the primary video card at slot 1, ich9 audio at 0x1b, ICH9 USB companions, the
 * virtio IOMMU) need nothing here. `defaults`: the model libvirt fills in when none is written.
 */
export function slotNeed(el: XElement, virtioDisk: boolean): SlotNeed {
  const model = el.attrValue('model');
  const virtio = (m: string | undefined): SlotNeed => (m === 'virtio-transitional' ? 'pci' : VIRTIO_PCIE_MODELS.has(m) ? 'pcie' : 'none');
  switch (el.name) {
    case 'disk':
      return virtioDisk ? virtio(model) : 'none';
    case 'controller': {
      const type = el.attrValue('type');
      if (type === 'scsi') {
        if (model === 'virtio-scsi' || model === 'virtio-non-transitional') return 'pcie';
        // no model: lsilogic where QEMU has it (qemuDomainGetSCSIControllerModel), conventional PCI
        return model === 'ncr53c90' ? 'none' : 'pci';
      }
      if (type === 'virtio-serial') return virtio(model);
      if (type === 'usb') {
        // written without a model: piix3-uhci, conventional PCI (the implicit one is qemu-xhci); ich9-* sit on pcie-root
        if (model !== undefined && PCIE_USB.has(model)) return 'pcie';
        return model === undefined || PCI_USB.has(model) ? 'pci' : 'none';
      }
      if (type === 'sata') return (parseIntAttr(el.attrValue('index')) ?? 0) === 0 ? 'none' : 'pci';
      if (type === 'ide') return 'pci';
      if (type === 'pci') return model === 'pcie-switch-upstream-port' || model === 'pcie-to-pci-bridge' ? 'pcie' : model === 'pci-bridge' ? 'pci' : 'none';
      return 'none';
    }
    case 'interface': {
      const type = el.attrValue('type');
      if (type === 'hostdev') return 'pcie';
      const m = el.child('model')?.attrValue('type');
      if (m === 'usb-net') return 'none';
      if (m === 'virtio' || m === 'virtio-non-transitional' || m === 'e1000e' || m === 'igb') return 'pcie';
      // rtl8139 (the x86 default), e1000, virtio-transitional …
      return 'pci';
    }
    case 'sound':
      return model === 'virtio' ? 'pcie' : model === 'ich9' ? 'none' : model !== undefined && PCI_SOUND.has(model) ? 'pci' : 'none';
    case 'hostdev': {
      const type = el.attrValue('type');
      if (el.attrValue('mode') === 'capabilities') return 'none';
      if (type === 'pci') return 'pcie';
      if (type === 'scsi_host') return virtio(model);
      if (type === 'mdev') return model === 'vfio-pci' ? 'pcie' : 'none';
      return 'none';
    }
    case 'memballoon':
    case 'rng':
    case 'vsock':
      return virtio(model);
    case 'watchdog':
      return model === 'i6300esb' ? 'pci' : 'none';
    case 'video': {
      const type = el.child('model')?.attrValue('type');
      if (type === 'virtio' || type === 'bochs') return 'pcie';
      return type !== undefined && PCI_VIDEO.has(type) ? 'pci' : 'none';
    }
    case 'input':
      return el.attrValue('bus') === 'virtio' ? virtio(model) : 'none';
    case 'filesystem': {
      const driver = el.child('driver')?.attrValue('type');
      if (driver === 'virtiofs') return 'pcie';
      if (driver === undefined || driver === 'path' || driver === 'handle') return virtio(model);
      return 'none';
    }
    case 'memory':
      return model === 'virtio-pmem' || model === 'virtio-mem' ? 'pcie' : 'none';
    case 'shmem':
    case 'crypto':
    case 'pstore':
      return 'pci';
    case 'serial':
      return el.child('target')?.attrValue('type') === 'pci-serial' ? 'pci' : 'none';
    default:
      return 'none';
  }
}

/** Free hot-plug ports of a q35 guest once libvirt has placed every device (see PciTopology.hotplug). */
export interface HotplugCapacity {
  /** pcie-root-ports and switch downstream ports that allow hot-plug, written or added by libvirt for a missing index. */
  readonly ports: number;
  /** Ports with a device written on them (`<address type='pci' bus='N'>`). */
  readonly addressed: number;
  /** Devices without an address that libvirt puts on a port (implicit ones included). */
  readonly placed: number;
  /** Ports left free for hot-plug. */
  readonly free: number;
  /**
   * pcie-root-ports and downstream ports once libvirt has added what its devices need (with
   * hot-plug or not): one per PCIe device that found no port, and one for a pcie-to-pci-bridge
   * when devices need conventional PCI slots and no bridge provides them.
   */
  readonly total: number;
  /**
   * A domain written without PCI controllers beyond the root: libvirt adds the ports its
   * devices need and one more for hot-plug.
   */
  readonly libvirtManaged: boolean;
}

/** Per-bus facts of a domain's PCI topology, built once per model in one pass over the devices. */
export class PciTopology {
  /** Every explicit, non-empty PCI address, in document order. */
  readonly uses: readonly PciUse[];
  /** Explicit PCI addresses that libvirt reads as "none" (domain, bus and slot 0). */
  readonly emptyUses: readonly PciUse[];
  /** `<controller type='pci'>` by index (the first written). */
  readonly controllers: ReadonlyMap<number, XElement>;
  /** Every `<controller type='pci'>`, in document order (duplicates of an index included). */
  readonly pciControllers: readonly XElement[];
  /** The types of the `<controller>`s written (other than pci). */
  readonly controllerTypes: ReadonlySet<string>;
  /** The first `<controller>` of each type (other than pci) with index 0. */
  readonly primaryControllers: ReadonlyMap<string, XElement>;
  /** The highest PCI controller index written, or -1. */
  readonly maxIndex: number;
  /** Devices without any address, with what they need on a q35 guest. */
  private readonly unaddressed: { el: XElement; need: SlotNeed }[];
  private readonly hasUsb: boolean;
  private readonly hasMemballoon: boolean;
  /** A virtio `<channel>` or `<console>` without a virtio-serial controller: libvirt adds one. */
  private readonly implicitVirtioSerial: boolean;

  constructor(
    deviceElements: readonly XElement[],
    readonly chipset: Chipset | undefined,
    isVirtioDisk: (el: XElement) => boolean,
    /** A device file alone: the buses it plugs into are the domain's, unknown here. */
    fragment = false,
  ) {
    const uses: PciUse[] = [];
    const empty: PciUse[] = [];
    const controllers = new Map<number, XElement>();
    const unaddressed: { el: XElement; need: SlotNeed }[] = [];
    let maxIndex = -1;
    let hasUsb = false;
    let hasMemballoon = false;
    const unindexed: XElement[] = [];
    let seenVideo = false;
    const controllerTypes = new Set<string>();
    const pciList: XElement[] = [];
    const primary = new Map<string, XElement>();
    let hasVirtioSerial = false;
    let wantsVirtioSerial = false;
    for (const el of deviceElements) {
      // a <console> of the first serial port is that <serial> again (same address), not a device of its own
      if (el.name === 'console') continue;
      const type = el.name === 'controller' ? el.attrValue('type') : undefined;
      if (type === 'pci') pciList.push(el);
      if (type === 'pci' && !fragment) {
        const written = el.attrValue('index');
        const index = parseIntAttr(written);
        if (written === undefined) unindexed.push(el);
        else if (index !== undefined) {
          if (!controllers.has(index)) controllers.set(index, el);
          if (index > maxIndex) maxIndex = index;
        }
      } else if (type !== undefined) {
        if (type === 'usb') hasUsb = true;
        else if (type === 'virtio-serial') hasVirtioSerial = true;
        controllerTypes.add(type);
        // the primary controller of a type: index 0 (or none written, the lowest free index)
        if (!primary.has(type) && (parseIntAttr(el.attrValue('index')) ?? 0) === 0) primary.set(type, el);
      }
      if (el.name === 'memballoon') hasMemballoon = true;
      if ((el.name === 'channel' || el.name === 'console') && el.child('target')?.attrValue('type') === 'virtio') wantsVirtioSerial = true;
      const address = el.child('address');
      // the first video card goes to slot 1 of pcie-root when free (qemuDomainValidateDevicePCISlotsQ35)
      const primaryVideo = el.name === 'video' && !seenVideo;
      if (el.name === 'video') seenVideo = true;
      if (!address) {
        unaddressed.push({ el, need: this.chipset === 'q35' && !primaryVideo ? slotNeed(el, isVirtioDisk(el)) : 'none' });
        continue;
      }
      const addr = readPciAddress(address);
      if (!addr) continue;
      if (isEmptyPciAddress(addr)) {
        empty.push({ device: el, address, addr });
        unaddressed.push({ el, need: this.chipset === 'q35' && !primaryVideo ? slotNeed(el, isVirtioDisk(el)) : 'none' });
      } else uses.push({ device: el, address, addr });
    }
    // A PCI controller written without an index gets the lowest unused one, in document order (virDomainControllerFindUnusedIndex).
    let next = 0;
    for (const el of unindexed) {
      while (controllers.has(next)) next++;
      controllers.set(next, el);
      if (next > maxIndex) maxIndex = next;
    }
    this.uses = uses;
    this.emptyUses = empty;
    this.controllers = controllers;
    this.maxIndex = maxIndex;
    this.unaddressed = unaddressed;
    this.hasUsb = hasUsb;
    this.hasMemballoon = hasMemballoon;
    this.implicitVirtioSerial = wantsVirtioSerial && !hasVirtioSerial;
    this.controllerTypes = controllerTypes;
    this.pciControllers = pciList;
    this.primaryControllers = primary;
  }

  /** The root bus model: `<controller type='pci' index='0'>`, else the machine's (pcie-root on q35). */
  get rootModel(): string | undefined {
    const written = this.controllers.get(0)?.attrValue('model');
    if (written) return written;
    return this.chipset === 'q35' ? 'pcie-root' : this.chipset === 'i440fx' ? 'pci-root' : undefined;
  }

  /**
   * The model of the controller that provides bus `index`: the one written, or the one libvirt
   * adds for an index below the highest written one (qemuDomainPCIAddressSetCreate: a
   * pcie-root-port with pcie-root, else a pci-bridge) or, on i440fx, for a device address
   * beyond it (virDomainPCIAddressSetGrow: pci-bridges). Undefined when the XML does not say.
   */
  busModel(index: number): { model: string | undefined; implied: boolean } {
    const el = this.controllers.get(index);
    if (el) return { model: el.attrValue('model') ?? (index === 0 ? this.rootModel : undefined), implied: false };
    if (index === 0) return { model: this.rootModel, implied: true };
    const root = this.rootModel;
    if (root !== 'pci-root' && root !== 'pcie-root') return { model: undefined, implied: true };
    if (index < this.maxIndex) return { model: root === 'pcie-root' ? 'pcie-root-port' : 'pci-bridge', implied: true };
    return { model: root === 'pci-root' && this.chipset === 'i440fx' ? 'pci-bridge' : undefined, implied: true };
  }

  /**
   * How many hot-pluggable PCIe ports stay free on a q35 guest once libvirt has placed every
   * device (qemuDomainAssignPCIAddresses): ports written or added for missing indexes, minus
   * those with a device written on them, minus one for each device without an address that
   * needs a PCIe slot (libvirt adds ports when they run out, so never below zero). A domain
   * written without PCI controllers beyond the root gets the ports its devices need plus one
   * for hot-plug, when it needs any (docs/pci-hotplug.rst). `extraPorts`: as if that many
   * pcie-root-ports were written besides (what a fix would add).
   */
  hotplug(extraPorts = 0): HotplugCapacity {
    // Ports in bus order, with whether they allow hot-plug: devices without an address take the
    // lowest free ones, hot-plug or not (virDomainPCIAddressGetNextAddr).
    const portBuses: { bus: number; hotplug: boolean }[] = [];
    for (let i = 1; i <= this.maxIndex; i++) {
      const { model } = this.busModel(i);
      if (!model || !HOTPLUG_PORT_MODELS.has(model)) continue;
      portBuses.push({ bus: i, hotplug: this.controllers.get(i)?.child('target')?.attrValue('hotplug') !== 'off' });
    }
    // ports about to be written without an index (a fix): they take the lowest unused indexes, so
    // those below the highest one only replace the ports libvirt adds there anyway
    let gaps = 0;
    for (let i = 1; i < this.maxIndex; i++) if (!this.controllers.has(i)) gaps++;
    for (let i = 1; i <= extraPorts - gaps; i++) portBuses.push({ bus: this.maxIndex + i, hotplug: true });
    const onPort = new Set<number>();
    for (const u of this.uses) if (u.addr.domain === 0 && u.addr.bus <= this.maxIndex) onPort.add(u.addr.bus);
    let placed = 0;
    let conventional = 0;
    for (const u of this.unaddressed) {
      if (u.need === 'pcie') placed++;
      else if (u.need === 'pci') conventional++;
    }
    // implicit devices: a qemu-xhci USB controller and a virtio memballoon (qemuDomainDefAddDefaultDevices),
    // a virtio-serial controller for virtio channels and consoles (virDomainDefAddImplicitControllers)
    if (!this.hasUsb) placed++;
    if (!this.hasMemballoon) placed++;
    if (this.implicitVirtioSerial) placed++;
    const libvirtManaged = this.maxIndex <= 0 && extraPorts === 0;
    // a conventional PCI device needs a bus that takes one; libvirt adds a pcie-to-pci-bridge on a new root port
    let pciBus = false;
    for (let i = 1; i <= this.maxIndex && !pciBus; i++) {
      const m = this.busModel(i).model;
      // with a bus that takes a pci-bridge, libvirt adds pci-bridges there instead (virDomainPCIAddressSetGrow)
      if (m !== undefined && PCI_BUS_MODELS[m]?.accepts.includes('pci-bridge')) pciBus = true;
    }
    const bridgePort = conventional > 0 && !pciBus ? 1 : 0;
    if (libvirtManaged) {
      const beyond = this.uses.some((u) => u.addr.bus > 0);
      const free = placed > 0 || conventional > 0 || beyond ? 1 : 0;
      return { ports: placed + free, addressed: 0, placed, free, total: placed + bridgePort + free, libvirtManaged };
    }
    // Ports libvirt adds: one for the pcie-to-pci-bridge, and one per PCIe device that finds no free port.
    let addressed = 0;
    const open: boolean[] = [];
    for (const p of portBuses) {
      if (onPort.has(p.bus)) addressed++;
      else open.push(p.hotplug);
    }
    const grown = bridgePort + Math.max(0, placed - open.length);
    for (let i = 0; i < grown; i++) open.push(true);
    // The second pass places the bridge and the devices on the lowest free ports, hot-plug or not.
    let free = 0;
    for (let i = placed + bridgePort; i < open.length; i++) if (open[i]) free++;
    return { ports: portBuses.filter((p) => p.hotplug).length, addressed, placed, free, total: portBuses.length + grown, libvirtManaged };
  }
}
