import { diskRule } from './common/diskRule';
import { removeAttr, removeElement, replaceAttrValue } from '../../../edits';
import type { FixProposal } from '../../../types';


const NOT_BLOCK = new Set(['file', 'dir', 'nvme', 'vhostuser', 'vhostvdpa']);

export const lunSource = diskRule({
  id: 'lun-source',
  title: "device='lun' needs a raw block device or an iSCSI LUN",
  defaultSeverity: 'error',
  subjects: ['devices/disk@type', 'devices/disk@device=lun', 'disk/driver@type', 'disk/source', 'disk/source@protocol', 'source/slices'],
  docs: `SCSI pass-through (\`device='lun'\`) sends the guest's SCSI commands to a real SCSI device, so the source
must be one: a host block device (\`type='block'\`), a storage-pool volume (\`type='volume'\`), or an
iSCSI LUN (\`type='network'\` with \`protocol='iscsi'\`), read as \`raw\`, without storage slices or
format-level encryption. libvirt refuses anything else, with one of:
"disk device='lun' is only valid for block type disk source",
"disk device='lun' is not supported for protocol='…'", "disk device 'lun' must use 'raw' format",
"disk device 'lun' doesn't support storage slice", "disk device 'lun' doesn't support encryption".

Fix: use \`device='disk'\` (the guest then sees an emulated disk), or point the source at a block
device with \`<driver type='raw'>\`. Neither is applied automatically.

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDiskDefSourceLUNValidate\`); libvirt
formatdomain (\`device\`: lun is valid only for block, iSCSI network and volume sources); libvirt test
\`disk-device-lun-type-invalid\`.`,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'lun') return;
    const typeSpan = disk.el.attr('type')?.span ?? disk.el.nameSpan;
    if (NOT_BLOCK.has(disk.type)) {
      out.push({ ruleId: this.id, span: typeSpan, message: `disk device='lun' is only valid for block type disk source: <disk type='${disk.type}'> cannot pass SCSI commands through.` });
      return;
    }
    if (disk.type === 'network') {
      const proto = disk.source?.attr('protocol');
      if (proto && proto.value !== 'iscsi') {
        out.push({ ruleId: this.id, span: proto.span, message: `disk device='lun' is not supported for protocol='${proto.value}': only <source protocol='iscsi'> reaches a SCSI LUN.` });
        return;
      }
    }
    const fmt = disk.driverAttr('type');
    if (fmt && fmt.value !== 'raw') {
      out.push({ ruleId: this.id, span: fmt.span, message: `disk device 'lun' must use 'raw' format: <driver type='${fmt.value}'> cannot be combined with SCSI pass-through.` });
      return;
    }
    const slices = disk.source?.child('slices');
    if (slices) {
      out.push({ ruleId: this.id, span: slices.nameSpan, message: "disk device 'lun' doesn't support storage slice: remove <slices> from the <source>." });
      return;
    }
    const enc = disk.source?.child('encryption') ?? disk.el.child('encryption');
    if (enc && enc.attrValue('format') && enc.attrValue('format') !== 'default') {
      out.push({ ruleId: this.id, span: enc.nameSpan, message: "disk device 'lun' doesn't support encryption: an <encryption format> cannot be used with SCSI pass-through." });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const dev = disk?.deviceAttr;
    if (!disk || !dev) return [];
    // rawio and sgio are valid only with device='lun': they go too.
    const extra = ['rawio', 'sgio'].map((n) => disk.el.attr(n)).filter((a) => a !== undefined).map((a) => removeAttr(a, ctx.text));
    const reservations = disk.source?.child('reservations');
    if (reservations) extra.push(removeElement(reservations, ctx.text));
    const fixes: FixProposal[] = [{ title: "Use device='disk' instead of SCSI pass-through (guest-visible)", edits: [replaceAttrValue(dev, 'disk'), ...extra], safe: false }];
    return fixes;
  },
});
