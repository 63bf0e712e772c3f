import type { XmlDocument } from '../../../parse/parseXml';
import type { XElement } from '../../../parse/xmlTree';
import type { Span } from '../../../types';
import { Controller } from './controller';
import { Disk } from './disk';
import { driveKey, explicitDriveAddress } from './driveAddress';
import { parseIntAttr } from './ints';
import { TargetNames } from './names';
import { type Chipset, chipsetOf, PciTopology } from './pci';

export { diskLetters } from './names';

/** The IOThread ids of a domain, without materializing them (`<iothreads>` may be huge). */
export interface IothreadIds {
  has(id: number): boolean;
  /** How many IOThreads the domain has. */
  readonly count: number;
  /** Whether the ids come from `<iothreadids>`. */
  readonly explicit: boolean;
}

/**
 * A span-carrying view of `<domain>`, built once per document version; or of one device
 * written alone (a `virsh attach-device` fragment), seen as the only device of a domain that
 * says nothing else about itself.
 */
export class DomainModel {
  /** `<devices>`; undefined for a device fragment (nothing to insert siblings into). */
  readonly devices: XElement | undefined;
  readonly os: XElement | undefined;
  /** The device elements: the children of `<devices>`, or the fragment's root. */
  readonly deviceElements: readonly XElement[];
  /** True when the document is one device, not a domain. */
  readonly isFragment: boolean;
  /**
   * The device being attached, when a device file is checked against the domain it will be
   * attached to (`--domain`): the domain's text with the device added as the last child of
   * `<devices>`, and this is that device.
   */
  readonly attaching: XElement | undefined;
  readonly disks: readonly Disk[];
  readonly controllers: readonly Controller[];
  private readonly attachedAt: number | undefined;
  private targetIndex: Map<string, Disk[]> | undefined;
  private names: TargetNames | undefined;
  private driveKeys: Set<string> | undefined;
  private iothreadIdsMemo: IothreadIds | undefined;
  /** Controllers by type, then index (no key strings built per lookup). */
  private controllerIndex: Map<string | undefined, Map<number, Controller>> | undefined;
  private pciMemo: PciTopology | undefined;

  constructor(
    readonly xml: XmlDocument,
    readonly root: XElement,
    options: { fragment?: boolean; attachedAt?: number; parts?: { disks: readonly Disk[]; controllers: readonly Controller[] } } = {},
  ) {
    this.isFragment = options.fragment === true;
    this.devices = this.isFragment ? undefined : root.child('devices');
    this.os = this.isFragment ? undefined : root.child('os');
    this.deviceElements = this.isFragment ? [root] : (this.devices?.children ?? []);
    this.attachedAt = options.attachedAt;
    this.attaching = options.attachedAt === undefined ? undefined : this.deviceElements.find((el) => el.start === options.attachedAt);
    const parts = options.parts;
    if (parts) {
      this.disks = parts.disks;
      this.controllers = parts.controllers;
      return;
    }
    const disks: Disk[] = [];
    const controllers: Controller[] = [];
    for (const el of this.deviceElements) {
      if (el.name === 'disk') disks.push(new Disk(el, disks.length));
      else if (el.name === 'controller') controllers.push(new Controller(el));
    }
    this.disks = disks;
    this.controllers = controllers;
  }

  /**
   * The same domain with one disk or controller replaced by another view of it (completion
   * asks the rules what a value would do without re-parsing the document).
   */
  withDevice(replacement: Disk | Controller): DomainModel {
    const disks = replacement instanceof Disk ? this.disks.map((d) => (d.index === replacement.index ? replacement : d)) : this.disks;
    const controllers = replacement instanceof Controller ? this.controllers.map((c) => (c.el.start === replacement.el.start ? replacement : c)) : this.controllers;
    return new DomainModel(this.xml, this.root, { fragment: this.isFragment, attachedAt: this.attachedAt, parts: { disks, controllers } });
  }

  /** `domain/@type`: kvm, qemu, xen, … */
  get hypervisor(): string | undefined {
    return this.isFragment ? undefined : this.root.attrValue('type');
  }

  /** `os/type/@machine`, e.g. `pc-q35-8.2`. */
  get machine(): string | undefined {
    return this.os?.child('type')?.attrValue('machine');
  }

  get arch(): string | undefined {
    return this.os?.child('type')?.attrValue('arch');
  }

  get isQ35(): boolean {
    const m = this.machine;
    return m !== undefined && /(^|-)q35(-|$)/.test(m);
  }

  /** The x86 chipset (i440fx for `pc…`, q35) whose built-in devices keep PCI functions; undefined for other machines or when not written. */
  get chipset(): Chipset | undefined {
    return chipsetOf(this.machine, this.arch);
  }

  /** The PCI topology: explicit PCI addresses, PCI controllers by index, hot-plug ports (one pass, once per model). */
  get pci(): PciTopology {
    if (!this.pciMemo) {
      const virtioDisks = new Set<XElement>();
      for (const d of this.disks) if (d.bus === 'virtio') virtioDisks.add(d.el);
      this.pciMemo = new PciTopology(this.deviceElements, this.chipset, (el) => virtioDisks.has(el), this.isFragment);
    }
    return this.pciMemo;
  }

