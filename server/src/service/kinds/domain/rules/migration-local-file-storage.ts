import { diskRule } from './common/diskRule';
import { PROFILE_MIGRATION } from '../../../profiles';

export const migrationLocalFileStorage = diskRule({
  id: 'migration-local-file-storage',
  title: 'A file-backed disk must be on storage that the migration target also sees',
  defaultSeverity: 'info',
  subjects: ['devices/disk@type', 'disk/source@file'],
  docs: `With the \`migration\` profile on, every writable \`<disk type='file'>\` is pointed out: live migration
moves only memory and device state, so the destination host must open the same image file. That works
only when the file lives on shared storage (NFS, GlusterFS, a cluster file system). libvirt refuses to
migrate disks on local file systems with "Migration without shared storage is unsafe" unless the
storage is copied (\`virsh migrate --copy-storage-all\`). Whether a path is shared cannot be seen from the
XML, so this is information only; network disks (\`type='network'\`, e.g. rbd or iscsi) are not flagged.

Fix: put the image on shared storage, use a network disk, or migrate with storage copy.

Sources: libvirt \`src/qemu/qemu_migration.c\` (\`qemuMigrationSrcIsSafe\`: the error above); libvirt
formatdomain ("Hard drives, floppy disks, CDROMs", \`type='network'\`).`,
  appliesTo: (ctx) => ctx.hasProfile(PROFILE_MIGRATION),
  checkDisk(disk, ctx, out) {
    if (disk.type !== 'file' || !disk.isWritable || disk.isShareable) return;
    const file = disk.source?.attr('file');
    if (!file || !file.value) return;
    out.push({
      ruleId: this.id,
      span: file.span,
      message: `<source file='${file.value}'> must be on shared storage for live migration; otherwise libvirt reports 'Migration without shared storage is unsafe' (use --copy-storage-all).`,
    });
  },
});
