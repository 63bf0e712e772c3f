import { diskRule, qemuOnly } from './common/diskRule';
import { replaceAttrValue } from '../../../edits';
import { parseTargetName } from '../model/names';


export const targetWithPartition = diskRule({
  id: 'target-with-partition',
  title: 'A target name cannot name a partition',
  defaultSeverity: 'error',
  subjects: ['disk/target@dev'],
  docs: `\`<target dev>\` names a whole disk in the guest (\`vdb\`); a trailing number (\`vdb1\`) would name a
partition, which a hypervisor cannot attach. libvirt's QEMU driver refuses it with "invalid disk target
'vdb1', partitions can't appear in disk targets".

Fix: drop the digits (or take the first free name when that one is used). The target is
guest-visible, so the fix is never applied automatically.

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`virDiskNameParse\` partition check); libvirt test
\`disk-attaching-partition-nosupport\`.`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const name = disk.targetDev;
    // Only a name that ends in a digit can carry a partition number.
    if (!name || !(name.charCodeAt(name.length - 1) >= 48 && name.charCodeAt(name.length - 1) <= 57)) return;
    const dev = disk.target!.attr('dev')!;
    const p = parseTargetName(dev.value);
    if (!p || !p.digits) return;
    out.push({ ruleId: this.id, span: dev.span, message: `invalid disk target '${dev.value}', partitions can't appear in disk targets: <target dev> must name a whole disk such as '${p.prefix}${p.letters}'.` });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const dev = disk?.target?.attr('dev');
    const p = dev ? parseTargetName(dev.value) : undefined;
    if (!disk || !dev || !p) return [];
    const whole = p.prefix + p.letters;
    const name = ctx.model.disksByTarget().has(whole) ? ctx.model.targetNames.nthFree(p.prefix, 0) : whole;
    return [{ title: `Rename the target to '${name}'`, edits: [replaceAttrValue(dev, name)], safe: false }];
  },
});
