import type { Finding } from '../types';
import { driverAttrOrElementSpan, setCacheFix } from './helpers';
import type { Rule } from './rule';

export const vhostvdpaCache: Rule = {
  id: 'vhostvdpa-cache',
  title: "A vhostvdpa disk needs cache='none' or cache='directsync'",
  defaultSeverity: 'error',
  docs: `A \`<disk type='vhostvdpa'>\` is served by a vDPA block device through the kernel's vhost-vdpa
interface; QEMU opens it with O_DIRECT semantics only, so libvirt's QEMU driver refuses any cache
mode other than \`none\` or \`directsync\` (also when \`cache\` is not written) with
"disk type 'vhostvdpa' requires cache mode 'directsync' or 'none'".

Fix: write \`cache='none'\` (safe: the cache mode changes neither the virtual hardware nor the data).

Sources: libvirt \`src/qemu/qemu_validate.c\` (cache-mode check for vhostvdpa disks, message as quoted in the
rule catalogue); libvirt formatdomain ("Hard drives, floppy disks, CDROMs", \`type='vhostvdpa'\`); libvirt
test \`disk-vhostvdpa\` (written with \`cache='none'\`).`,
  check(ctx) {
    if (!ctx.model.isQemu) return [];
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      if (disk.type !== 'vhostvdpa') continue;
      const cache = disk.cache;
      if (cache === 'none' || cache === 'directsync') continue;
      out.push({
        ruleId: this.id,
        span: driverAttrOrElementSpan(disk, 'cache'),
        message: `disk type 'vhostvdpa' requires cache mode 'directsync' or 'none': the <disk type='vhostvdpa'> has ${cache === undefined ? 'no <driver cache>' : `<driver cache='${cache}'>`}.`,
      });
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    if (!disk) return [];
    return [setCacheFix(disk, 'none', ctx, true), setCacheFix(disk, 'directsync', ctx, false)];
  },
};
