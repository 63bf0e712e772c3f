import { PROFILE_INFOSCALE } from '../../../../profiles';
import type { Disk } from '../../model/disk';
import type { DomainContext } from './diskRule';

/** A VxVM/DMP device path: InfoScale is evidently in use on this disk. */
export function isVxvmPath(disk: Disk): boolean {
  return (disk.source?.attrValue('dev') ?? '').startsWith('/dev/vx/');
}

/**
 * The InfoScale guide's advisories concern InfoScale's own storage stack (VxVM, DMP, VxFS): they
 * apply where InfoScale is evidently in use — a VxVM/DMP device path — or to every disk when
 * the `infoscale` profile is on. Shared disks and LUNs of other cluster stacks are left alone.
 */
export function infoscaleApplies(ctx: DomainContext, disk: Disk): boolean {
  return ctx.hasProfile(PROFILE_INFOSCALE) || isVxvmPath(disk);
}
