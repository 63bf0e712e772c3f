import type { Finding } from '../types';
import { attrAt, removeAttrFix, removeElementFix } from './diskFacts';
import type { Rule } from './rule';

export const sgioRawioOnlyOnLun: Rule = {
  id: 'sgio-rawio-only-on-lun',
  title: "sgio, rawio and reservations need device='lun'",
  defaultSeverity: 'error',
  docs: `\`sgio\` (filtering of SCSI commands), \`rawio\` (CAP_SYS_RAWIO for the QEMU process) and
\`<source><reservations>\` (persistent-reservation helper) only have a meaning for SCSI pass-through.
libvirt refuses them on any other device with "sgio can be used only with device='lun'",
"rawio can be used only with device='lun'" and \`<reservations/> allowed only for lun devices\`.

Fix: remove the attribute or element (safe: the domain cannot start with it), or change the disk to
\`device='lun'\` if pass-through was meant (then rules \`lun-bus\`, \`lun-source\` apply).

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDiskDefValidate\`); libvirt formatdomain
(\`sgio\`, \`rawio\`, \`reservations\`).`,
  check(ctx) {
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      if (disk.device === 'lun') continue;
      for (const name of ['sgio', 'rawio'] as const) {
        const a = disk.el.attr(name);
        if (a) out.push({ ruleId: this.id, span: a.span, message: `${name} can be used only with device='lun': remove ${name}='${a.value}' from the <disk device='${disk.device}'>.` });
      }
      const pr = disk.source?.child('reservations');
      if (pr) out.push({ ruleId: this.id, span: pr.nameSpan, message: `<reservations/> allowed only for lun devices: the <disk device='${disk.device}'> cannot use persistent reservations.` });
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    if (!disk) return [];
    const attr = attrAt(disk.el, finding.span);
    if (attr) return [removeAttrFix(attr, 'disk', ctx, true)];
    const pr = disk.source?.child('reservations');
    return pr ? [removeElementFix(pr, ctx, true)] : [];
  },
};
