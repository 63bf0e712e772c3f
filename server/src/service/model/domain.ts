import type { XmlDocument } from '../parse/parseXml';
import type { XElement } from '../parse/xmlTree';
import { Controller } from './controller';
import { Disk, parseIntAttr } from './disk';

/** A span-carrying view of `<domain>`, built once per document version. */
export class DomainModel {
  readonly devices: XElement | undefined;
  readonly os: XElement | undefined;
  readonly disks: Disk[] = [];
  readonly controllers: Controller[] = [];
  private targetIndex: Map<string, Disk[]> | undefined;
  private readonly firstFree = new Map<string, number>();
  /** Controllers by type, then index (no key strings built per lookup). */
  private controllerIndex: Map<string | undefined, Map<number, Controller>> | undefined;

  constructor(
    readonly xml: XmlDocument,
    readonly root: XElement,
  ) {
    this.devices = root.child('devices');
    this.os = root.child('os');
    for (const el of this.devices?.children ?? []) {
      if (el.name === 'disk') this.disks.push(new Disk(el, this.disks.length));
      else if (el.name === 'controller') this.controllers.push(new Controller(el));
    }
  }

  /** `domain/@type`: kvm, qemu, xen, … */
  get hypervisor(): string | undefined {
    return this.root.attrValue('type');
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

  /** Whether this is a QEMU/KVM domain (the driver most rules describe). */
  get isQemu(): boolean {
    const t = this.hypervisor;
    return t === undefined || t === 'kvm' || t === 'qemu' || t === 'kqemu';
  }

  /** `<iothreads>` count, if written. */
  get iothreads(): number | undefined {
    return parseIntAttr(this.root.child('iothreads')?.textContent());
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

  /** The first unused target name with a prefix (`vd`, `sd`, `hd`), skipping `also`. */
  freeTargetName(prefix: string, also: Iterable<string> = []): string {
    // Fixes ask this once per finding: remember where the names used by disks end, so a
    // domain with thousands of disks is not rescanned for every one of them.
    const used = this.disksByTarget();
    let i = this.firstFree.get(prefix) ?? 0;
    while (used.has(prefix + diskLetters(i))) i++;
    this.firstFree.set(prefix, i);
    const extra = new Set(also);
    while (used.has(prefix + diskLetters(i)) || extra.has(prefix + diskLetters(i))) i++;
    return prefix + diskLetters(i);
  }
}

/** 0 → a, 25 → z, 26 → aa: libvirt's disk naming (virDiskNameToIndex inverse). */
export function diskLetters(index: number): string {
  let s = '';
  let i = index;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

/** Builds the model when the document is a domain. */
export function buildDomainModel(xml: XmlDocument): DomainModel | null {
  const root = xml.root;
  if (!root || root.name !== 'domain') return null;
  return new DomainModel(xml, root);
}
