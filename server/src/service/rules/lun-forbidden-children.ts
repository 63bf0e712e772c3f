import type { XAttr, XElement } from '../parse/xmlTree';
import type { Finding } from '../types';
import { attrAt, removeAttrFix, removeElementFix } from './diskFacts';
import type { Rule } from './rule';

export const lunForbiddenChildren: Rule = {
  id: 'lun-forbidden-children',
  title: "device='lun' cannot override the device identity or block sizes",
  defaultSeverity: 'error',
  docs: `With \`device='lun'\` the guest talks to the real SCSI device, which answers INQUIRY and READ CAPACITY
itself. libvirt's QEMU driver therefore refuses the elements that would fake identity:
\`<wwn>\` ("Setting wwn is not supported for lun device"), \`<vendor>\`/\`<product>\` ("Setting vendor or
product is not supported for lun device"), \`<serial>\` on bus scsi ("scsi-block 'lun' devices do not
support the serial property") and \`<driver copy_on_read='on'>\` ("copy_on_read is not compatible with
'lun' disk '…'"). \`<blockio>\` is a warning only: the catalogue cites a libvirt test error for it, but
no such check was found in current \`qemu_validate.c\`; the override is meaningless for pass-through.

Fix: remove the element or attribute. The domain cannot start with it, so removing it changes nothing
a running guest saw; the fix is safe.

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`qemuValidateDomainDeviceDefDiskFrontend\`); libvirt
formatdomain (\`serial\`: not supported for scsi-block devices).`,
  check(ctx) {
    if (!ctx.model.isQemu) return [];
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      if (disk.device !== 'lun') continue;
      const add = (el: XElement | undefined, message: string) => {
        if (el) out.push({ ruleId: this.id, span: el.nameSpan, message });
      };
      add(disk.el.child('wwn'), "Setting wwn is not supported for lun device: remove <wwn> from the <disk device='lun'>.");
      const vp = disk.el.child('vendor') ?? disk.el.child('product');
      add(vp, `Setting vendor or product is not supported for lun device: remove <${vp?.name}> from the <disk device='lun'>.`);
      const blockio = disk.el.child('blockio');
      if (blockio) out.push({ ruleId: this.id, span: blockio.nameSpan, severity: 'warning', message: "<blockio> on a <disk device='lun'>: scsi-block reports the real device's block sizes to the guest, so the override has no place here; remove <blockio>." });
      if (disk.bus === 'scsi') add(disk.el.child('serial'), "scsi-block 'lun' devices do not support the serial property: remove <serial> from the <disk device='lun'>.");
      const cor: XAttr | undefined = disk.driverAttr('copy_on_read');
      if (cor?.value === 'on') out.push({ ruleId: this.id, span: cor.span, message: `copy_on_read is not compatible with 'lun' disk '${disk.targetDev ?? ''}': remove <driver copy_on_read='on'>.` });
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    if (!disk) return [];
    const attr = attrAt(disk.driver, finding.span);
    if (attr) return [removeAttrFix(attr, 'driver', ctx, true)];
    const el = disk.el.children.find((c) => c.nameSpan.start === finding.span.start);
    return el ? [removeElementFix(el, ctx, true)] : [];
  },
};
