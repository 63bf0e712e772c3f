import { cacheMode } from '../model/cache';
import { diskRule } from './common/diskRule';
import type { Disk } from '../model/disk';
import { driverAttrOrElementSpan } from './common/spans';
import { setCacheFix } from './common/fixes';


/** Profile for guests whose OS does not flush volatile disk write caches. */
export const PROFILE_FLUSH_UNAWARE = 'flush-unaware-guest';

export const crashConsistencyWriteback = diskRule({
  id: 'crash-consistency-writeback',
  title: 'Guests that do not flush disk caches need a write-through cache mode',
  defaultSeverity: 'hint',
  subjects: ['disk/driver@cache', 'disk/driver@cache=writeback'],
  docs: `With \`cache='writeback'\` (QEMU's default when \`cache\` is not written) and \`cache='none'\` (which
skips the host page cache but is still a writeback mode: QEMU sets \`cache.writeback=on\`) the guest
sees a volatile write cache: data is durable only after the guest sends a flush. Modern guests do
this; old or unusual guest operating systems that ignore volatile caches can lose or corrupt data
when the host crashes or loses power. The rule is active only with the \`flush-unaware-guest\` profile.

Fix: \`cache='directsync'\` (no host page cache, every write durable) or \`cache='writethrough'\`.
The cache mode does not change the virtual hardware or the image format, so the fix is safe.

Sources: QEMU \`qemu-options.hx\` (\`-drive cache=\`: writeback is safe only when the guest flushes;
use \`cache.writeback=off\` otherwise); libvirt formatdomain (\`driver/@cache\`).`,
  appliesTo: (ctx) => ctx.hasProfile(PROFILE_FLUSH_UNAWARE),
  checkDisk(disk, ctx, out) {
    if (!disk.isWritable) return;
    const cache = disk.cache;
    // none skips the host page cache but is still a writeback mode (QEMU: cache.writeback=on):
    // the guest is told of a write cache and data is durable only once it flushes. unsafe drops
    // the flushes altogether, which cache-unsafe reports.
    const mode = cacheMode(cache);
    if (!mode?.writeback || mode.noFlush) return;
    const what = cache === undefined ? 'no <driver cache> (QEMU default writeback)' : `<driver cache='${cache}'>`;
    const modes = writethroughAllowed(disk) ? "cache='directsync' or 'writethrough'" : "cache='directsync'";
    out.push({
      ruleId: this.id,
      span: driverAttrOrElementSpan(disk, 'cache'),
      message: `${what} gives the guest a volatile write cache; a guest that does not flush it can lose data on a host crash: use ${modes}.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const fixes = [setCacheFix(disk, 'directsync', ctx.text, true)];
    if (writethroughAllowed(disk)) fixes.push(setCacheFix(disk, 'writethrough', ctx.text, false));
    return fixes;
  },
});

/**
 * io='native' and vhostvdpa disks need a direct mode (none or directsync): writethrough would
 * trade this finding for an error.
 */
function writethroughAllowed(disk: Disk): boolean {
  return disk.io !== 'native' && disk.type !== 'vhostvdpa';
}
