import { diskRule } from './common/diskRule';
import { attrAt } from './common/spans';
import { removeAttrFix, removeElementFix } from './common/fixes';


export const sgioRawioOnlyOnLun = diskRule({
  id: 'sgio-rawio-only-on-lun',
  title: "sgio, rawio and reservations need device='lun'",
  defaultSeverity: 'error',
  subjects: ['devices/disk@rawio', 'devices/disk@sgio', 'source/reservations', 'devices/disk@device'],
  docs: `\`sgio\` (filtering of SCSI commands), \`rawio\` (CAP_SYS_RAWIO for the QEMU process) and
\`<source><reservations>\` (persistent-reservation helper) only have a meaning for SCSI pass-through.
libvirt refuses them on any other device with "sgio can be used only with device='lun'",
"rawio can be used only with device='lun'" and \`<reservations/> allowed only for lun devices\`.

Fix: remove the attribute or element (safe: the domain cannot start with it), or change the disk to
\`device='lun'\` if pass-through was meant (then rules \`lun-bus\`, \`lun-source\` apply).

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDiskDefValidate\`); libvirt formatdomain
(\`sgio\`, \`rawio\`, \`reservations\`).`,
  checkDisk(disk, ctx, out) {
    if (disk.device === 'lun') return;
    for (const name of ['sgio', 'rawio'] as const) {
      const a = disk.el.attr(name);
      if (a) out.push({ ruleId: this.id, span: a.span, message: `${name} can be used only with device='lun': remove ${name}='${a.value}' from the <disk device='${disk.device}'>.` });
    }
    const pr = disk.source?.child('reservations');
    if (pr) out.push({ ruleId: this.id, span: pr.nameSpan, message: `<reservations/> allowed only for lun devices: the <disk device='${disk.device}'> cannot use persistent reservations.` });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const attr = attrAt(disk.el, finding.span);
    if (attr) return [removeAttrFix(attr, 'disk', ctx.text, true)];
    const pr = disk.source?.child('reservations');
    return pr ? [removeElementFix(pr, ctx.text, true)] : [];
  },
});
