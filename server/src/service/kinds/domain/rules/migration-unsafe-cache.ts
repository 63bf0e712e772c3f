import { isDirectCache } from '../model/cache';
import { diskRule } from './common/diskRule';
import type { Disk } from '../model/disk';
import { driverAttrOrElementSpan } from './common/spans';
import { setCacheFix } from './common/fixes';
import { PROFILE_MIGRATION } from '../../../profiles';

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

export const migrationUnsafeCache = diskRule({
  id: 'migration-unsafe-cache',
  title: "Live migration is unsafe unless disks use cache='none' or 'directsync'",
  defaultSeverity: 'warning',
  subjects: ['disk/driver@cache'],
  docs: `During live migration both hosts have the disk open. With a cache mode that uses the host page
cache (\`writeback\`, \`writethrough\`, \`unsafe\`, or no \`cache\`, which is \`writeback\` for QEMU), the
destination can read blocks its page cache held from before the source wrote them. libvirt refuses
such a migration with "Migration may lead to data corruption if disks use cache other than none or
directsync" (VIR_ERR_MIGRATE_UNSAFE) unless the QEMU binary can drop the page cache itself, or the
user passes \`--unsafe\`.

Like libvirt, the rule skips disks without media, read-only disks and cdroms, \`<shareable/>\` disks
(covered by \`shared-disk-cache-enabled\`) and RBD network disks. Most guests never migrate, and
on a host-local guest a caching mode is a legitimate choice, so the rule runs only with the
\`migration\` profile (\`--profile migration\`, or \`libvirt.profiles\` in VS Code).

Fix: write \`cache='none'\` (applied by fix-all: it changes nothing the guest sees).

Sources: libvirt \`src/qemu/qemu_migration.c\` (\`qemuMigrationSrcIsSafe\`: the exemptions and the error
above); QEMU \`qemu-options.hx\` (cache modes).`,
  appliesTo: (ctx) => ctx.model.isQemu && ctx.hasProfile(PROFILE_MIGRATION),
  checkDisk(disk, ctx, out) {
    const cache = disk.cache;
    if (isDirectCache(cache) || exempt(disk)) return;
    const what = cache === undefined ? 'has no <driver cache> (QEMU then uses writeback)' : `uses <driver cache='${cache}'>`;
    out.push({
      ruleId: this.id,
      span: driverAttrOrElementSpan(disk, 'cache'),
      message: `Migration may lead to data corruption if disks use cache other than none or directsync: disk ${disk.label} ${what}; set cache='none'.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx.text, true)];
  },
});
