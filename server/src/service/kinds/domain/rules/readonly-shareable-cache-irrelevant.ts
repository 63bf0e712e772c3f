import { diskRule } from './common/diskRule';


export const readonlyShareableCacheIrrelevant = diskRule({
  id: 'readonly-shareable-cache-irrelevant',
  title: 'A read-only shareable disk needs no cache or format advice',
  defaultSeverity: 'hint',
  subjects: ['disk/driver@cache', 'disk/shareable', 'disk/readonly'],
  docs: `A \`<disk>\` with both \`<shareable/>\` and \`<readonly/>\` is valid: no guest writes, so no host cache
can serve stale data, any image format can be shared, and libvirt treats the disk as safe for migration
whatever its cache mode. The rules about cache modes and raw format for shared disks do not apply; this
hint only marks the combination (for example to explain why those rules stay silent).

Fix: none needed.

Sources: libvirt \`src/qemu/qemu_migration.c\` (\`qemuMigrationSrcIsSafe\`: read-only and shared disks
are skipped); libvirt \`src/qemu/qemu_validate.c\` (the raw-format requirement covers writable
shared disks only).`,
  checkDisk(disk, ctx, out) {
    if (!disk.shareable || !disk.readonly) return;
    out.push({
      ruleId: this.id,
      span: disk.shareable.nameSpan,
      message: '<shareable/> together with <readonly/>: no guest writes, so the cache mode and image format of this <disk> do not matter for sharing.',
    });
  },
});
