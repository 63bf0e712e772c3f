import { insertElement, removeAttr, removeElement } from '../edits';
import type { Disk } from '../model/disk';
import { type DriveAddress, explicitDriveAddress, letterIndex, parseIntAttr, parseTargetName } from '../model/disk';
import { diskLetters, type DomainModel } from '../model/domain';
import type { XAttr, XElement } from '../parse/xmlTree';
import type { FixProposal, Span } from '../types';
import type { RuleContext } from './rule';

/**
 * Facts shared by the libvirt semantic rules (catalogue sections B–D): how libvirt fills in
 * drive addresses, which target prefix belongs to which bus, when a source counts as empty.
 */

/** The target name prefix libvirt and virt-manager use for each bus. */
export const PREFIX_FOR_BUS: Record<string, string> = {
  virtio: 'vd',
  scsi: 'sd',
  sata: 'sd',
  usb: 'sd',
  sd: 'sd',
  ide: 'hd',
  xen: 'xvd',
  fdc: 'fd',
  uml: 'ubd',
};

export type { DriveAddress };
export { explicitDriveAddress, parseTargetName };

export function formatDriveAddress(a: DriveAddress): string {
  return `controller='${a.controller}' bus='${a.bus}' target='${a.target}' unit='${a.unit}'`;
}

export function driveKey(bus: string, a: DriveAddress): string {
  return `${bus}:${a.controller}:${a.bus}:${a.target}:${a.unit}`;
}

/** SCSI `<hostdev>` elements of the domain (they share drive addresses with SCSI disks). */
export function scsiHostdevs(model: DomainModel): XElement[] {
  const out: XElement[] = [];
  for (const el of model.devices?.children ?? []) {
    if (el.name === 'hostdev' && el.attrValue('type') === 'scsi') out.push(el);
  }
  return out;
}

/**
 * virStorageSourceIsEmpty: a file/block/dir disk without a path, a network disk without a
 * protocol, or a disk without `<source>` at all.
 */
