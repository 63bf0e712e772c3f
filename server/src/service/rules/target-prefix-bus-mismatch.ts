import { replaceAttrValue } from '../edits';
import type { Finding } from '../types';
import { nthFreeTargetName, PREFIX_FOR_BUS, targetDevSpan } from './diskFacts';
import type { Rule } from './rule';

const DISK_PREFIXES = ['hd', 'sd', 'vd', 'xvd', 'ubd'];

export const targetPrefixBusMismatch: Rule = {
  id: 'target-prefix-bus-mismatch',
  title: 'The target name prefix should match the bus',
  defaultSeverity: 'hint',
  docs: `\`<target dev>\` is an ordering hint, not the guest's device name, but libvirt derives the bus from its
prefix when \`bus\` is not written (\`hd\` → ide, \`sd\` → scsi, \`vd\` → virtio, \`xvd\` → xen, \`fd\` → fdc),
and tools and people read it the same way. A \`vdb\` on \`bus='scsi'\` is legal but misleading, and
changes bus as soon as someone drops \`bus\` (hint).

libvirt also requires a known prefix: a hard disk or LUN must start with hd, sd, vd, xvd or ubd
("Invalid harddisk device name: …") and a floppy with fd ("Invalid floppy device name: …") (error).

Fix: rename \`dev\` to the first free name with the bus's prefix (guest-visible ordering, never automatic).

Sources: libvirt formatdomain (\`target/@dev\` is a hint; bus inferred from the name); libvirt
\`src/conf/domain_validate.c\` (\`virDomainDiskDefValidate\`: the two errors); virt-manager
\`virtinst/devices/disk.py\` (prefix per bus).`,
  check(ctx) {
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      const dev = disk.targetDev;
      if (!dev) continue;
      const span = targetDevSpan(disk);
      if ((disk.device === 'disk' || disk.device === 'lun') && !DISK_PREFIXES.some((p) => dev.startsWith(p))) {
        out.push({ ruleId: this.id, span, severity: 'error', message: `Invalid harddisk device name: ${dev}: <target dev> of a ${disk.device} must start with hd, sd, vd, xvd or ubd.` });
        continue;
      }
      if (disk.device === 'floppy' && !dev.startsWith('fd')) {
        out.push({ ruleId: this.id, span, severity: 'error', message: `Invalid floppy device name: ${dev}: <target dev> of a floppy must start with fd.` });
        continue;
      }
      const bus = disk.target?.attrValue('bus');
      const want = bus ? PREFIX_FOR_BUS[bus] : undefined;
      if (!want || dev.startsWith(want)) continue;
      if (want === 'hd' && dev.startsWith('sd')) continue;
      out.push({ ruleId: this.id, span, message: `<target dev='${dev}'> does not match bus='${bus}': names on this bus start with '${want}', and libvirt infers another bus from this name if bus is removed.` });
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    const devAttr = disk?.target?.attr('dev');
    const bus = disk?.target?.attrValue('bus');
    if (!disk || !devAttr || !bus || !PREFIX_FOR_BUS[bus]) return [];
    const name = nthFreeTargetName(ctx.model, PREFIX_FOR_BUS[bus], 0);
    return [{ title: `Rename the target to '${name}' (guest-visible ordering)`, edits: [replaceAttrValue(devAttr, name)], safe: false }];
  },
};
