import type { DomainModel } from '../model/domain';
import { convertToVirtioBlk, convertToVirtioScsi } from './convert';
import type { RefactorAction } from '../../../types';

export const CONVERT_TO_VIRTIO_SCSI = 'Convert disk to virtio-scsi';
export const CONVERT_TO_VIRTIO_BLK = 'Convert disk to virtio-blk';

/**
 * The bus conversions offered for the disk at an offset. Both change what the guest sees (bus,
 * device name, controller), so they are refactorings the user picks, not fixes. A conversion is
 * offered only when it changes something and gives a disk libvirt accepts: virtio-blk has no
 * removable media and no SCSI pass-through, so CD-ROMs, floppies and LUNs only go to virtio-scsi.
 */
export function diskRefactors(model: DomainModel, offset: number): RefactorAction[] {
  const disk = model.disks.find((d) => d.el.start <= offset && offset <= d.el.end);
  if (!disk || !model.devices) return [];
  const out: RefactorAction[] = [];
  const onVirtioScsi = disk.bus === 'scsi' && (model.controller('scsi', disk.driveController)?.isVirtioScsi ?? false) && disk.address?.attrValue('type') === 'drive';
  if (!onVirtioScsi && disk.device !== 'floppy') {
    out.push({ title: CONVERT_TO_VIRTIO_SCSI, kind: 'refactor.rewrite', edits: convertToVirtioScsi(model, disk), isPreferred: false });
  }
  if (disk.bus !== 'virtio' && disk.device === 'disk') {
    out.push({ title: CONVERT_TO_VIRTIO_BLK, kind: 'refactor.rewrite', edits: convertToVirtioBlk(model, disk), isPreferred: false });
  }
  return out.filter((a) => a.edits.length > 0);
}
