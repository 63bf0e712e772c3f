import type { DomainRule } from './common/diskRule';
import { replaceAttrValue } from '../../../edits';
import type { Finding } from '../../../types';
import { PREFIX_OF_BUS, parseTargetName } from '../model/names';


export const duplicateTargetDev: DomainRule = {
  id: 'duplicate-target-dev',
  title: 'Two disks cannot have the same target name',
  defaultSeverity: 'error',
  subjects: ['devices/disk', 'disk/target', 'disk/target@dev'],
  docs: `libvirt identifies a disk by its target name (\`virsh domblklist\`, \`detach-disk\`, block jobs), so the
name must be unique in the domain. A second \`<disk>\` with the same \`<target dev>\` is refused with
"target 'vdb' duplicated for disk sources '…' and '…'"; \`virsh attach-device\` refuses a device file whose disk
takes a name the domain already uses with "target vdb already exists" (checked when the device file is
linted with its domain, \`--domain\`). The check runs in one pass over a map of
target names, so it stays linear on domains with thousands of disks.

Fix: rename the later disk to the first free name with its bus's prefix (guest-visible, never
automatic).

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDefDuplicateDiskInfoValidate\`),
\`src/qemu/qemu_driver.c\` (\`qemuDomainAttachDeviceConfig\`: "target %s already exists"); libvirt test
\`disk-same-targets\`.`,
  check(ctx) {
    const out: Finding[] = [];
    for (const [dev, disks] of ctx.model.disksByTarget()) {
      for (let i = 1; i < disks.length; i++) {
        const d = disks[i];
        const a = (disks[0].sourcePath ?? '<null>');
        const b = (d.sourcePath ?? '<null>');
        // A disk being attached (a device file checked with its domain) gets attach-device's wording.
        const message =
          d.el === ctx.model.attaching
            ? `target ${dev} already exists: the domain's disk '${a}' has <target dev='${dev}'>; the attached <disk> needs another name.`
            : `target '${dev}' duplicated for disk sources '${a}' and '${b}': each <disk> needs its own <target dev>.`;
        out.push({ ruleId: this.id, span: d.target!.attr('dev')!.span, message, payload: { nth: i - 1 } });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const dev = disk?.target?.attr('dev');
    if (!disk || !dev) return [];
    const prefix = (disk.bus && PREFIX_OF_BUS[disk.bus]) ?? parseTargetName(dev.value)?.prefix ?? 'vd';
    // The n-th duplicate of a name takes the n-th free name, so that fixing all of them at once
    // does not create a new clash.
    const nth = (finding.payload as { nth?: number } | undefined)?.nth ?? 0;
    const name = ctx.model.targetNames.nthFree(prefix, nth);
    return [{ title: `Rename the target to '${name}'`, edits: [replaceAttrValue(dev, name)], safe: false }];
  },
};
