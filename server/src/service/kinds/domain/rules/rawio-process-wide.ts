import { diskRule } from './common/diskRule';
import { removeAttrFix } from './common/fixes';


export const rawioProcessWide = diskRule({
  id: 'rawio-process-wide',
  title: "rawio='yes' gives the whole QEMU process raw I/O rights",
  defaultSeverity: 'warning',
  subjects: ['devices/disk@rawio', 'devices/disk@device'],
  docs: `\`rawio='yes'\` grants the QEMU process the CAP_SYS_RAWIO capability so that the guest can send SCSI
commands the kernel's SG_IO filter would block. A capability belongs to the process, not to one disk:
every disk of the domain gets it, and a compromised QEMU can issue raw commands to any device it has
open. libvirt's documentation recommends \`sgio\` filtering as the more secure choice.

Fix: remove \`rawio\` and keep the default \`sgio='filtered'\`, unless the guest really needs unfiltered
commands (e.g. some multipath or clustering agents). Never applied automatically.

Sources: libvirt formatdomain (\`rawio\`: one disk with rawio enables it for all disks of the domain;
the same section prefers \`sgio\` as the more secure mechanism).`,
  checkDisk(disk, ctx, out) {
    const a = disk.el.attr('rawio');
    if (a?.value !== 'yes' || disk.device !== 'lun') return;
    out.push({ ruleId: this.id, span: a.span, message: "<disk rawio='yes'> gives CAP_SYS_RAWIO to the whole QEMU process, so every disk of the domain gets raw SCSI access; prefer sgio filtering." });
  },
  fix(finding, ctx) {
    const a = ctx.model.diskAt(finding.span)?.el.attr('rawio');
    return a ? [removeAttrFix(a, 'disk', ctx.text, false)] : [];
  },
});
