import { diskRule, qemuOnly } from './common/diskRule';
import { infoscaleApplies } from './common/infoscale';
import { deviceSpan } from './common/spans';


/** Names of a partition of a whole disk: sdc1, vdb2, nvme0n1p1, mmcblk0p1, …-part1. */
const PARTITION = /^\/dev\/(?:(?:sd|vd|hd|xvd)[a-z]+\d+|(?:nvme\d+n\d+|mmcblk\d+)p\d+|disk\/by-[a-z]+\/.+-part\d+|mapper\/.+-part\d+)$/;
/** A VxVM volume (`/dev/vx/dsk/<dg>/<vol>`) or an LVM logical volume (`/dev/<vg>/<lv>`, `/dev/mapper/<vg>-<lv>`). */
const VOLUME = /^\/dev\/(?:vx\/r?dsk\/.+|mapper\/[^/]*[^-/]-[^-/][^/]*|(?!(?:disk|mapper|vx|md|cciss|block|bus|char|dri|input|net|pts|shm|snd|usb)\/)[^/]+\/[^/]+)$/;

export const virtioScsiCommandSubset = diskRule({
  id: 'virtio-scsi-command-subset',
  title: "SCSI LUN pass-through only forwards part of the SCSI command set",
  defaultSeverity: 'info',
  subjects: ['devices/disk@device=lun', 'disk/source', 'disk/source@dev'],
  docs: `A \`<disk device='lun'>\` lets the guest send SCSI commands to the host device, but not every
command gets through: the hypervisor only forwards a subset of the SCSI command set and blocks the
rest. Software in the guest that depends on particular commands (InfoScale's VxVM and DMP, SCSI-3
persistent reservations for I/O fencing, thin reclamation) should be checked against that subset.

Pass-through also needs a whole device. When \`<source dev>\` names a partition (\`/dev/sdc1\`,
\`…-part1\`) or a logical volume (\`/dev/<vg>/<lv>\`, \`/dev/mapper/<vg>-<lv>\`, a VxVM volume under
\`/dev/vx/dsk/\`), the host kernel refuses SCSI commands on it and the LUN behaves like an ordinary
\`device='disk'\`; the rule then says so on the \`dev\` attribute.

This is an InfoScale advisory: it applies where InfoScale is evidently in use: VxVM/DMP device paths (\`/dev/vx/…\`), or every disk with
the \`infoscale\` profile.

Fix: none for the command subset. For a partition or volume, point \`<source dev>\` at the whole
device (the LUN itself) — only by hand: it changes which data the guest reads.

Sources: InfoScale 9.0 Virtualization Guide (Linux), "VirtIO disk drives", item *SCSI commands*;
libvirt formatdomain, *Hard drives, floppy disks, CDROMs* (\`device='lun'\`: commands are passed
through only for whole raw devices, not for partitions or LVM volumes).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'lun' || !infoscaleApplies(ctx, disk)) return;
    const src = disk.source?.attr('dev');
    if (disk.type === 'block' && src && (PARTITION.test(src.value) || VOLUME.test(src.value))) {
      out.push({
        ruleId: this.id,
        span: src.span,
        message: `<source dev='${src.value}'> of a <disk device='lun'> is a partition or a logical volume: the host kernel refuses SCSI commands on it, so the LUN acts like device='disk'; point it at the whole device.`,
      });
      return;
    }
    out.push({
      ruleId: this.id,
      span: deviceSpan(disk),
      message: "<disk device='lun'> passes SCSI commands to the host device, but the hypervisor forwards only a subset of the SCSI command set and blocks the rest.",
    });
  },
});
