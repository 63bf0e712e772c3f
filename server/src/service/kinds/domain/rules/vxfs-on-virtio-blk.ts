import { diskRule, qemuOnly } from './common/diskRule';
import { busSpan } from './common/spans';
import { infoscaleApplies } from './common/infoscale';
import { canPassThrough, convertToScsiLun, convertToVirtioScsi } from '../refactor/convert';


/** Disk types whose source is a host device or a remote LUN rather than an image file. */
const LUN_TYPES = new Set(['block', 'network', 'volume']);

export const vxfsOnVirtioBlk = diskRule({
  id: 'vxfs-on-virtio-blk',
  title: 'VxFS on a LUN attached as a virtio-blk disk can be corrupted under heavy I/O',
  defaultSeverity: 'warning',
  subjects: ['disk/target@bus', 'disk/target@bus=virtio'],
  docs: `The InfoScale guide warns that VxFS file systems created on LUNs that are attached to a KVM guest
as VirtIO block devices may be corrupted under heavy I/O (it refers to Red Hat support case
00945974, which is not public). The file system inside the guest cannot be seen from the domain XML,
so the rule reports writable \`device='disk'\` virtio-blk disks backed by a host device, a volume or a
network LUN (not image files) where InfoScale is evidently in use: VxVM/DMP device paths (\`/dev/vx/…\`), or every disk with
the \`infoscale\` profile; a shareable disk alone does not
qualify (other cluster stacks share disks too).

Fix: attach the LUN through virtio-scsi instead — either as a SCSI disk (\`bus='scsi'\`, an \`sdX\`
name, a virtio-scsi controller) or, for a raw array LUN, as SCSI pass-through (\`device='lun'\`, see
\`lun-needed-for-deep-discovery\`). Both change the device the guest sees, so neither is applied
automatically.

Sources: InfoScale 9.0 Virtualization Guide (Linux), "VirtIO disk drives", item *VxFS known issue*.`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'disk' || disk.bus !== 'virtio' || disk.isReadonly) return;
    if (!LUN_TYPES.has(disk.type) || !infoscaleApplies(ctx, disk)) return;
    out.push({
      ruleId: this.id,
      span: busSpan(disk),
      message: `The LUN is attached as a virtio-blk disk (<target bus='virtio'>): VxFS file systems on such disks can be corrupted under heavy I/O; attach it through virtio-scsi (bus='scsi').`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const fixes = [{ title: 'Move the disk to virtio-scsi (guest-visible)', edits: convertToVirtioScsi(ctx.model, disk), safe: false }];
    if (canPassThrough(disk)) fixes.push({ title: "Pass the LUN through on virtio-scsi: device='lun', cache='none' (guest-visible)", edits: convertToScsiLun(ctx.model, disk), safe: false });
    return fixes;
  },
});
