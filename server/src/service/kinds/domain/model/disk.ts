import type { XAttr, XElement } from '../../../parse/xmlTree';
import { type DriveAddress, derivedDriveAddress, explicitDriveAddress } from './driveAddress';
import { busFromTargetDev, letterIndex, parseTargetName } from './names';

export type { DriveAddress } from './driveAddress';
export { parseIntAttr } from './ints';

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
    return parsed ? derivedDriveAddress(this.bus, letterIndex(parsed.letters)) : undefined;
  }

  /** `address/@controller` of a drive address, default 0. */
  get driveController(): number {
    return this.address && this.addressType === 'drive' ? this.driveAddress!.controller : 0;
  }

  /** The element to anchor disk-level findings at: the start tag name of `<disk>`. */
  get anchor(): XElement {
    return this.el;
  }

  /** A `<shareable/>` disk that guests can write: the one host caching and image formats matter for. */
  get isWritableShareable(): boolean {
    return this.isShareable && !this.isReadonly;
  }

  /**
   * virStorageSourceIsEmpty: a file/block/dir disk without a path, a network disk without a
   * protocol, or a disk without `<source>` at all.
   */
  get isSourceEmpty(): boolean {
    const s = this.source;
    if (!s) return true;
    switch (this.type) {
      case 'file':
        return !s.attrValue('file');
      case 'block':
        return !s.attrValue('dev');
      case 'dir':
        return !s.attrValue('dir');
      case 'network':
        return !s.attrValue('protocol');
      default:
        return false;
    }
  }

  /**
   * The disk in messages: its target name in quotes as libvirt prints it (`'vda'`), or its
   * position when it has none (`#3 (no <target dev>)`), never an empty `''`.
   */
  get label(): string {
    const dev = this.targetDev;
    return dev ? `'${dev}'` : this.unnamed;
  }

  /** The same without quotes, where libvirt prints the bare name (`vda`). */
  get plainLabel(): string {
    return this.targetDev || this.unnamed;
  }

  private get unnamed(): string {
    return `#${this.index + 1} (no <target dev>)`;
  }
}

