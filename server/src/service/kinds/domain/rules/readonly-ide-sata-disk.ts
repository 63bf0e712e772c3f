import { diskRule, qemuOnly } from './common/diskRule';
import { removeElement, replaceAttrValue } from '../../../edits';
import { convertToVirtioBlk, convertToVirtioScsi } from '../refactor/convert';


export const readonlyIdeSataDisk = diskRule({
  id: 'readonly-ide-sata-disk',
  title: 'IDE and SATA hard disks cannot be read-only',
  defaultSeverity: 'error',
  subjects: ['devices/disk@device', 'disk/target@bus', 'disk/readonly'],
  docs: `QEMU's IDE/AHCI hard-disk device (\`ide-hd\`) has no read-only mode, so libvirt's QEMU driver refuses
a \`<disk device='disk'>\` with \`<readonly/>\` on bus \`ide\` or \`sata\` ("readonly ide disks are not
supported", "readonly sata disks are not supported"). CD-ROMs on these buses are read-only anyway.

Fix (all change what the guest sees, so none is applied automatically): make it a
\`device='cdrom'\`, move it to \`bus='scsi'\` or \`bus='virtio'\`, or drop \`<readonly/>\`.

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`qemuValidateDomainDeviceDefDiskFrontend\`).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (!disk.readonly || disk.device !== 'disk') return;
    const bus = disk.bus;
    if (bus !== 'ide' && bus !== 'sata') return;
    out.push({
      ruleId: this.id,
      span: disk.readonly.nameSpan,
      message: `readonly ${bus} disks are not supported: <readonly/> on a <disk device='disk'> with bus '${bus}'; use a cdrom, or bus 'scsi' or 'virtio'.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk?.readonly) return [];
    const fixes = [{ title: 'Remove <readonly/> (the guest can then write)', edits: [removeElement(disk.readonly, ctx.text)], safe: false }];
    const dev = disk.deviceAttr;
    if (dev) fixes.push({ title: "Make it a CD-ROM (device='cdrom')", edits: [replaceAttrValue(dev, 'cdrom')], safe: false });
    if (ctx.model.devices) {
      fixes.push({ title: 'Convert the disk to virtio-scsi, keeping it read-only', edits: convertToVirtioScsi(ctx.model, disk), safe: false });
      fixes.push({ title: 'Convert the disk to virtio-blk, keeping it read-only', edits: convertToVirtioBlk(ctx.model, disk), safe: false });
    }
    return fixes;
  },
});
