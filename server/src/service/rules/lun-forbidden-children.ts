import type { XAttr, XElement } from '../parse/xmlTree';
import type { Finding } from '../types';
import { attrAt, removeAttrFix, removeElementFix } from './diskFacts';
import type { Rule } from './rule';

export const lunForbiddenChildren: Rule = {
  id: 'lun-forbidden-children',
  title: "device='lun' cannot override the device identity or block sizes",
  defaultSeverity: 'error',
  docs: `With \`device='lun'\` the guest talks to the real SCSI device, which answers INQUIRY and READ CAPACITY
itself. libvirt therefore refuses the elements that would fake identity or geometry:
\`<wwn>\` ("Setting wwn is not supported for lun device"), \`<vendor>\`/\`<product>\` ("Setting vendor or
product is not supported for lun device"), \`<blockio>\` ("blockio is not supported with
device='lun'"), \`<serial>\` on bus scsi ("scsi-block 'lun' devices do not support the serial
property") and \`<driver copy_on_read='on'>\` ("copy_on_read is not compatible with 'lun' disk").

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
      add(disk.el.child('blockio'), "blockio is not supported with device='lun': the real device reports its own block sizes; remove <blockio>.");
      if (disk.bus === 'scsi') add(disk.el.child('serial'), "scsi-block 'lun' devices do not support the serial property: remove <serial> from the <disk device='lun'>.");
      const cor: XAttr | undefined = disk.driverAttr('copy_on_read');
      if (cor?.value === 'on') out.push({ ruleId: this.id, span: cor.span, message: "copy_on_read is not compatible with 'lun' disk: remove <driver copy_on_read='on'>." });
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
