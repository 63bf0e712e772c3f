import type { Disk } from '../model/disk';
import type { DomainModel } from '../model/domain';
import type { Finding, FixProposal, LintSettings, Severity, Span } from '../types';

export const PROFILE_INFOSCALE = 'infoscale';
export const PROFILE_MIGRATION = 'migration';

/** What a rule sees: the text, the domain model and the settings. No I/O, no LSP. */
export class RuleContext {
  constructor(
    readonly text: string,
    readonly model: DomainModel,
    readonly settings: LintSettings,
  ) {}

  /** The disk whose element contains a span (to find a finding's disk again in a fix). */
  diskAt(span: Span): Disk | undefined {
    // Disks are in document order and do not nest: binary search (fixes ask once per finding).
    const disks = this.model.disks;
    let lo = 0;
    let hi = disks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = disks[mid];
      if (span.start < d.el.start) hi = mid - 1;
      else if (span.start >= d.el.end) lo = mid + 1;
      else return span.end <= d.el.end ? d : undefined;
    }
    return undefined;
  }

  hasProfile(name: string): boolean {
    return this.settings.profiles?.includes(name) ?? false;
  }

  /**
   * The InfoScale guide's advisories concern storage shared by cluster nodes: they apply to
   * shareable disks, SCSI LUN pass-through and VxVM/DMP device paths, or to every disk when
   * the `infoscale` profile is on.
   */
  infoscaleApplies(disk: Disk): boolean {
    if (this.hasProfile(PROFILE_INFOSCALE)) return true;
    if (disk.isShareable || disk.device === 'lun') return true;
    return (disk.source?.attrValue('dev') ?? '').startsWith('/dev/vx/');
  }
}

export interface Rule {
  /** Kebab-case id: diagnostic code, setting `libvirt.lint.<id>`, SARIF rule id, file name. */
  readonly id: string;
  /** One line for lists and SARIF. */
  readonly title: string;
  readonly defaultSeverity: Severity;
  /** Markdown: what the rule checks, why, how to fix, and the sources of the facts. */
  readonly docs: string;
  check(ctx: RuleContext): Finding[];
  /** Fixes for one of this rule's findings, computed from the current model. */
  fix?(finding: Finding, ctx: RuleContext): FixProposal[];
}
