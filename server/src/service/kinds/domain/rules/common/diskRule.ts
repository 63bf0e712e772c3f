import type { Rule, RuleContext } from '../../../../rule';
import type { Finding } from '../../../../types';
import type { Disk } from '../../model/disk';
import type { DomainModel } from '../../model/domain';

export type DomainRule = Rule<DomainModel>;
export type DomainContext = RuleContext<DomainModel>;

/**
 * A rule that judges each disk on its own: from the disk and the domain around it (machine,
 * controllers, IOThreads), never from the other disks. Its check is `checkDisk` over every
 * disk, and completion runs the same `checkDisk` on a disk with a value written in, so the
 * values completion marks unsafe are exactly those the rule would report.
 */
export interface DiskRule extends DomainRule {
  /** Whether the rule looks at this domain at all (e.g. QEMU/KVM domains only, a profile). */
  appliesTo?(ctx: DomainContext): boolean;
  /** Pushes the findings about one disk. */
  checkDisk(disk: Disk, ctx: DomainContext, out: Finding[]): void;
}

export type DiskRuleSpec = Omit<DiskRule, 'check'>;

/** A DiskRule from its per-disk check. */
export function diskRule(spec: DiskRuleSpec): DiskRule {
  return {
    ...spec,
    check(ctx) {
      if (this.appliesTo && !this.appliesTo(ctx)) return [];
      const out: Finding[] = [];
      // indexed: this one function checks the disks for every disk rule, and a for-of here
      // allocated an iterator result per disk and rule
      const disks = ctx.model.disks;
      for (let i = 0; i < disks.length; i++) this.checkDisk(disks[i], ctx, out);
      return out;
    },
  };
}

export function isDiskRule(rule: DomainRule): rule is DiskRule {
  return typeof (rule as Partial<DiskRule>).checkDisk === 'function';
}

/** The findings a disk rule makes about one disk (none when the rule does not apply). */
export function diskFindings(rule: DiskRule, disk: Disk, ctx: DomainContext): Finding[] {
  if (rule.appliesTo && !rule.appliesTo(ctx)) return [];
  const out: Finding[] = [];
  rule.checkDisk(disk, ctx, out);
  return out;
}

/** QEMU/KVM domains only: the checks of libvirt's QEMU driver. */
export function qemuOnly(ctx: DomainContext): boolean {
  return ctx.model.isQemu;
}
