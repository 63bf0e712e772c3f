import { diskRule, qemuOnly } from './common/diskRule';
import type { FixProposal } from '../../../types';
import { convertToVirtioScsi } from '../refactor/convert';


export const lunBus = diskRule({
  id: 'lun-bus',
  title: "device='lun' needs bus='scsi'",
  defaultSeverity: 'error',
  subjects: ['devices/disk@device=lun', 'disk/target@bus'],
  docs: `\`device='lun'\` passes SCSI commands from the guest to a host LUN. Only a SCSI-capable frontend can carry
them: QEMU's \`scsi-block\` on a SCSI controller (\`bus='scsi'\`), or — historically — virtio-blk with
its legacy SCSI pass-through. libvirt refuses every other bus with "disk device='lun' is not supported
for bus='…'" (error).

\`bus='virtio'\` is reported by \`lun-on-virtio-blk\` (one finding per cause).

Fix: \`bus='scsi'\` with an \`sdX\` target and a drive address on a virtio-scsi controller, which is
added when the domain has none (guest-visible, never automatic).

Sources: libvirt \`src/qemu/qemu_validate.c\` (both messages); libvirt test \`virtio-lun\`; QEMU commit
"virtio-blk: fail get_features when both scsi and 1.0 were set"; Linux commit "virtio-blk: remove
VIRTIO_BLK_F_SCSI support"; qemu.org blog "Configuring virtio-blk and virtio-scsi Devices" (use
scsi-block for pass-through).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'lun') return;
    const bus = disk.bus;
    // bus='virtio' is lun-on-virtio-blk's finding.
    if (!bus || bus === 'scsi' || bus === 'virtio') return;
    const span = disk.target?.attr('bus')?.span ?? disk.target?.nameSpan ?? disk.el.nameSpan;
    out.push({ ruleId: this.id, span, message: `disk device='lun' is not supported for bus='${bus}': use <target bus='scsi'> on a virtio-scsi controller.` });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk || !ctx.model.devices) return [];
    const fix: FixProposal = { title: 'Move the LUN to a virtio-scsi controller (guest-visible)', edits: convertToVirtioScsi(ctx.model, disk), safe: false };
    return [fix];
  },
});
