import type { Finding } from '../types';
import { driverAttrOrElementSpan, setCacheFix } from './helpers';
import type { Rule } from './rule';

/** Cache modes that keep data in the host page cache or hold writes back. */
const HOST_CACHING = new Set(['writeback', 'writethrough', 'unsafe', 'default']);

export const sharedDiskCacheEnabled: Rule = {
  id: 'shared-disk-cache-enabled',
  title: 'A writable shareable disk must not use the host page cache',
  defaultSeverity: 'warning',
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
  check(ctx) {
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      if (!disk.isShareable || disk.isReadonly) continue;
      const cache = disk.cache;
      if (cache === undefined) {
        out.push({
          ruleId: this.id,
          span: driverAttrOrElementSpan(disk, 'cache'),
          severity: 'info',
          message: "The shareable <disk> has no <driver cache>: write cache='none' so that no host caches blocks that other guests write.",
        });
      } else if (HOST_CACHING.has(cache)) {
        out.push({
          ruleId: this.id,
          span: disk.driverAttr('cache')!.span,
          message: `<driver cache='${cache}'> on a shareable <disk> keeps blocks in the host page cache, so guests sharing the disk can read stale data; use cache='none'.`,
        });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx, true), setCacheFix(disk, 'directsync', ctx, false)];
  },
};
