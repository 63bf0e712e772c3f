import { diskRule, qemuOnly } from './common/diskRule';
import type { Disk } from '../model/disk';
import { deviceSpan } from './common/spans';
import { infoscaleApplies } from './common/infoscale';
import { canPassThrough, convertToScsiLun } from '../refactor/convert';


/** Host paths of whole array LUNs: SCSI disks, multipath maps, DMP metanodes, by-id links. */
const ARRAY_DEVICE = /^\/dev\/(?:sd[a-z]+|mapper\/mpath[a-z]+|vx\/dmp\/[^/]+|disk\/by-id\/[^/]+)$/;
/** by-id links to partitions end in -partN; DMP partitions in sN (emc0_01s2). */
const PARTITION_SUFFIX = /(?:-part\d+|\/vx\/dmp\/[^/]+s\d+)$/;

function isArrayLun(disk: Disk): boolean {
  if (disk.type === 'network') return disk.source?.attrValue('protocol') === 'iscsi';
  if (disk.type !== 'block') return false;
  const dev = disk.source?.attrValue('dev');
  return dev !== undefined && ARRAY_DEVICE.test(dev) && !PARTITION_SUFFIX.test(dev);
}

export const lunNeededForDeepDiscovery = diskRule({
  id: 'lun-needed-for-deep-discovery',
  title: "An array LUN attached as device='disk' hides SCSI inquiry from VxVM",
  defaultSeverity: 'warning',
  subjects: ['devices/disk@device=lun', 'disk/source', 'disk/source@dev'],
  docs: `VxVM and DMP in a guest identify array LUNs by SCSI inquiry ("deep device discovery"), which
also keeps device names consistent from the array through the host to the guest. That only works
when the guest can send SCSI commands to the device, i.e. with \`<disk device='lun'>\`. For an
ordinary \`device='disk'\` libvirt switches SCSI pass-through off (virtio-blk \`scsi=off\`, or an
emulated \`scsi-hd\` disk on virtio-scsi), so the guest sees a generic QEMU disk.

The rule reports \`device='disk'\` disks whose source is a whole array LUN — \`/dev/sdX\`,
\`/dev/mapper/mpathX\`, \`/dev/vx/dmp/…\`, \`/dev/disk/by-id/…\` (not partitions), or an iSCSI network
disk — where InfoScale is evidently in use: VxVM/DMP device paths (\`/dev/vx/…\`), or every disk with
the \`infoscale\` profile. Other cluster stacks share disks without needing
SCSI inquiry, so a shareable disk alone does not qualify.

Fix (for raw block sources): pass the LUN through on virtio-scsi — \`device='lun'\`, \`bus='scsi'\`
with a free \`sdX\` name, a drive address on a virtio-scsi controller (added when there is none),
\`cache='none'\`, and without \`<serial>\`, \`<wwn>\`, \`<vendor>\`, \`<product>\` and \`<blockio>\`, which
libvirt refuses on LUNs. The guest then sees the array's own device, so the fix is never applied
automatically.

Sources: InfoScale 9.0 Virtualization Guide (Linux), "VirtIO disk drives" (SCSI inquiry and deep
device discovery); libvirt commit introducing \`device='lun'\` (SG_IO only for LUN disks); qemu.org
blog "Configuring virtio-blk and virtio-scsi Devices" (scsi-block for SCSI pass-through); libvirt
\`src/qemu/qemu_validate.c\` (children refused on LUNs).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'disk' || !isArrayLun(disk) || !infoscaleApplies(ctx, disk)) return;
    const src = disk.sourcePath ?? 'the iSCSI LUN';
    out.push({
      ruleId: this.id,
      span: deviceSpan(disk),
      message: `<disk device='disk'> on the array LUN ${src} blocks SCSI commands such as INQUIRY, so VxVM in the guest cannot do deep device discovery; use device='lun' on virtio-scsi.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk || !canPassThrough(disk)) return [];
    return [{ title: "Pass the LUN through on virtio-scsi: device='lun', cache='none' (guest-visible)", edits: convertToScsiLun(ctx.model, disk), safe: false }];
  },
});
