import type { Disk } from '../model/disk';
import type { DomainModel } from '../model/domain';
import type { Severity, Span } from '../types';
import { PROFILE_INFOSCALE, type RuleContext } from './rule';

/**
 * Bus facts about a disk that several rules share, and where to anchor findings about them.
 */

/** A virtio-blk disk: `bus='virtio'`, written or inferred from a `vdX` name. */
export function isVirtioBlk(disk: Disk): boolean {
  return disk.bus === 'virtio';
}

/**
 * A SCSI disk whose controller is written as virtio-scsi. A controller that is not written
 * is added by libvirt with its default model, which depends on the architecture and the
 * QEMU binary, so such disks do not count.
 */
export function isOnVirtioScsi(disk: Disk, model: DomainModel): boolean {
  if (disk.bus !== 'scsi') return false;
  return model.controller('scsi', disk.driveController)?.isVirtioScsi ?? false;
}

/** Either VirtIO transport: virtio-blk, or a disk on a virtio-scsi controller. */
export function isVirtioDisk(disk: Disk, model: DomainModel): boolean {
  return isVirtioBlk(disk) || isOnVirtioScsi(disk, model);
}

/** `target/@bus`, else `target/@dev` (where the bus was inferred from), else `<target>` or `<disk>`. */
export function busSpan(disk: Disk): Span {
  const t = disk.target;
  if (!t) return disk.el.nameSpan;
  return (t.attr('bus') ?? t.attr('dev'))?.span ?? t.nameSpan;
}

/** `disk/@device`, else the `<disk>` name. */
export function deviceSpan(disk: Disk): Span {
  return disk.deviceAttr?.span ?? disk.el.nameSpan;
}

/** What to call a disk in a message: its target name when it has one. */
export function diskLabel(disk: Disk): string {
  const dev = disk.targetDev;
  return dev ? `disk '${dev}'` : `<disk> #${disk.index + 1}`;
}

/**
 * The severity of an InfoScale advisory that is a warning for InfoScale: the rule's own when
 * InfoScale is evident (the \`infoscale\` profile, or a VxVM/DMP path under \`/dev/vx/\`), info when
 * the disk qualifies only by being shareable or a LUN, which other cluster stacks use as well.
 */
export function infoscaleSeverity(ctx: RuleContext, disk: Disk): Severity | undefined {
  if (ctx.hasProfile(PROFILE_INFOSCALE)) return undefined;
  return (disk.source?.attrValue('dev') ?? '').startsWith('/dev/vx/') ? undefined : 'info';
}
