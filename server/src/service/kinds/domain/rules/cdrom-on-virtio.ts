import { diskRule, qemuOnly } from './common/diskRule';
import { removeElement, replaceAttrValue } from '../../../edits';
import type { OffsetEdit } from '../../../types';
import { convertToVirtioScsi } from '../refactor/convert';
import { busSpan } from './common/spans';


export const cdromOnVirtio = diskRule({
  id: 'cdrom-on-virtio',
  title: 'A CD-ROM cannot be a virtio-blk device',
  defaultSeverity: 'error',
  subjects: ['devices/disk@device', 'disk/target@bus'],
  docs: `virtio-blk (and the SD-card bus) have no notion of removable media (no tray, no eject, no media
change), so libvirt's QEMU driver refuses a \`<disk device='cdrom'>\` on \`bus='virtio'\` or \`bus='sd'\`
with "disk type of 'vdc' does not support ejectable media". (A floppy off the \`fdc\` bus is reported
by \`misc-device-attribute-scope\`.)

Fix: \`bus='sata'\` on q35, \`bus='ide'\` on i440fx machines (or \`bus='scsi'\` on a virtio-scsi
controller), with a matching \`sdX\`/\`hdX\` name and without the PCI address. Guest-visible, never automatic.

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`qemuValidateDomainDeviceDefDiskFrontend\`); libvirt formatdomain
("Hard drives, floppy disks, CDROMs").`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.device !== 'cdrom' || (disk.bus !== 'virtio' && disk.bus !== 'sd')) return;
    out.push({ ruleId: this.id, span: busSpan(disk), message: `disk type of ${disk.label} does not support ejectable media: a <disk device='cdrom'> cannot use bus '${disk.bus}'; use sata, ide or scsi.` });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const bus = disk?.target?.attr('bus');
    if (!disk || !bus || disk.device !== 'cdrom') return [];
    const newBus = ctx.model.isQ35 ? 'sata' : 'ide';
    const name = ctx.model.targetNames.nthFree(newBus === 'sata' ? 'sd' : 'hd', 0);
    const edits: OffsetEdit[] = [replaceAttrValue(bus, newBus)];
    const dev = disk.target!.attr('dev');
    if (dev) edits.push(replaceAttrValue(dev, name));
    if (disk.address) edits.push(removeElement(disk.address, ctx.text));
    return [
      { title: `Move the CD-ROM to bus='${newBus}' as '${name}' (guest-visible)`, edits, safe: false },
      { title: 'Move the CD-ROM to a virtio-scsi controller (guest-visible)', edits: convertToVirtioScsi(ctx.model, disk), safe: false },
    ];
  },
});
