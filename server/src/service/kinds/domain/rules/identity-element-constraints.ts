import { diskRule, qemuOnly } from './common/diskRule';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding, FixProposal } from '../../../types';
import { removeElementFix } from './common/fixes';


/** Characters libvirt's QEMU driver has accepted in `<serial>` (QEMU_SERIAL_PARAM_ACCEPTED_CHARS). */
const SERIAL_OK = /^[A-Za-z0-9\-_ .+]*$/;
const PRINTABLE = /^[\x20-\x7e]*$/;

export const identityElementConstraints = diskRule({
  id: 'identity-element-constraints',
  title: 'wwn, vendor, product and serial must fit the bus and format',
  defaultSeverity: 'error',
  subjects: ['disk/serial', 'disk/wwn', 'disk/vendor', 'disk/product', 'disk/target@bus', 'devices/disk@device'],
  docs: `The identity a disk reports to the guest has bus-specific limits that libvirt enforces:
- \`<wwn>\` exists on IDE and SCSI disks only ("Only ide and scsi disk support wwn") and must be 16
  hexadecimal digits, optionally after \`0x\` ("Malformed wwn: …");
- \`<vendor>\` and \`<product>\` are SCSI INQUIRY fields: SCSI disks only ("Only scsi disk supports vendor
  and product"), printable ASCII, at most 8 and 16 characters ("disk vendor is more than 8 characters");
- \`<serial>\` may contain letters, digits, space and \`- _ . +\` only ("driver serial '…' contains unsafe
  characters", \`qemuValidateDomainDeviceDefDiskSerial\` in current libvirt) and is not available on the
  SD-card bus ("Serial property not supported for drive bus 'sd'"). IDE and SATA disks report at most
  20 characters of serial; longer values are cut (info).

Fix: remove the element (safe where libvirt refuses the domain with it), or shorten the value.

Sources: libvirt \`src/qemu/qemu_validate.c\` (wwn, vendor/product bus checks; serial
characters); libvirt \`src/conf/domain_validate.c\` (vendor/product length and printability);
libvirt \`src/util/virutil.c\` (\`virValidateWWN\`); libvirt formatdomain (\`wwn\`, \`vendor\`, \`product\`,
\`serial\`); libvirt test \`disk-scsi-disk-vpd-build-error\`.`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const bus = disk.bus;
    const push = (el: XElement, message: string, extra: Partial<Finding> = {}) => out.push({ ruleId: this.id, span: el.nameSpan, message, ...extra });
    const wwn = disk.el.child('wwn');
    if (wwn && disk.device !== 'lun') {
      const v = wwn.textContent();
      if (bus && bus !== 'ide' && bus !== 'scsi') push(wwn, `Only ide and scsi disk support wwn: remove <wwn> from the disk on bus '${bus}'.`);
      else if (!/^(0x)?[0-9a-fA-F]{16}$/.test(v)) push(wwn, `Malformed wwn: ${v}: <wwn> must be 16 hexadecimal digits.`);
    }
    if (disk.device !== 'lun') {
      let busReported = false;
      for (const [name, max] of [['vendor', 8], ['product', 16]] as const) {
        const el = disk.el.child(name);
        if (!el) continue;
        const v = el.textContent();
        if (bus && bus !== 'scsi') {
          if (!busReported) push(el, `Only scsi disk supports vendor and product: remove <${name}> from the disk on bus '${bus}'.`, { payload: { vpd: true } });
          busReported = true;
        } else if (!PRINTABLE.test(v)) push(el, `disk ${name} is not printable string: <${name}> must be printable ASCII.`);
        else if (v.length > max) push(el, `disk ${name} is more than ${max} characters: <${name}>${v}</${name}> has ${v.length}.`, { payload: { max } });
      }
    }
    const serial = disk.el.child('serial');
    if (serial) {
      const v = serial.textContent();
      if (bus === 'sd') push(serial, "Serial property not supported for drive bus 'sd': remove <serial> from the SD card disk.");
      else if (!SERIAL_OK.test(v)) push(serial, `driver serial '${v}' contains unsafe characters: <serial> may use letters, digits, space and '-_.+' only.`);
      else if ((bus === 'ide' || bus === 'sata') && v.length > 20) push(serial, `<serial> has ${v.length} characters, but ${bus} disks report at most 20; the guest sees a truncated serial.`, { severity: 'info', payload: { max: 20 } });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const el = disk?.el.children.find((c) => c.nameSpan.start === finding.span.start);
    if (!disk || !el) return [];
    const fixes: FixProposal[] = [];
    const p = finding.payload as { max?: number; vpd?: boolean } | undefined;
    if (p?.vpd) {
      const els = [disk.el.child('vendor'), disk.el.child('product')].filter((e): e is XElement => !!e);
      return [{ title: 'Remove <vendor> and <product>', edits: els.map((e) => removeElementFix(e, ctx.text, true).edits[0]), safe: true }];
    }
    const max = p?.max;
    if (max && el.endTag) {
      const v = el.textContent();
      fixes.push({ title: `Shorten <${el.name}> to '${v.slice(0, max)}'`, edits: [{ ...el.contentSpan, newText: v.slice(0, max) }], safe: false });
    }
    fixes.push(removeElementFix(el, ctx.text, finding.severity === undefined));
    return fixes;
  },
});
