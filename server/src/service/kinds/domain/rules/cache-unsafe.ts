import { diskRule } from './common/diskRule';
import { setCacheFix } from './common/fixes';


export const cacheUnsafe = diskRule({
  id: 'cache-unsafe',
  title: "cache='unsafe' ignores the guest's flushes",
  defaultSeverity: 'warning',
  subjects: ['disk/driver@cache', 'disk/driver@cache=unsafe', 'devices/disk@device'],
  docs: `\`<driver cache='unsafe'>\` lets QEMU cache every write in the host and ignore the guest's flush
requests. If the host crashes, loses power or the storage disconnects, writes the guest believed to
be on disk are lost, and a qcow2 image can be left unusable. It suits throw-away guests (such as
installs that are redone on failure), never shared, clustered or production data.

The rule reports \`cache='unsafe'\` on writable disks (not \`<readonly/>\`, not cdroms).

Fix: \`cache='none'\` (applied by fix-all; the guest sees the same disk), or \`cache='writeback'\` to keep
using the host page cache while honouring flushes.

Sources: libvirt formatdomain, *Hard drives, floppy disks, CDROMs* (\`cache\` values); QEMU
\`qemu-options.hx\` (\`cache.no-flush=on\` and its data-loss warning).`,
  checkDisk(disk, ctx, out) {
    const cache = disk.driverAttr('cache');
    if (!cache || cache.value !== 'unsafe' || !disk.isWritable) return;
    out.push({
      ruleId: this.id,
      span: cache.span,
      message: "<driver cache='unsafe'> ignores the guest's flush requests: a host crash or power loss loses acknowledged writes and can leave the image unusable; use cache='none'.",
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx.text, true), setCacheFix(disk, 'writeback', ctx.text, false)];
  },
});
