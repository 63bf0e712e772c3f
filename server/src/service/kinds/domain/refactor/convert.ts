import { eolOf, indentOf, quoteFor, removeAttr, removeElement, setAttr } from '../../../edits';
import type { XElement } from '../../../parse/xmlTree';
import type { OffsetEdit } from '../../../types';
import type { Disk } from '../model/disk';
import type { DomainModel } from '../model/domain';
import { derivedDriveAddress, driveKey, explicitDriveAddress, SCSI_CONTROLLER_UNIT, wideScsiAddress } from '../model/driveAddress';
import { nameIndex } from '../model/names';
import { LUN_FORBIDDEN_CHILDREN, NON_VIRTIO_TARGET_ATTRS, SCSI_ONLY_CHILDREN, VIRTIO_DISK_MODELS, VIRTIO_ONLY_DRIVER_ATTRS } from '../model/virtio';
import { setDriverAttr } from '../rules/common/fixes';

/**
 * Edit builders that move disks between buses: to virtio-scsi, to virtio-blk, and to SCSI LUN
 * pass-through. Every change is guest-visible (bus, target name, device), so callers must
 * never offer these as safe fixes. The edits are minimal spans; nothing is re-serialized.
 */

/** Drive addresses (controller:bus:target:unit) taken on SCSI controllers, and the highest SCSI controller index in use. */
interface ScsiOccupancy {
  units: Set<string>;
  maxController: number;
}

/** Computed once per model: a quick fix is computed for every finding, often on one model. */
const occupancyCache = new WeakMap<DomainModel, ScsiOccupancy>();

function scsiOccupancy(model: DomainModel): ScsiOccupancy {
  const cached = occupancyCache.get(model);
  if (cached) return cached;
  const units = new Set<string>();
  let maxController = -1;
  for (const c of model.controllers) if (c.type === 'scsi') maxController = Math.max(maxController, c.index);
  const diskOf = new Map(model.disks.map((d) => [d.el, d]));
  for (const el of model.devices?.children ?? []) {
    const disk = diskOf.get(el);
    const onScsi = disk ? disk.bus === 'scsi' : el.name === 'hostdev' && el.attrValue('type') === 'scsi';
    if (!onScsi) continue;
    const addr = el.child('address');
    const written = explicitDriveAddress(addr);
    if (written) {
      units.add(driveKey('scsi', written));
      maxController = Math.max(maxController, written.controller);
    } else if (disk && !addr) {
      // libvirt will assign this disk an address from its name; both of its mappings are
      // kept free (narrow: 7 units a controller, wide: 15 units skipping the controller's unit).
      const idx = nameIndex(disk.targetDev ?? '', 'sd');
      if (idx === undefined) continue;
      const narrow = derivedDriveAddress('scsi', idx)!;
      units.add(driveKey('scsi', narrow));
      units.add(driveKey('scsi', wideScsiAddress(idx)));
      maxController = Math.max(maxController, narrow.controller);
    }
  }
  const result = { units, maxController };
  occupancyCache.set(model, result);
  return result;
}

/** Shared state while converting several disks of one document in one fix. */
class ConversionPlan {
  readonly text: string;
  readonly edits: OffsetEdit[] = [];
  private readonly names = new Set<string>();
  private readonly base: ScsiOccupancy;
  /** Units this plan has handed out, on top of the document's. */
  private readonly taken = new Set<string>();
  private scsiControllerIndex: number | undefined;

  constructor(readonly model: DomainModel) {
    this.text = model.xml.text;
    this.base = scsiOccupancy(model);
  }

  freeName(prefix: string): string {
    const name = this.model.targetNames.firstFreeExcept(prefix, this.names);
    this.names.add(name);
    return name;
  }

  /** The index of a virtio-scsi controller: an existing one, else one this plan inserts. */
  virtioScsiController(): number {
    if (this.scsiControllerIndex !== undefined) return this.scsiControllerIndex;
    const existing = this.model.controllers.filter((c) => c.isVirtioScsi).sort((a, b) => a.index - b.index)[0];
    if (existing) return (this.scsiControllerIndex = existing.index);
    // A new index above every SCSI controller in use, so that no disk that libvirt would
    // put on an auto-added controller of the default model lands on this one instead.
    const index = this.base.maxController + 1;
    this.scsiControllerIndex = index;
    const devices = this.model.devices!;
    const anchor = lastOf(devices, 'controller') ?? lastOf(devices, 'disk')!;
    const q = quoteFor(anchor, this.text);
    this.edits.push(insertAfter(anchor, `<controller type=${q}scsi${q} index=${q}${index}${q} model=${q}virtio-scsi${q}/>`, this.text));
    return index;
  }

