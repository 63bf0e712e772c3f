import { diskRule, qemuOnly } from './common/diskRule';
import { infoscaleApplies } from './common/infoscale';
import { busSpan } from './common/spans';


export const virtioNoOnlineResize = diskRule({
  id: 'virtio-no-online-resize',
  title: 'VirtIO disks cannot be resized while the guest runs (InfoScale)',
  defaultSeverity: 'hint',
  subjects: ['disk/target@bus', 'disk/target@bus=virtio'],
  docs: `The InfoScale guide states that Linux does not resize VirtIO disks online: after the host
device or image grows, the guest must be shut down completely and started again before it sees the
new size. Plan resizes of such disks (and of the VxVM disk groups on them) with a guest shutdown.

The rule marks the \`bus\` of virtio-blk disks and of disks on a virtio-scsi controller where the
InfoScale is evidently in use: VxVM/DMP device paths (\`/dev/vx/…\`), or every disk with the
\`infoscale\` profile. It is a hint, not a problem: by default it is shown without a squiggle. The
statement comes from the InfoScale guide and may be dated for current kernels (not confirmed from
other sources).

Fix: none.

Sources: InfoScale 9.0 Virtualization Guide (Linux), "VirtIO disk drives", item *Resizing devices*.`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'disk' && disk.device !== 'lun') return;
    const blk = disk.bus === 'virtio';
    if ((!blk && !ctx.model.isOnVirtioScsi(disk)) || !infoscaleApplies(ctx, disk)) return;
    out.push({
      ruleId: this.id,
      span: busSpan(disk),
      message: `The ${blk ? "virtio-blk <target bus='virtio'>" : "virtio-scsi <target bus='scsi'>"} disk cannot be resized online: after growing it, shut the guest down fully and start it again.`,
    });
  },
});
