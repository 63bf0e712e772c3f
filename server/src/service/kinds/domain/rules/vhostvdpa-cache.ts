import { isDirectCache } from '../model/cache';
import { diskRule, qemuOnly } from './common/diskRule';
import { driverAttrOrElementSpan } from './common/spans';
import { setCacheFix } from './common/fixes';


export const vhostvdpaCache = diskRule({
  id: 'vhostvdpa-cache',
  title: "A vhostvdpa disk needs cache='none' or cache='directsync'",
  defaultSeverity: 'error',
  subjects: ['devices/disk@type=vhostvdpa', 'disk/driver@cache'],
  docs: `A \`<disk type='vhostvdpa'>\` is served by a vDPA block device through the kernel's vhost-vdpa
interface; QEMU opens it with O_DIRECT semantics only, so libvirt's QEMU driver refuses any cache
mode other than \`none\` or \`directsync\` (also when \`cache\` is not written) with
"disk type 'vhostvdpa' requires cache mode 'directsync' or 'none'".

Fix: write \`cache='none'\` (safe: the cache mode changes neither the virtual hardware nor the data).

Sources: libvirt \`src/qemu/qemu_validate.c\` (cache-mode check for vhostvdpa disks, message as quoted in the
rule catalogue); libvirt formatdomain ("Hard drives, floppy disks, CDROMs", \`type='vhostvdpa'\`); libvirt
test \`disk-vhostvdpa\` (written with \`cache='none'\`).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.type !== 'vhostvdpa') return;
    const cache = disk.cache;
    if (isDirectCache(cache)) return;
    out.push({
      ruleId: this.id,
      span: driverAttrOrElementSpan(disk, 'cache'),
      message: `disk type 'vhostvdpa' requires cache mode 'directsync' or 'none': the <disk type='vhostvdpa'> has ${cache === undefined ? 'no <driver cache>' : `<driver cache='${cache}'>`}.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx.text, true), setCacheFix(disk, 'directsync', ctx.text, false)];
  },
});
