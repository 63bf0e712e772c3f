import { isDirectCache } from '../model/cache';
import { diskRule, qemuOnly } from './common/diskRule';
import { infoscaleApplies } from './common/infoscale';
import { driverAttrOrElementSpan } from './common/spans';
import { setCacheFix } from './common/fixes';


export const dmpFastRecoveryNeedsCacheNone = diskRule({
  id: 'dmp-fast-recovery-needs-cache-none',
  title: "A SCSI LUN pass-through disk must not be cached by the host (cache='none')",
  defaultSeverity: 'warning',
  subjects: ['devices/disk@device=lun', 'disk/driver@cache'],
  docs: `With \`<disk device='lun'>\` the guest sends SCSI commands straight to the host device. InfoScale's
DMP Fast Recovery in the guest uses this path and bypasses the ordinary VirtIO reads and writes, so
any block the host keeps in its page cache can disagree with what the device holds. The InfoScale
guide therefore requires host caching to be off on such disks.

The rule reports a LUN disk whose \`<driver cache>\` is anything but \`none\` — including a missing
\`cache\`, which QEMU treats as \`writeback\`. \`directsync\` is accepted as well: it also opens the
device with O_DIRECT and keeps no write cache. Like the other InfoScale advisories it applies
where InfoScale is evidently in use: VxVM/DMP device paths (\`/dev/vx/…\`), or every disk with
the \`infoscale\` profile (a LUN shared by another cluster stack is left alone).

Fix: write \`cache='none'\` on the disk's \`<driver>\` (applied by fix-all; it changes nothing the
guest sees).

Sources: InfoScale 9.0 Virtualization Guide (Linux), "VirtIO disk drives", item *DMP Fast Recovery
with SCSI devices*; QEMU \`qemu-options.hx\` (cache modes and their O_DIRECT use).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'lun' || !infoscaleApplies(ctx, disk)) return;
    const cache = disk.cache;
    if (isDirectCache(cache)) return;
    const what = cache === undefined ? "has no <driver cache> (QEMU then uses writeback)" : `uses <driver cache='${cache}'>`;
    out.push({
      ruleId: this.id,
      span: driverAttrOrElementSpan(disk, 'cache'),
      message: `The <disk device='lun'> ${what}: SCSI commands from DMP Fast Recovery bypass the host page cache, so host caching must be off; set cache='none'.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx.text, true)];
  },
});