  /** Whether this is a QEMU/KVM domain (the driver most rules describe). */
  get isQemu(): boolean {
    const t = this.hypervisor;
    return t === undefined || t === 'kvm' || t === 'qemu' || t === 'kqemu';
  }

  /** `<iothreads>` count, if written. */
  get iothreads(): number | undefined {
    return this.isFragment ? undefined : parseIntAttr(this.root.child('iothreads')?.textContent());
  }

  /**
   * The iothread ids a domain defines: those listed in `<iothreadids>`, plus — when `<iothreads>`
   * is larger — the lowest unused ids from 1 up (virDomainDefPostParseIOThreads); without a list,
   * 1..`<iothreads>`.
   */
  iothreadIds(): IothreadIds {
    // Asked once per disk with <driver iothread>: read the list once per model.
    this.iothreadIdsMemo ??= this.readIothreadIds();
    return this.iothreadIdsMemo;
  }

  private readIothreadIds(): IothreadIds {
    const listed: number[] = [];
    for (const t of (this.isFragment ? undefined : this.root.child('iothreadids'))?.childrenNamed('iothread') ?? []) {
      const id = parseIntAttr(t.attrValue('id'));
      if (id !== undefined && !listed.includes(id)) listed.push(id);
    }
    const declared = this.iothreads ?? 0;
    const count = Math.max(declared, listed.length);
    const filled = count - listed.length;
    return {
      count,
      explicit: listed.length > 0,
      has(id: number): boolean {
        if (!Number.isInteger(id) || id < 1) return false;
        if (listed.includes(id)) return true;
        // id is a filled one when it is among the first `filled` positive integers not listed.
        const listedBelow = listed.filter((x) => x < id).length;
        return id - listedBelow <= filled;
      },
    };
  }

  /** The controller of a type and index (the first one written, as libvirt would use). */
  controller(type: string, index: number): Controller | undefined {
    // Rules ask this once per disk: index the controllers once.
    if (!this.controllerIndex) {
      this.controllerIndex = new Map();
      for (const c of this.controllers) {
        let byIndex = this.controllerIndex.get(c.type);
        if (!byIndex) this.controllerIndex.set(c.type, (byIndex = new Map()));
        if (!byIndex.has(c.index)) byIndex.set(c.index, c);
      }
    }
    return this.controllerIndex.get(type)?.get(index);
  }

  /**
   * A SCSI disk whose controller is written as virtio-scsi. A controller that is not written
   * is added by libvirt with its default model, which depends on the architecture and the
   * QEMU binary, so such disks do not count.
   */
  isOnVirtioScsi(disk: Disk): boolean {
    if (disk.bus !== 'scsi') return false;
    return this.controller('scsi', disk.driveController)?.isVirtioScsi ?? false;
  }

  /** Either VirtIO transport: virtio-blk (`bus='virtio'`, written or inferred), or a disk on a virtio-scsi controller. */
  isVirtioDisk(disk: Disk): boolean {
    return disk.bus === 'virtio' || this.isOnVirtioScsi(disk);
  }

  /** `<hostdev type='scsi'>` elements (they share drive addresses with SCSI disks). */
  scsiHostdevs(): XElement[] {
    const out: XElement[] = [];
    for (const el of this.deviceElements) if (el.name === 'hostdev' && el.attrValue('type') === 'scsi') out.push(el);
    return out;
  }

  /** Every drive address in use (disks, explicit or derived, and SCSI hostdevs), once per model. */
  usedDriveKeys(): ReadonlySet<string> {
    if (!this.driveKeys) {
      const used = new Set<string>();
      for (const d of this.disks) {
        const a = d.bus ? d.driveAddress : undefined;
        if (a && d.bus) used.add(driveKey(d.bus, a));
      }
      for (const h of this.scsiHostdevs()) {
        const a = explicitDriveAddress(h.child('address'));
        if (a) used.add(driveKey('scsi', a));
      }
      this.driveKeys = used;
    }
    return this.driveKeys;
  }

  /** Disks by target name, built once. */
  disksByTarget(): Map<string, Disk[]> {
    if (!this.targetIndex) {
      this.targetIndex = new Map();
      for (const d of this.disks) {
        const dev = d.targetDev;
        if (!dev) continue;
        const list = this.targetIndex.get(dev);
        if (list) list.push(d);
        else this.targetIndex.set(dev, [d]);
      }
    }
    return this.targetIndex;
  }

  /** The target names in use and the free ones, once per model. */
  get targetNames(): TargetNames {
    if (!this.names) {
      const counts = new Map<string, number>();
      for (const [name, disks] of this.disksByTarget()) counts.set(name, disks.length);
      this.names = new TargetNames(counts);
    }
    return this.names;
  }

  /** The disk whose element contains a span (to find a finding's disk again in a fix). */
  diskAt(span: Span): Disk | undefined {
    // Disks are in document order and do not nest: binary search (fixes ask once per finding).
    const disks = this.disks;
    let lo = 0;
    let hi = disks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = disks[mid];
      if (span.start < d.el.start) hi = mid - 1;
      else if (span.start >= d.el.end) lo = mid + 1;
      else return span.end <= d.el.end ? d : undefined;
    }
    return undefined;
  }
}

/** Builds the model when the document is a domain. */
export function buildDomainModel(xml: XmlDocument): DomainModel | null {
  const root = xml.root;
  if (!root || root.name !== 'domain') return null;
  return new DomainModel(xml, root);
}
