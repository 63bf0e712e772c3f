import { diskRule, qemuOnly } from './common/diskRule';
import { removeElementFix } from './common/fixes';
import { PROFILE_MIGRATION } from '../../../profiles';

export const transientDiskConstraints = diskRule({
  id: 'transient-disk-constraints',
  title: 'A transient disk must be a writable file-backed disk',
  defaultSeverity: 'error',
  subjects: ['devices/disk@type', 'disk/readonly', 'disk/transient', 'devices/disk@device'],
  docs: `\`<transient/>\` makes QEMU write to a temporary overlay that is thrown away when the guest stops. libvirt
creates that overlay only for a writable \`<disk type='file' device='disk'>\` with a source, and refuses
anything else: "transient disk supported only with 'file' type", "transient disk supported only
with 'disk' device", "transient disk '…' must not be read-only", "transient disk '…' must not be
empty" (errors). A transient disk also blocks migration ("migration with transient disk is not
supported"), snapshots and block jobs: with the \`migration\` profile every transient disk is a warning.

Fix: remove \`<transient/>\` — the guest's writes then persist, which changes the data on disk, so it is
never applied automatically.

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`qemuValidateDomainDeviceDefDiskTransient\`); libvirt
\`src/qemu/qemu_migration.c\` (transient disks block migration); libvirt formatdomain (\`transient\`).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const t = disk.transient;
    if (!t) return;
    const name = disk.targetDev ?? '';
    const push = (message: string, severity?: 'warning') => out.push({ ruleId: this.id, span: t.nameSpan, message, ...(severity ? { severity } : {}) });
    // The order of libvirt's checks, so that the first message is the one libvirt gives.
    if (disk.isSourceEmpty) push(`transient disk '${name}' must not be empty: the <disk> has no <source>.`);
    else if (disk.isReadonly) push(`transient disk '${name}' must not be read-only: remove <readonly/> or <transient/>.`);
    else if (disk.type !== 'file' && disk.type !== 'volume') push(`transient disk supported only with 'file' type (${name}): <transient/> on a <disk type='${disk.type}'>.`);
    else if (disk.device !== 'disk') push(`transient disk supported only with 'disk' device (${name}): <transient/> on a <disk device='${disk.device}'>.`);
    else if (ctx.hasProfile(PROFILE_MIGRATION)) push(`migration with transient disk is not supported: <transient/> on '${name}' blocks live migration.`, 'warning');
  },
  fix(finding, ctx) {
    const t = ctx.model.diskAt(finding.span)?.transient;
    return t ? [removeElementFix(t, ctx.text, false)] : [];
  },
});
