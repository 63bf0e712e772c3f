import { DRIVE_ADDRESS_BUSES } from '../model/driveAddress';
import { diskRule } from './common/diskRule';
import { removeElementFix } from './common/fixes';



export const addressTypeBusMismatch = diskRule({
  id: 'address-type-bus-mismatch',
  title: "A disk's address type must fit its bus",
  defaultSeverity: 'error',
  subjects: ['disk/target@bus', 'disk/address', 'disk/address@type'],
  docs: `A disk on a controller bus (\`ide\`, \`sata\`, \`scsi\`, \`fdc\`) is addressed on that controller with
\`<address type='drive'>\`; a PCI or other address cannot describe it, and libvirt refuses the domain
with "Invalid address type 'pci' for the disk 'sda' with the bus type 'scsi'". A USB disk takes a
\`type='usb'\` address only ("unexpected address type for usb disk"). A virtio disk is its own PCI
(or ccw / virtio-mmio) device, so a \`drive\` address on it is meaningless (warning).

Fix: remove the \`<address>\`; libvirt then assigns a correct one. The domain cannot start with the wrong
address, so the fix changes nothing a running guest saw and is safe.

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDiskAddressDiskBusCompatibility\`); libvirt
\`src/qemu/qemu_validate.c\` (USB disks); libvirt formatdomain "Device Addresses"; libvirt tests
\`disk-scsi-incompatible-address\`, \`disk-ide-incompatible-address\`, \`disk-sata-incompatible-address\`,
\`disk-fdc-incompatible-address\`, \`disk-usb-pci\`.`,
  checkDisk(disk, ctx, out) {
    const addr = disk.address;
    const type = addr?.attr('type');
    const bus = disk.bus;
    if (!addr || !type || !bus) return;
    if (DRIVE_ADDRESS_BUSES.has(bus) && type.value !== 'drive') {
      out.push({ ruleId: this.id, span: type.span, message: `Invalid address type '${type.value}' for the disk ${disk.label} with the bus type '${bus}': use <address type='drive'> or remove the <address>.` });
    } else if (bus === 'usb' && type.value !== 'usb') {
      out.push({ ruleId: this.id, span: type.span, message: `unexpected address type for usb disk: <address type='${type.value}'> on the USB disk ${disk.label}; use type='usb' or remove the <address>.` });
    } else if (bus === 'virtio' && type.value === 'drive') {
      out.push({ ruleId: this.id, span: type.span, severity: 'warning', message: `<address type='drive'> on the virtio disk ${disk.label}: a virtio disk is a PCI (or ccw) device, not a unit on a controller; remove the <address>.` });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk?.address) return [];
    // Without an address libvirt derives one from the target name: when another disk has the
    // same name, both would get the same drive address. Rename first (duplicate-target-dev).
    const shared = disk.targetDev !== undefined && (ctx.model.disksByTarget().get(disk.targetDev)?.length ?? 0) > 1;
    return shared ? [] : [removeElementFix(disk.address, ctx.text, true)];
  },
});
