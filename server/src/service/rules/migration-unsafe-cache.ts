import type { Disk } from '../model/disk';
import type { Finding } from '../types';
import { diskLabel } from './busFacts';
import { driverAttrOrElementSpan, setCacheFix } from './helpers';
import { PROFILE_MIGRATION, type Rule } from './rule';

/**
 * The disks libvirt's qemuMigrationSrcIsSafe lets through whatever their cache mode: no media,
 * read-only (cdroms are always read-only in libvirt), shareable, and RBD network disks.
 */
function exempt(disk: Disk): boolean {
  // vhost-user disks bypass QEMU's block layer: there is no cache mode to set.
  if (disk.type === 'vhostuser') return true;
  if (disk.isEmpty || !disk.isWritable || disk.isShareable) return true;
  return disk.type === 'network' && disk.source?.attrValue('protocol') === 'rbd';
}

export const migrationUnsafeCache: Rule = {
  id: 'migration-unsafe-cache',
  title: "Live migration is unsafe unless disks use cache='none' or 'directsync'",
  defaultSeverity: 'info',
  docs: `During live migration both hosts have the disk open. With a cache mode that uses the host page
cache (\`writeback\`, \`writethrough\`, \`unsafe\`, or no \`cache\`, which is \`writeback\` for QEMU), the
destination can read blocks its page cache held from before the source wrote them. libvirt refuses
such a migration with "Migration may lead to data corruption if disks use cache other than none or
directsync" (VIR_ERR_MIGRATE_UNSAFE) unless the QEMU binary can drop the page cache itself, or the
user passes \`--unsafe\`.

Like libvirt, the rule skips disks without media, read-only disks and cdroms, \`<shareable/>\` disks
(covered by \`shared-disk-cache-enabled\`) and RBD network disks. It is a **warning** with the
\`migration\` profile and **info** otherwise.

Fix: write \`cache='none'\`. With the \`migration\` profile fix-all applies it; otherwise it is only
offered, since it changes I/O behaviour on a guest that may never migrate.

Sources: libvirt \`src/qemu/qemu_migration.c\` (\`qemuMigrationSrcIsSafe\`: the exemptions and the error
above); QEMU \`qemu-options.hx\` (cache modes).`,
  check(ctx) {
    const out: Finding[] = [];
    if (!ctx.model.isQemu) return out;
    const severity = ctx.hasProfile(PROFILE_MIGRATION) ? 'warning' : 'info';
    for (const disk of ctx.model.disks) {
      const cache = disk.cache;
      if (cache === 'none' || cache === 'directsync' || exempt(disk)) continue;
      const what = cache === undefined ? 'has no <driver cache> (QEMU then uses writeback)' : `uses <driver cache='${cache}'>`;
      out.push({
        ruleId: this.id,
        span: driverAttrOrElementSpan(disk, 'cache'),
        severity,
        message: `Migration may lead to data corruption if disks use cache other than none or directsync: ${diskLabel(disk)} ${what}; set cache='none'.`,
      });
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx, finding.severity === 'warning')];
  },
};
