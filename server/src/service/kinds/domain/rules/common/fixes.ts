import { insertElement, removeAttr, removeElement, setAttr } from '../../../../edits';
import type { XAttr, XElement } from '../../../../parse/xmlTree';
import type { FixProposal, OffsetEdit } from '../../../../types';
import type { Disk } from '../../model/disk';
import type { DomainModel } from '../../model/domain';

/** Edits the disk rules' fixes share: driver attributes, cache modes, removals, a virtio-scsi controller. */

/** libvirt's attribute order on `<driver>`; an inserted attribute goes after those before it. */
const DRIVER_ORDER = ['name', 'type', 'cache', 'error_policy', 'rerror_policy', 'io', 'ioeventfd', 'event_idx', 'copy_on_read', 'discard', 'detect_zeroes'];

/**
 * An edit that sets a `<driver>` attribute, creating `<driver name='qemu' …/>` when the disk
 * has none (as the first child of `<disk>`, where libvirt writes it).
 */
export function setDriverAttr(disk: Disk, name: string, value: string, text: string): OffsetEdit {
  if (disk.driver) {
    const idx = DRIVER_ORDER.indexOf(name);
    return setAttr(disk.driver, name, value, text, idx > 0 ? DRIVER_ORDER.slice(0, idx) : []);
  }
  const q = disk.el.attrs.find((a) => a.quote)?.quote ?? "'";
  const markup = `<driver name=${q}qemu${q} ${name}=${q}${value}${q}/>`;
  const first = disk.el.children[0];
  return insertElement(disk.el, markup, text, first ? { before: first } : {});
}

/** The usual "set cache" fix. */
export function setCacheFix(disk: Disk, mode: string, text: string, safe: boolean): FixProposal {
  return { title: `Set <driver cache='${mode}'>`, edits: [setDriverAttr(disk, 'cache', mode, text)], safe };
}

/** "Remove attribute" fix. */
export function removeAttrFix(attr: XAttr, owner: string, text: string, safe: boolean): FixProposal {
  return { title: `Remove ${attr.name}='${attr.value}' from <${owner}>`, edits: [removeAttr(attr, text)], safe };
}

/** "Remove element" fix. */
export function removeElementFix(el: XElement, text: string, safe: boolean): FixProposal {
  return { title: `Remove <${el.name}>`, edits: [removeElement(el, text)], safe };
}

/**
 * Inserts `<controller type='scsi' index='N' model='virtio-scsi'/>` where libvirt keeps it:
 * before the first SCSI controller with a higher index, else after the last controller (or
 * the last disk), indented like its siblings.
 */
export function insertScsiController(model: DomainModel, index: number, text: string): OffsetEdit {
  const devices = model.devices!;
  const q = devices.parent?.attrs.find((a) => a.quote)?.quote ?? model.disks[0]?.el.attrs.find((a) => a.quote)?.quote ?? "'";
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
  if (lastScsiBelow) return insertElement(devices, markup, text, { after: lastScsiBelow });
  if (before) return insertElement(devices, markup, text, { before });
  if (lastController) return insertElement(devices, markup, text, { after: lastController });
  const lastDisk = model.disks[model.disks.length - 1];
  if (lastDisk) return insertElement(devices, markup, text, { after: lastDisk.el });
  return insertElement(devices, markup, text);
}

/**
 * Raises `<iothreads>` to `wanted` (or adds it after `<vcpu>`), so that IOThread `wanted` exists
 * when the domain lists no explicit ids. Host threads only: nothing the guest sees.
 */
export function raiseIothreadsFix(model: DomainModel, wanted: number, text: string): FixProposal | undefined {
  const root = model.root;
  const io = root.child('iothreads');
  if (io && io.endTag) {
    if (wanted > (model.iothreads ?? 0)) return { title: `Set <iothreads>${wanted}</iothreads>`, edits: [{ ...io.contentSpan, newText: String(wanted) }], safe: true };
    return undefined;
  }
  if (io) return undefined;
  const anchor = root.child('vcpu') ?? root.child('currentMemory') ?? root.child('memory');
  return anchor ? { title: `Add <iothreads>${wanted}</iothreads>`, edits: [insertElement(root, `<iothreads>${wanted}</iothreads>`, text, { after: anchor })], safe: true } : undefined;
}
