import { diskRule } from './common/diskRule';
import { replaceAttrValue } from '../../../edits';
import type { FixProposal } from '../../../types';
import { attrAt } from './common/spans';
import { removeAttrFix } from './common/fixes';


export const miscDeviceAttributeScope = diskRule({
  id: 'misc-device-attribute-scope',
  title: 'Disk attributes used outside the devices and buses they apply to',
  defaultSeverity: 'error',
  subjects: ['devices/disk', 'devices/disk@device', 'disk/driver@copy_on_read', 'disk/source', 'disk/target@tray', 'disk/target@removable', 'disk/target@rotation_rate', 'disk/driver@name', 'devices/disk@type', 'disk/target@bus', 'disk/source@file', 'disk/source@dev', 'disk/source@dir', 'disk/source@protocol'],
  docs: `Several disk settings only exist for some devices or buses, and libvirt refuses them elsewhere:
- \`<target tray>\` on anything but a cdrom or floppy ("tray is only valid for cdrom and floppy");
- \`<target removable>\` except on USB disks and SCSI hard disks ("removable is only valid for usb or
  scsi disks");
- \`<target rotation_rate>\` outside SCSI/IDE/SATA hard disks ("rotation rate is only valid for
  SCSI/IDE/SATA bus", "… only valid for disk device");
- a floppy off the \`fdc\` bus, or \`fdc\` for a non-floppy ("Invalid bus type '…' for floppy disk",
  "Invalid bus type 'fdc' for disk"); floppies on pseries machines ("PowerPC pseries machines do not
  support floppy device");
- \`<driver copy_on_read='on'>\` on a read-only disk or on removable media;
- an empty USB disk ("'usb' disk must not be empty", refused by libvirt 10 at define time, by 9.x only
  at start: warning; a hard disk without source is \`disk-source-required\`'s);
- \`<driver name>\` other than \`qemu\` in a QEMU/KVM domain ("unsupported driver name '…' for disk '…'").

Fix: remove the attribute, or set \`name='qemu'\`; these are safe because the domain cannot start as
written. Bus and device changes are left to the user.

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDiskDefValidate\`); libvirt
\`src/qemu/qemu_validate.c\` (rotation rate, copy_on_read, USB, floppy and driver-name checks); libvirt
tests \`disk-cdrom-usb-empty\`, \`disk-floppy-pseries\`.`,
  checkDisk(disk, ctx, out) {
    const model = ctx.model;
    const pseries = /^pseries/.test(model.machine ?? '');
    const t = disk.target;
    const bus = disk.bus;
    const dev = disk.device;
    const name = disk.label;
    const add = (span: { start: number; end: number }, message: string) => out.push({ ruleId: this.id, span, message });
    const tray = t?.attr('tray');
    if (tray && dev !== 'cdrom' && dev !== 'floppy') add(tray.span, `tray is only valid for cdrom and floppy: remove <target tray='${tray.value}'> from the <disk device='${dev}'>.`);
    const removable = t?.attr('removable');
    if (removable && bus && bus !== 'usb' && !(bus === 'scsi' && dev === 'disk')) add(removable.span, `removable is only valid for usb or scsi disks: remove <target removable> from the disk on bus '${bus}'.`);
    const rr = t?.attr('rotation_rate');
    if (rr && bus) {
      if (bus !== 'scsi' && bus !== 'ide' && bus !== 'sata') add(rr.span, `rotation rate is only valid for SCSI/IDE/SATA bus: remove <target rotation_rate> from the disk on bus '${bus}'.`);
      else if (dev !== 'disk') add(rr.span, `rotation rate is only valid for disk device: remove <target rotation_rate> from the <disk device='${dev}'>.`);
    }
    const busAttr = t?.attr('bus');
    if (dev === 'floppy' && bus && bus !== 'fdc') add((busAttr ?? t!).span, `Invalid bus type '${bus}' for floppy disk: a floppy needs bus='fdc'.`);
    else if (dev !== 'floppy' && bus === 'fdc') add((busAttr ?? t?.attr('dev') ?? disk.el).span, `Invalid bus type 'fdc' for disk: only a <disk device='floppy'> can use the fdc bus.`);
    if (dev === 'floppy' && pseries && model.isQemu) add(disk.el.attr('device')!.span, 'PowerPC pseries machines do not support floppy device: remove the floppy <disk> or use a USB or SCSI disk.');
    const cor = disk.driverAttr('copy_on_read');
    if (cor?.value === 'on' && dev !== 'lun') {
      if (disk.isReadonly) add(cor.span, `copy_on_read is not compatible with read-only disk ${name}: remove <driver copy_on_read='on'> or <readonly/>.`);
      else if (dev === 'cdrom' || dev === 'floppy') add(cor.span, `copy_on_read is not supported with removable disk ${name}: remove <driver copy_on_read='on'> from the ${dev}.`);
    }
    // A hard disk without source is disk-source-required's. libvirt 10 refuses an empty USB drive at
    // define time; 9.x accepted it and failed at start.
    if (disk.isSourceEmpty && dev !== 'disk' && bus === 'usb' && model.isQemu) {
      out.push({ ruleId: this.id, span: disk.el.nameSpan, severity: 'warning', message: `'usb' disk must not be empty: the USB ${dev} ${name} needs a <source> (QEMU's usb-storage has no removable media).` });
    }
    const drvName = disk.driverAttr('name');
    if (drvName && model.isQemu && drvName.value !== 'qemu') add(drvName.span, `unsupported driver name '${drvName.value}' for disk ${name}: QEMU/KVM domains use <driver name='qemu'>.`);
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const drvAttr = attrAt(disk.driver, finding.span);
    if (drvAttr?.name === 'name') return [{ title: "Set <driver name='qemu'>", edits: [replaceAttrValue(drvAttr, 'qemu')], safe: true }];
    if (drvAttr) return [removeAttrFix(drvAttr, 'driver', ctx.text, true)];
    const tAttr = attrAt(disk.target, finding.span);
    const fixes: FixProposal[] = [];
    if (tAttr && tAttr.name !== 'bus' && tAttr.name !== 'dev') fixes.push(removeAttrFix(tAttr, 'target', ctx.text, true));
    else if (tAttr?.name === 'bus' && disk.device === 'floppy') fixes.push({ title: "Set bus='fdc' (guest-visible)", edits: [replaceAttrValue(tAttr, 'fdc')], safe: false });
    return fixes;
  },
});