export function isSourceEmpty(disk: Disk): boolean {
  const s = disk.source;
  if (!s) return true;
  switch (disk.type) {
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

/** The IOThread ids of a domain, without materializing them (`<iothreads>` may be huge). */
export interface IothreadIds {
  has(id: number): boolean;
  /** How many IOThreads the domain has. */
  readonly count: number;
  /** Whether the ids come from `<iothreadids>`. */
  readonly explicit: boolean;
}

/**
 * The iothread ids a domain defines: those listed in `<iothreadids>`, plus — when `<iothreads>`
 * is larger — the lowest unused ids from 1 up (virDomainDefPostParseIOThreads); without a list,
 * 1..`<iothreads>`.
 */
export function iothreadIdSet(model: DomainModel): IothreadIds {
  const listed: number[] = [];
  for (const t of model.root.child('iothreadids')?.childrenNamed('iothread') ?? []) {
    const id = parseIntAttr(t.attrValue('id'));
    if (id !== undefined && !listed.includes(id)) listed.push(id);
  }
  const declared = model.iothreads ?? 0;
  const count = Math.max(declared, listed.length);
  const filled = count - listed.length;
  const explicit = listed.length > 0;
  return {
    count,
    explicit,
    has(id: number): boolean {
      if (!Number.isInteger(id) || id < 1) return false;
      if (listed.includes(id)) return true;
      // id is a filled one when it is among the first `filled` positive integers not listed.
      const listedBelow = listed.filter((x) => x < id).length;
      return id - listedBelow <= filled;
    },
  };
}

/** Display name of a disk in messages: its target name, as libvirt prints it. */
export function diskName(disk: Disk): string {
  return disk.targetDev ?? '(no target)';
}

/** The span of `target/@dev`, else `<target>`, else `<disk>`. */
export function targetDevSpan(disk: Disk): Span {
  return disk.target?.attr('dev')?.span ?? (disk.target ?? disk.el).nameSpan;
}

/** The span of `target/@bus`, else the target name, else `<disk>`. */
export function busSpan(disk: Disk): Span {
  return disk.target?.attr('bus')?.span ?? targetDevSpan(disk);
}

/** "Remove attribute" fix. */
export function removeAttrFix(attr: XAttr, owner: string, ctx: RuleContext, safe: boolean): FixProposal {
  return { title: `Remove ${attr.name}='${attr.value}' from <${owner}>`, edits: [removeAttr(attr, ctx.text)], safe };
}

/** "Remove element" fix. */
export function removeElementFix(el: XElement, ctx: RuleContext, safe: boolean): FixProposal {
  return { title: `Remove <${el.name}>`, edits: [removeElement(el, ctx.text)], safe };
}

/** The attribute or element whose span a finding points at (for fixes). */
export function attrAt(el: XElement | undefined, span: Span): XAttr | undefined {
  return el?.attrs.find((a) => a.span.start === span.start && a.span.end === span.end);
}

/** Index of `<controller>` elements by `type:index`, built once per model. */
export function controllersByKey(model: DomainModel): Map<string, XElement> {
  const map = new Map<string, XElement>();
  for (const c of model.controllers) {
    const key = `${c.type}:${c.index}`;
    if (!map.has(key)) map.set(key, c.el);
  }
  return map;
}

/**
 * Inserts `<controller type='scsi' index='N' model='virtio-scsi'/>` where libvirt keeps it:
 * before the first SCSI controller with a higher index, else after the last controller (or
 * the last disk), indented like its siblings.
 */
export function insertScsiController(model: DomainModel, index: number, ctx: RuleContext) {
  const devices = model.devices!;
  const q = devices.parent?.attrs.find((a) => a.quote)?.quote ?? (model.disks[0]?.el.attrs.find((a) => a.quote)?.quote ?? "'");
  const markup = `<controller type=${q}scsi${q} index=${q}${index}${q} model=${q}virtio-scsi${q}/>`;
  let before: XElement | undefined;
  let lastScsiBelow: XElement | undefined;
  let lastController: XElement | undefined;
  for (const c of model.controllers) {
    lastController = c.el;
    if (c.type !== 'scsi') continue;
    if (c.index < index) lastScsiBelow = c.el;
    else if (!before) before = c.el;
  }
  if (lastScsiBelow) return insertElement(devices, markup, ctx.text, { after: lastScsiBelow });
  if (before) return insertElement(devices, markup, ctx.text, { before });
  if (lastController) return insertElement(devices, markup, ctx.text, { after: lastController });
  const lastDisk = model.disks[model.disks.length - 1];
  if (lastDisk) return insertElement(devices, markup, ctx.text, { after: lastDisk.el });
  return insertElement(devices, markup, ctx.text);
}

const freeNameCache = new WeakMap<DomainModel, Map<string, string[]>>();

/**
 * The n-th (0-based) target name with a prefix that no disk uses. Cached per model version, so
 * that fixes for thousands of findings stay linear overall.
 */
export function nthFreeTargetName(model: DomainModel, prefix: string, nth: number): string {
  let byPrefix = freeNameCache.get(model);
  if (!byPrefix) freeNameCache.set(model, (byPrefix = new Map()));
  let list = byPrefix.get(prefix);
  if (!list) byPrefix.set(prefix, (list = []));
  const used = model.disksByTarget();
  for (let i = list.length === 0 ? 0 : nameIndexAfter(list[list.length - 1], prefix); list.length <= nth && i < 475254; i++) {
    const name = prefix + diskLetters(i);
    if (!used.has(name)) list.push(name);
  }
  return list[Math.min(nth, list.length - 1)] ?? prefix + 'zzzz';
}

function nameIndexAfter(name: string, prefix: string): number {
  return letterIndex(name.slice(prefix.length)) + 1;
}

const driveKeyCache = new WeakMap<DomainModel, Set<string>>();

/** Every drive address in use (disks, explicit or derived, and SCSI hostdevs), once per model. */
export function usedDriveKeys(model: DomainModel): Set<string> {
  let used = driveKeyCache.get(model);
  if (used) return used;
  used = new Set<string>();
  for (const d of model.disks) {
    const a = d.bus ? d.driveAddress : undefined;
    if (a && d.bus) used.add(driveKey(d.bus, a));
  }
  for (const h of scsiHostdevs(model)) {
    const a = explicitDriveAddress(h.child('address'));
    if (a) used.add(driveKey('scsi', a));
  }
  driveKeyCache.set(model, used);
  return used;
}
