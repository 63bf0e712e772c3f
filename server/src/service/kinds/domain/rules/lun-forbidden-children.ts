import { LUN_FORBIDDEN_CHILDREN } from '../model/virtio';
import { diskRule, qemuOnly } from './common/diskRule';
import type { XAttr, XElement } from '../../../parse/xmlTree';
import { attrAt } from './common/spans';
import { removeAttrFix, removeElementFix } from './common/fixes';


export const lunForbiddenChildren = diskRule({
  id: 'lun-forbidden-children',
  title: "device='lun' cannot override the device identity or block sizes",
  defaultSeverity: 'error',
  subjects: ['devices/disk@device=lun', 'disk/driver@copy_on_read', 'disk/blockio', 'disk/serial', 'disk/wwn', 'disk/vendor', 'disk/product'],
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
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'lun') return;
    const add = (el: XElement | undefined, message: string) => {
      if (el) out.push({ ruleId: this.id, span: el.nameSpan, message });
    };
    // libvirt stops at the first; each gets its own finding so that each removal fixes one.
    for (const [name, refused] of Object.entries(LUN_FORBIDDEN_CHILDREN)) {
      const el = disk.el.child(name);
      if (!el) continue;
      if (refused) add(el, `${refused}: remove <${name}> from the <disk device='lun'>.`);
      else out.push({ ruleId: this.id, span: el.nameSpan, severity: 'warning', message: `<${name}> on a <disk device='lun'>: scsi-block reports the real device's identity and block sizes to the guest, so the override has no place here; remove <${name}>.` });
    }
    if (disk.bus === 'scsi') add(disk.el.child('serial'), "scsi-block 'lun' devices do not support the serial property: remove <serial> from the <disk device='lun'>.");
    const cor: XAttr | undefined = disk.driverAttr('copy_on_read');
    if (cor?.value === 'on') out.push({ ruleId: this.id, span: cor.span, message: `copy_on_read is not compatible with 'lun' disk ${disk.label}: remove <driver copy_on_read='on'>.` });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const attr = attrAt(disk.driver, finding.span);
    if (attr) return [removeAttrFix(attr, 'driver', ctx.text, true)];
    const el = disk.el.children.find((c) => c.nameSpan.start === finding.span.start);
    return el ? [removeElementFix(el, ctx.text, true)] : [];
  },
});
