import { cacheMode } from '../model/cache';
import { diskRule } from './common/diskRule';
import { driverAttrOrElementSpan } from './common/spans';
import { setCacheFix } from './common/fixes';



export const sharedDiskCacheEnabled = diskRule({
  id: 'shared-disk-cache-enabled',
  title: 'A writable shareable disk must not use the host page cache',
  defaultSeverity: 'warning',
  subjects: ['disk/driver@cache', 'disk/shareable'],
  docs: `A \`<disk>\` with \`<shareable/>\` is written by more than one guest. With a host-caching mode
(\`writeback\`, \`writethrough\`, \`unsafe\`, or \`default\`, which is \`writeback\` for QEMU) each host
keeps its own copy of recently read or written blocks, so one guest can read stale data that another
guest has already overwritten: cluster file systems and volume managers then corrupt data.

Write \`cache='none'\` (or \`directsync\`) on the disk's \`<driver>\`. When no cache is written at all,
libvirt versions differ in what they pick, so the rule asks (as info) for the explicit mode.
A shareable disk that is also \`<readonly/>\` is not affected.

Sources: InfoScale 9.0 Virtualization Guide, "VirtIO disk drives" (disable host caching for
disks shared between guests); libvirt formatdomain (\`shareable\`: caching should be deactivated);
libvirt \`qemuMigrationSrcIsSafe\` (shared disks are read-only or use none/directsync).`,
  checkDisk(disk, ctx, out) {
    if (!disk.isWritableShareable) return;
    const cache = disk.cache;
    if (cache === undefined) {
      out.push({
        ruleId: this.id,
        span: driverAttrOrElementSpan(disk, 'cache'),
        severity: 'info',
        message: "The shareable <disk> has no <driver cache>: write cache='none' so that no host caches blocks that other guests write.",
      });
    } else if (cacheMode(cache)?.direct === false) {
      out.push({
        ruleId: this.id,
        span: disk.driverAttr('cache')!.span,
        message: `<driver cache='${cache}'> on a shareable <disk> keeps blocks in the host page cache, so guests sharing the disk can read stale data; use cache='none'.`,
      });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx.text, true), setCacheFix(disk, 'directsync', ctx.text, false)];
  },
});