  /** The first free unit (bus 0, target 0) of a SCSI controller, reserved for the caller. */
  freeUnit(controller: number): number {
    for (let u = 0; ; u++) {
      if (u === SCSI_CONTROLLER_UNIT) continue;
      const key = driveKey('scsi', { controller, bus: 0, target: 0, unit: u });
      if (!this.base.units.has(key) && !this.taken.has(key)) {
        this.taken.add(key);
        return u;
      }
    }
  }

  /** Whether a disk already sits on a virtio-scsi controller with a drive address. */
  onVirtioScsi(disk: Disk): boolean {
    return disk.addressType === 'drive' && this.model.isOnVirtioScsi(disk);
  }
}

function lastOf(parent: XElement, name: string): XElement | undefined {
  const list = parent.childrenNamed(name);
  return list[list.length - 1];
}

/** Inserts markup after a sibling: on a new line indented like it, or inline if it shares its line. */
function insertAfter(anchor: XElement, markup: string, text: string): OffsetEdit {
  const ind = indentOf(anchor, text);
  const newText = ind === undefined ? markup : `${eolOf(text)}${ind}${markup}`;
  return { start: anchor.end, end: anchor.end, newText };
}

/** Inserts markup into a disk after its last child that is not being removed. */
function appendToDisk(disk: Disk, markup: string, removed: Set<XElement>, text: string): OffsetEdit {
  const kept = disk.el.children.filter((c) => !removed.has(c));
  const anchor = kept[kept.length - 1];
  if (anchor) return insertAfter(anchor, markup, text);
  const at = disk.el.contentSpan.start;
  return { start: at, end: at, newText: markup };
}

function removeChildren(disk: Disk, names: readonly string[], removed: Set<XElement>, text: string, out: OffsetEdit[]): void {
  for (const c of disk.el.children) {
    if (names.includes(c.name) && !removed.has(c)) {
      removed.add(c);
      out.push(removeElement(c, text));
    }
  }
}

function removeDriverAttrs(disk: Disk, names: readonly string[], text: string, out: OffsetEdit[]): void {
  for (const name of names) {
    const a = disk.driverAttr(name);
    if (a) out.push(removeAttr(a, text));
  }
  const iothreads = disk.driver?.child('iothreads');
  if (iothreads && names.includes('iothread')) out.push(removeElement(iothreads, text));
}

/** Sets `<target dev bus>`, creating `<target>` when the disk has none. */
function retarget(disk: Disk, prefix: string, bus: string, plan: ConversionPlan, removed: Set<XElement>, out: OffsetEdit[]): void {
  const text = plan.text;
  const current = disk.targetDev;
  // sdX names are shared by the SCSI, SATA and USB buses, so such a name can stay.
  const keepName = current !== undefined && current.startsWith(prefix);
  const dev = keepName ? current : plan.freeName(prefix);
  const target = disk.target;
  if (!target) {
    const q = quoteFor(disk.el, text);
    out.push(appendToDisk(disk, `<target dev=${q}${dev}${q} bus=${q}${bus}${q}/>`, removed, text));
    return;
  }
  if (dev !== current) out.push(setAttr(target, 'dev', dev, text));
  if (target.attrValue('bus') !== bus) out.push(setAttr(target, 'bus', bus, text, ['dev']));
}

function scsiEdits(disk: Disk, plan: ConversionPlan, removed: Set<XElement>, out: OffsetEdit[]): void {
  const text = plan.text;
  const already = plan.onVirtioScsi(disk);
  retarget(disk, 'sd', 'scsi', plan, removed, out);
  removeDriverAttrs(disk, Object.keys(VIRTIO_ONLY_DRIVER_ATTRS), text, out);
  // "disk model 'virtio…' not supported for bus 'scsi'" (domain_validate.c).
  const model = disk.el.attr('model');
  if (model && VIRTIO_DISK_MODELS.has(model.value)) out.push(removeAttr(model, text));
  // scsi-block rejects the serial property ("scsi-block 'lun' devices do not support the serial property").
  if (disk.device === 'lun') removeChildren(disk, ['serial'], removed, text, out);
  if (already) return;
  const controller = plan.virtioScsiController();
  const unit = plan.freeUnit(controller);
  const q = quoteFor(disk.el, text);
  // An explicit drive address: without it libvirt would place the disk by its name and may
  // add a SCSI controller of its default model (often lsilogic) instead of using ours.
  const markup = `<address type=${q}drive${q} controller=${q}${controller}${q} bus=${q}0${q} target=${q}0${q} unit=${q}${unit}${q}/>`;
  const addr = disk.address;
  if (addr) {
    removed.add(addr);
    out.push({ start: addr.start, end: addr.end, newText: markup });
  } else {
    out.push(appendToDisk(disk, markup, removed, text));
  }
}

