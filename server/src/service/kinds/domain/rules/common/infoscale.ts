import type { Severity } from '../../../../types';
import { PROFILE_INFOSCALE } from '../../../../profiles';
import type { Disk } from '../../model/disk';
import type { DomainContext } from './diskRule';

/** A VxVM/DMP device path: InfoScale is evidently in use on this disk. */
export function isVxvmPath(disk: Disk): boolean {
  return (disk.source?.attrValue('dev') ?? '').startsWith('/dev/vx/');
}

/**
 * The InfoScale guide's advisories concern storage shared by cluster nodes: they apply to
 * shareable disks, SCSI LUN pass-through and VxVM/DMP device paths, or to every disk when
 * the `infoscale` profile is on.
 */
export function infoscaleApplies(ctx: DomainContext, disk: Disk): boolean {
  if (ctx.hasProfile(PROFILE_INFOSCALE)) return true;
  return disk.isShareable || disk.device === 'lun' || isVxvmPath(disk);
}

/**
 * The severity of an InfoScale advisory that is a warning for InfoScale: the rule's own when
 * InfoScale is evident (the `infoscale` profile, or a VxVM/DMP path under `/dev/vx/`), info when
 * the disk qualifies only by being shareable or a LUN, which other cluster stacks use as well.
 */
export function infoscaleSeverity(ctx: DomainContext, disk: Disk): Severity | undefined {
  if (ctx.hasProfile(PROFILE_INFOSCALE)) return undefined;
  return isVxvmPath(disk) ? undefined : 'info';
}
