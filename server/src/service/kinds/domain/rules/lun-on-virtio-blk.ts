import { diskRule, qemuOnly } from './common/diskRule';
import { busSpan } from './common/spans';
import { convertToVirtioScsi } from '../refactor/convert';


export const lunOnVirtioBlk = diskRule({
  id: 'lun-on-virtio-blk',
  title: "SCSI LUN pass-through needs virtio-scsi, not virtio-blk (device='lun' on bus='virtio')",
  defaultSeverity: 'warning',
  subjects: ['devices/disk@device=lun', 'disk/target@bus=virtio'],
  docs: `libvirt accepts \`<disk device='lun'>\` on \`bus='virtio'\` as well as on \`bus='scsi'\`, but SCSI
pass-through on virtio-blk relies on virtio-blk's legacy SCSI feature: QEMU refuses it on virtio 1.0
devices ("Please set scsi=off for virtio-blk devices in order to use virtio 1.0") and later releases
drop the feature altogether; Linux removed guest support in 5.6, and current libvirt reports "This QEMU
doesn't support SCSI emulation with 'virtio-blk' device" with current QEMU builds (a warning here: older
stacks still start such a guest). Through virtio-scsi the LUN becomes a \`scsi-block\` device that
carries the full SCSI command set, which is what the QEMU project recommends for pass-through.

Fix: move the disk to virtio-scsi (\`bus='scsi'\`, a free \`sdX\` name, a drive address on a
virtio-scsi controller, added when there is none; \`<serial>\` is dropped because scsi-block refuses
it). The guest sees a different device, so the fix is never applied automatically.

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`device='lun'\` only on virtio and scsi buses); QEMU
\`hw/block/virtio-blk.c\` (\`VIRTIO_BLK_F_SCSI\` and virtio 1.0); qemu.org
blog "Configuring virtio-blk and virtio-scsi Devices" (use scsi-block on virtio-scsi for
pass-through); InfoScale 9.0 Virtualization Guide, "VirtIO disk drives" (virtio-scsi provides
standard SCSI command set support).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'lun' || disk.bus !== 'virtio') return;
    out.push({
      ruleId: this.id,
      span: busSpan(disk),
      message: "This QEMU doesn't support SCSI emulation with 'virtio-blk' device: <disk device='lun'> on bus 'virtio' relies on the legacy virtio-blk SCSI pass-through; put the LUN on a virtio-scsi controller (bus='scsi') for the full SCSI command set.",
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    return [{ title: 'Move the LUN to virtio-scsi (guest-visible)', edits: convertToVirtioScsi(ctx.model, disk), safe: false }];
  },
});
