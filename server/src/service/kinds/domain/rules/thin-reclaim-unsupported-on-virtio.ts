import { diskRule, qemuOnly } from './common/diskRule';
import { infoscaleApplies } from './common/infoscale';


export const thinReclaimUnsupportedOnVirtio = diskRule({
  id: 'thin-reclaim-unsupported-on-virtio',
  title: 'Thin reclamation from the guest is not supported on VirtIO disks',
  defaultSeverity: 'info',
  subjects: ['disk/driver@discard', 'disk/driver@detect_zeroes', 'disk/target@bus=virtio'],
  docs: `\`<driver discard='unmap'>\` and \`<driver detect_zeroes='unmap'>\` ask QEMU to give freed blocks back
to the host storage. That frees space in the image or on the host device, but the InfoScale guide
states that thin reclamation *from inside the guest* (VxVM reclaiming space on a thin array LUN) does
not work on VirtIO devices: the hypervisor blocks the SCSI WRITE SAME command that it relies on.

The rule notes this on virtio-blk disks and on \`device='disk'\` disks of a virtio-scsi controller
that ask for unmapping, where InfoScale is evidently in use: VxVM/DMP device paths (\`/dev/vx/…\`), or every disk with
the \`infoscale\` profile. Whether a current QEMU forwards discard and
write-zeroes requests to the array has not been confirmed from primary sources; the InfoScale
guide's statement is reported as it stands.

Fix: none. Do not rely on in-guest thin reclamation; reclaim on the host or array instead.

Sources: InfoScale 9.0 Virtualization Guide (Linux), "VirtIO disk drives", item *Thin reclamation*;
libvirt formatdomain (\`discard\`, \`detect_zeroes\` on \`<driver>\`).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const virtio = disk.bus === 'virtio' || (disk.device === 'disk' && ctx.model.isOnVirtioScsi(disk));
    if (!virtio || disk.device === 'cdrom' || !infoscaleApplies(ctx, disk)) return;
    const attr = [disk.driverAttr('discard'), disk.driverAttr('detect_zeroes')].find((a) => a?.value === 'unmap');
    if (!attr) return;
    const bus = disk.bus === 'virtio' ? 'virtio-blk' : 'virtio-scsi';
    out.push({
      ruleId: this.id,
      span: attr.span,
      message: `<driver ${attr.name}='unmap'> on a ${bus} disk frees space on the host, but thin reclamation from the guest is not supported on VirtIO devices: the hypervisor blocks SCSI WRITE SAME.`,
    });
  },
});
