import { diskRule } from './common/diskRule';
import { replaceAttrValue } from '../../../edits';
import { HARDDISK_PREFIXES, parseTargetName, PREFIX_OF_BUS } from '../model/names';
import { targetDevSpan } from './common/spans';



export const targetPrefixBusMismatch = diskRule({
  id: 'target-prefix-bus-mismatch',
  title: 'The target name prefix should match the bus',
  defaultSeverity: 'hint',
  subjects: ['disk/target', 'disk/target@dev', 'disk/target@bus', 'devices/disk@device'],
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
  checkDisk(disk, ctx, out) {
    const dev = disk.targetDev;
    if (!dev) return;
    const span = targetDevSpan(disk);
    if ((disk.device === 'disk' || disk.device === 'lun') && !HARDDISK_PREFIXES.some((p) => dev.startsWith(p))) {
      out.push({ ruleId: this.id, span, severity: 'error', message: `Invalid harddisk device name: ${dev}: <target dev> of a ${disk.device} must start with hd, sd, vd, xvd or ubd.` });
      return;
    }
    if (disk.device === 'floppy' && !dev.startsWith('fd')) {
      out.push({ ruleId: this.id, span, severity: 'error', message: `Invalid floppy device name: ${dev}: <target dev> of a floppy must start with fd.` });
      return;
    }
    const bus = disk.target?.attrValue('bus');
    const want = bus ? PREFIX_OF_BUS[bus] : undefined;
    if (!want || dev.startsWith(want)) return;
    if (want === 'hd' && dev.startsWith('sd')) return;
    out.push({ ruleId: this.id, span, message: `<target dev='${dev}'> does not match bus='${bus}': names on this bus start with '${want}', and libvirt infers another bus from this name if bus is removed.` });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const devAttr = disk?.target?.attr('dev');
    const bus = disk?.target?.attrValue('bus');
    if (!disk || !devAttr || !bus || !PREFIX_OF_BUS[bus]) return [];
    // A floppy's name must start with fd whatever the bus: renaming cannot fix a floppy's bus.
    if (disk.device === 'floppy') return [];
    // Keep the disk's index (hdb → sdb) when that name is free: libvirt derives a disk's drive
    // address from the index, so another index could take an address another disk uses.
    const parsed = parseTargetName(devAttr.value);
    const letters = parsed && !parsed.digits ? parsed.letters : undefined;
    const sameIndex = letters ? PREFIX_OF_BUS[bus] + letters : undefined;
    const name = sameIndex && !ctx.model.disksByTarget().has(sameIndex) ? sameIndex : ctx.model.targetNames.nthFree(PREFIX_OF_BUS[bus], 0);
    return [{ title: `Rename the target to '${name}' (guest-visible ordering)`, edits: [replaceAttrValue(devAttr, name)], safe: false }];
  },
});
