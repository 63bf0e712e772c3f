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

/** A drive address (`<address type='drive'>`, written or as libvirt derives it). */
export interface DriveAddress {
  controller: number;
  bus: number;
  target: number;
  unit: number;
}

/**
 * A span-carrying view of one `<disk>`. The model of a document version never changes and
 * every rule asks the same few questions of every disk, so the answers are read once, here.
 */
export class Disk {
  readonly driver: XElement | undefined;
  readonly source: XElement | undefined;
  readonly target: XElement | undefined;
  readonly address: XElement | undefined;
  readonly shareable: XElement | undefined;
  readonly readonly: XElement | undefined;
  readonly transient: XElement | undefined;
  /** `disk/@type` (file, block, network, volume, …); libvirt's default is file. */
  readonly type: string;
  /** `disk/@device`, default `disk`. */
  readonly device: string;
  readonly deviceAttr: XAttr | undefined;
  /** `driver/@cache` as written, or undefined. */
  readonly cache: string | undefined;
  readonly io: string | undefined;
  /** `driver/@type`: the image format. */
  readonly format: string | undefined;
  readonly targetDev: string | undefined;
  /** The bus as written, or as libvirt infers it from the device and the target name. */
  readonly bus: string | undefined;
  /** `address/@type` (drive, pci, ccw, …) when an `<address>` is written. */
  readonly addressType: string | undefined;

  constructor(
    readonly el: XElement,
    /** Position among the domain's disks. */
    readonly index: number,
  ) {
    // One pass over the children; the first of each name counts, as el.child() would find it.
    let driver: XElement | undefined, source: XElement | undefined, target: XElement | undefined, address: XElement | undefined;
    let shareable: XElement | undefined, readonly: XElement | undefined, transient: XElement | undefined;
    const children = el.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      switch (c.name) {
        case 'driver':
          driver ??= c;
          break;
        case 'source':
          source ??= c;
          break;
        case 'target':
          target ??= c;
          break;
        case 'address':
          address ??= c;
          break;
        case 'shareable':
          shareable ??= c;
          break;
        case 'readonly':
          readonly ??= c;
          break;
        case 'transient':
          transient ??= c;
          break;
      }
    }
    this.driver = driver;
    this.source = source;
    this.target = target;
    this.address = address;
    this.shareable = shareable;
    this.readonly = readonly;
    this.transient = transient;
    this.type = el.attrValue('type') ?? 'file';
    this.deviceAttr = el.attr('device');
    this.device = this.deviceAttr?.value ?? 'disk';
    this.cache = driver?.attrValue('cache');
    this.io = driver?.attrValue('io');
    this.format = driver?.attrValue('type');
    this.targetDev = target?.attrValue('dev');
    const explicit = target?.attrValue('bus');
    this.bus = explicit ? explicit : this.device === 'floppy' ? 'fdc' : busFromTargetDev(this.targetDev);
    this.addressType = address?.attrValue('type');
  }

  driverAttr(name: string): XAttr | undefined {
    return this.driver?.attr(name);
  }

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

  /**
   * The drive address libvirt gives the disk: the written one, or the one
   * virDomainDiskDefAssignAddress derives from the target name when none is written
   * (narrow SCSI: 7 units per controller; IDE: 2 buses × 2 units; SATA: 6 units; FDC: 2
   * units). Worked out once: several rules ask for every disk's. The object is shared.
   */
  get driveAddress(): DriveAddress | undefined {
    if (this.driveAddressMemo === undefined) this.driveAddressMemo = this.deriveDriveAddress() ?? null;
    return this.driveAddressMemo ?? undefined;
  }

  private driveAddressMemo: DriveAddress | null | undefined = undefined;

  private deriveDriveAddress(): DriveAddress | undefined {
    if (this.address) return this.addressType === 'drive' ? explicitDriveAddress(this.address) : undefined;
    const parsed = this.targetDev ? parseTargetName(this.targetDev) : undefined;
    if (!parsed) return undefined;
    const idx = letterIndex(parsed.letters);
    switch (this.bus) {
      case 'scsi':
        return { controller: Math.floor(idx / 7), bus: 0, target: 0, unit: idx % 7 };
      case 'ide':
        return { controller: Math.floor(idx / 4), bus: Math.floor((idx % 4) / 2), target: 0, unit: idx % 2 };
      case 'sata':
        return { controller: Math.floor(idx / 6), bus: 0, target: 0, unit: idx % 6 };
      case 'fdc':
        return { controller: Math.floor(idx / 2), bus: 0, target: 0, unit: idx % 2 };
      default:
        return undefined;
    }
  }

  /** `address/@controller` of a drive address, default 0. */
  get driveController(): number {
    return this.address && this.addressType === 'drive' ? this.driveAddress!.controller : 0;
  }

  /** The element to anchor disk-level findings at: the start tag name of `<disk>`. */
  get anchor(): XElement {
    return this.el;
  }
}

/** Splits `vdab12` into prefix `vd`, letters `ab`, digits `12` (virDiskNameParse). */
export function parseTargetName(dev: string): { prefix: string; letters: string; digits: string } | undefined {
  const m = /^(xvd|ubd|hd|sd|vd|fd)([a-z]+)([0-9]*)$/.exec(dev);
  if (!m) return undefined;
  return { prefix: m[1], letters: m[2], digits: m[3] };
}

/** libvirt's virDiskNameToIndex: `a` → 0, `z` → 25, `aa` → 26. */
export function letterIndex(letters: string): number {
  let idx = 0;
  for (const ch of letters) idx = idx * 26 + (ch.charCodeAt(0) - 96);
  return idx - 1;
}

/** A written `<address type='drive'>`, with libvirt's defaults (0) for missing attributes. */
export function explicitDriveAddress(el: XElement | undefined): DriveAddress | undefined {
  if (!el || el.attrValue('type') !== 'drive') return undefined;
  return { controller: intOr0(el, 'controller'), bus: intOr0(el, 'bus'), target: intOr0(el, 'target'), unit: intOr0(el, 'unit') };
}

function intOr0(el: XElement, name: string): number {
  return parseIntAttr(el.attrValue(name)) ?? 0;
}

/** Parses a libvirt unsigned integer attribute (decimal or 0x hex); undefined if malformed. */
export function parseIntAttr(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  // Plain decimal digits (nearly every value in practice) without a regular expression.
  const n = v.length;
  if (n > 0 && n <= 15) {
    let x = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      x = x * 10 + d;
    }
    if (i === n) return x;
  }
  const s = v.trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
  if (/^[0-9]+$/.test(s)) return parseInt(s, 10);
  return undefined;
}
