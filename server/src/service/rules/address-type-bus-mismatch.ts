import type { Finding } from '../types';
import { diskName, removeElementFix } from './diskFacts';
import type { Rule } from './rule';

const DRIVE_ONLY = new Set(['ide', 'fdc', 'scsi', 'sata']);

export const addressTypeBusMismatch: Rule = {
  id: 'address-type-bus-mismatch',
  title: "A disk's address type must fit its bus",
  defaultSeverity: 'error',
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
  check(ctx) {
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      const addr = disk.address;
      const type = addr?.attr('type');
      const bus = disk.bus;
      if (!addr || !type || !bus) continue;
      if (DRIVE_ONLY.has(bus) && type.value !== 'drive') {
        out.push({ ruleId: this.id, span: type.span, message: `Invalid address type '${type.value}' for the disk '${diskName(disk)}' with the bus type '${bus}': use <address type='drive'> or remove the <address>.` });
      } else if (bus === 'usb' && type.value !== 'usb') {
        out.push({ ruleId: this.id, span: type.span, message: `unexpected address type for usb disk: <address type='${type.value}'> on the USB disk '${diskName(disk)}'; use type='usb' or remove the <address>.` });
      } else if (bus === 'virtio' && type.value === 'drive') {
        out.push({ ruleId: this.id, span: type.span, severity: 'warning', message: `<address type='drive'> on the virtio disk '${diskName(disk)}': a virtio disk is a PCI (or ccw) device, not a unit on a controller; remove the <address>.` });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    return disk?.address ? [removeElementFix(disk.address, ctx, true)] : [];
  },
};