/**
 * Whether a disk can become a SCSI LUN pass-through: libvirt accepts \`device='lun'\` only on a
 * block source or an iSCSI network source, in raw format (domain_validate.c).
 */
export function canPassThrough(disk: Disk): boolean {
  const format = disk.format;
  if (format !== undefined && format !== 'raw') return false;
  // Nor with storage slices or format-level encryption (virDomainDiskDefSourceLUNValidate).
  if (disk.source?.child('slices')) return false;
  const enc = disk.source?.child('encryption') ?? disk.el.child('encryption');
  if (enc && enc.attrValue('format') && enc.attrValue('format') !== 'default') return false;
  return disk.type === 'block' || (disk.type === 'network' && disk.source?.attrValue('protocol') === 'iscsi');
}

function asList(disks: Disk | readonly Disk[]): readonly Disk[] {
  return Array.isArray(disks) ? (disks as readonly Disk[]) : [disks as Disk];
}

/**
 * Moves disks to virtio-scsi: `bus='scsi'`, a free `sdX` name, an explicit drive address on a
 * virtio-scsi controller (an existing one, else a new `<controller>` after the last
 * controller or disk), and without the `<driver>` options only virtio-blk accepts.
 */
export function convertToVirtioScsi(model: DomainModel, disks: Disk | readonly Disk[]): OffsetEdit[] {
  const plan = new ConversionPlan(model);
  for (const disk of asList(disks)) scsiEdits(disk, plan, new Set(), plan.edits);
  return plan.edits;
}

/**
 * Moves disks to virtio-blk: `bus='virtio'`, a free `vdX` name, no drive address (libvirt
 * assigns a PCI slot), and without the children and attributes only SCSI disks accept.
 */
export function convertToVirtioBlk(model: DomainModel, disks: Disk | readonly Disk[]): OffsetEdit[] {
  const plan = new ConversionPlan(model);
  for (const disk of asList(disks)) {
    const removed = new Set<XElement>();
    retarget(disk, 'vd', 'virtio', plan, removed, plan.edits);
    const addr = disk.address;
    if (addr && addr.attrValue('type') === 'drive') {
      removed.add(addr);
      plan.edits.push(removeElement(addr, plan.text));
    }
    removeChildren(disk, SCSI_ONLY_CHILDREN, removed, plan.text, plan.edits);
    for (const name of NON_VIRTIO_TARGET_ATTRS) {
      const a = disk.target?.attr(name);
      if (a) plan.edits.push(removeAttr(a, plan.text));
    }
  }
  return plan.edits;
}

/**
 * Turns disks into SCSI LUN pass-through: `device='lun'` on virtio-scsi (as above), host
 * caching off (`cache='none'`), and without the identity and block-size children libvirt
 * refuses on LUNs (`<serial>`, `<wwn>`, `<vendor>`, `<product>`, `<blockio>`) and without
 * `copy_on_read`. The guest then sees the host device's own identity.
 */
export function convertToScsiLun(model: DomainModel, disks: Disk | readonly Disk[]): OffsetEdit[] {
  const plan = new ConversionPlan(model);
  for (const disk of asList(disks)) {
    const removed = new Set<XElement>();
    const out = plan.edits;
    if (disk.device !== 'lun') out.push(setAttr(disk.el, 'device', 'lun', plan.text, ['type']));
    removeChildren(disk, ['serial', ...Object.keys(LUN_FORBIDDEN_CHILDREN)], removed, plan.text, out);
    scsiEdits(disk, plan, removed, out);
    const cor = disk.driverAttr('copy_on_read');
    if (cor) out.push(removeAttr(cor, plan.text));
    if (disk.cache !== 'none') {
      if (disk.driver || !disk.el.children.length || !removed.has(disk.el.children[0])) {
        out.push(setDriverAttr(disk, 'cache', 'none', plan.text));
      } else {
        // The first child is being removed: put the new <driver> before the first kept child.
        const first = disk.el.children.find((c) => !removed.has(c));
        const q = quoteFor(disk.el, plan.text);
        const markup = `<driver name=${q}qemu${q} cache=${q}none${q}/>`;
        if (first) {
          const ind = indentOf(first, plan.text);
          out.push({ start: first.start, end: first.start, newText: ind === undefined ? markup : `${markup}${eolOf(plan.text)}${ind}` });
        } else out.push(appendToDisk(disk, markup, removed, plan.text));
      }
    }
  }
  return plan.edits;
}
