import type { XAttr, XElement } from '../parse/xmlTree';

/** Bus libvirt infers from the target name prefix when `bus` is not written (domain_conf.c). */
export function busFromTargetDev(dev: string | undefined): string | undefined {
  if (!dev) return undefined;
  if (dev.startsWith('hd')) return 'ide';
  if (dev.startsWith('sd')) return 'scsi';
  if (dev.startsWith('vd')) return 'virtio';
  if (dev.startsWith('xvd')) return 'xen';
  if (dev.startsWith('ubd')) return 'uml';
  if (dev.startsWith('fd')) return 'fdc';
  return undefined;
}

/** A span-carrying view of one `<disk>`. */
export class Disk {
  readonly driver: XElement | undefined;
  readonly source: XElement | undefined;
  readonly target: XElement | undefined;
  readonly address: XElement | undefined;
  readonly shareable: XElement | undefined;
  readonly readonly: XElement | undefined;
  readonly transient: XElement | undefined;

  constructor(
    readonly el: XElement,
    /** Position among the domain's disks. */
    readonly index: number,
  ) {
    this.driver = el.child('driver');
    this.source = el.child('source');
    this.target = el.child('target');
    this.address = el.child('address');
    this.shareable = el.child('shareable');
    this.readonly = el.child('readonly');
    this.transient = el.child('transient');
  }

  /** `disk/@type` (file, block, network, volume, …); libvirt's default is file. */
  get type(): string {
    return this.el.attrValue('type') ?? 'file';
  }

  /** `disk/@device`, default `disk`. */
  get device(): string {
    return this.el.attrValue('device') ?? 'disk';
  }

  get deviceAttr(): XAttr | undefined {
    return this.el.attr('device');
  }

  driverAttr(name: string): XAttr | undefined {
    return this.driver?.attr(name);
  }

  /** `driver/@cache` as written, or undefined. */
  get cache(): string | undefined {
    return this.driver?.attrValue('cache');
  }

  get io(): string | undefined {
    return this.driver?.attrValue('io');
  }

  /** `driver/@type`: the image format. */
  get format(): string | undefined {
    return this.driver?.attrValue('type');
  }

  get targetDev(): string | undefined {
    return this.target?.attrValue('dev');
  }

  /** The bus as written, or as libvirt infers it from the device and the target name. */
  get bus(): string | undefined {
    if (this.busMemo === null) {
      const explicit = this.target?.attrValue('bus');
      this.busMemo = explicit ? explicit : this.device === 'floppy' ? 'fdc' : busFromTargetDev(this.targetDev);
    }
    return this.busMemo;
  }

  /** Every rule asks for the bus; the model of a version never changes. */
  private busMemo: string | undefined | null = null;

  get isShareable(): boolean {
    return this.shareable !== undefined;
  }

  get isReadonly(): boolean {
    return this.readonly !== undefined;
  }

  /** A writable disk: not read-only and not a cdrom/floppy without media semantics. */
  get isWritable(): boolean {
    return !this.isReadonly && this.device !== 'cdrom';
  }

  /** The host path or name of the source, whatever the disk type. */
  get sourcePath(): string | undefined {
    const s = this.source;
    if (!s) return undefined;
    return s.attrValue('dev') ?? s.attrValue('file') ?? s.attrValue('dir') ?? s.attrValue('name') ?? s.attrValue('volume');
  }

  /** True when the disk has no media (an empty cdrom, a disk without a source path). */
  get isEmpty(): boolean {
    return this.sourcePath === undefined && this.source?.attrValue('pool') === undefined && this.source?.attrValue('protocol') === undefined && this.source?.attrValue('path') === undefined;
  }

  /** `address/@controller` of a drive address, default 0. */
  get driveController(): number {
    const a = this.address;
    if (!a || a.attrValue('type') !== 'drive') return 0;
    return parseIntAttr(a.attrValue('controller')) ?? 0;
  }

  /** The element to anchor disk-level findings at: the start tag name of `<disk>`. */
  get anchor(): XElement {
    return this.el;
  }
}

/** Parses a libvirt unsigned integer attribute (decimal or 0x hex); undefined if malformed. */
export function parseIntAttr(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
  if (/^[0-9]+$/.test(s)) return parseInt(s, 10);
  return undefined;
}
