import { diskRule, qemuOnly } from './common/diskRule';
import { replaceAttrValue, setAttr } from '../../../edits';
import type { OffsetEdit } from '../../../types';
import { driveKey } from '../model/driveAddress';


interface Problem {
  attr: 'controller' | 'bus' | 'target';
  message: string;
}

export const driveAddressControllerConstraints = diskRule({
  id: 'drive-address-controller-constraints',
  title: "A drive address must fit its controller's geometry",
  defaultSeverity: 'error',
  subjects: ['disk/address', 'disk/address@controller', 'disk/address@target', 'disk/address@bus', 'devices/controller', 'devices/controller@model', 'disk/target@bus'],
  docs: `Each controller type has a fixed geometry, and libvirt's QEMU driver refuses drive addresses outside it
(checked in \`qemuValidateDomainDeviceDefAddressDrive\` of current libvirt's \`src/qemu/qemu_validate.c\`,
so this is an error for current libvirt, not only for old versions):
- SCSI: one bus per controller ("SCSI controller only supports 1 bus"); on an \`lsilogic\` controller the
  \`unit\` is the SCSI id, so \`target\` must be 0 ("target must be 0 for controller model 'lsilogic'");
- IDE: one controller ("Only 1 IDE controller is supported"), \`target\` 0 ("target must be 0 for ide
  controller"); the two IDE buses are \`bus='0'\`/\`bus='1'\`, units 0–1;
- SATA: \`bus\` 0 and \`target\` 0 ("bus must be 0 for sata controller", "target must be 0 for sata
  controller"); the port is the \`unit\`;
- FDC: controller 0, bus 0, target 0 ("Only 1 fdc controller is supported", "Only 1 fdc bus is
  supported", "target must be 0 for controller fdc").

Fix: set the offending field to 0 and move the disk to the first free unit (guest-visible, never
automatic).

Sources: libvirt \`src/qemu/qemu_validate.c\` (current); older \`src/qemu/qemu_command.c\` had the same
checks; libvirt formatdomain "Device Addresses".`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const el = disk.address;
    if (!el || disk.addressType !== 'drive') return;
    const a = disk.driveAddress!;
    const problems: Problem[] = [];
    switch (disk.bus) {
      case 'scsi': {
        if (a.bus !== 0) problems.push({ attr: 'bus', message: 'SCSI controller only supports 1 bus' });
        const model = ctx.model.controller('scsi', a.controller)?.model;
        if (model === 'lsilogic' && a.target !== 0) problems.push({ attr: 'target', message: "target must be 0 for controller model 'lsilogic'" });
        break;
      }
      case 'ide':
        if (a.controller !== 0) problems.push({ attr: 'controller', message: 'Only 1 IDE controller is supported' });
        if (a.target !== 0) problems.push({ attr: 'target', message: 'target must be 0 for ide controller' });
        break;
      case 'sata':
        if (a.bus !== 0) problems.push({ attr: 'bus', message: 'bus must be 0 for sata controller' });
        if (a.target !== 0) problems.push({ attr: 'target', message: 'target must be 0 for sata controller' });
        break;
      case 'fdc':
        if (a.controller !== 0) problems.push({ attr: 'controller', message: 'Only 1 fdc controller is supported' });
        if (a.bus !== 0) problems.push({ attr: 'bus', message: 'Only 1 fdc bus is supported' });
        if (a.target !== 0) problems.push({ attr: 'target', message: 'target must be 0 for controller fdc' });
        break;
    }
    for (const p of problems) {
      const attr = el.attr(p.attr);
      out.push({ ruleId: this.id, span: (attr ?? el).span, message: `${p.message}: <address ${p.attr}='${attr?.value ?? ''}'> on the ${disk.bus} disk ${disk.label}.`, payload: { attr: p.attr } });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const el = disk?.address;
    const attrName = (finding.payload as { attr?: string } | undefined)?.attr;
    if (!disk || !el || !attrName || !disk.bus) return [];
    const attr = el.attr(attrName);
    if (!attr) return [];
    const edits: OffsetEdit[] = [replaceAttrValue(attr, '0')];
    const a = disk.driveAddress!;
    const fixed = { ...a, [attrName]: 0 };
    if (attrName !== 'controller') {
      const used = ctx.model.usedDriveKeys();
      const max = disk.bus === 'sata' ? 6 : disk.bus === 'scsi' ? 7 : 2;
      for (let u = 0; u < max; u++) {
        // The disk's own current address does not count as taken.
        const key = driveKey(disk.bus, { ...fixed, unit: u });
        if (!used.has(key) || (u === a.unit && key === driveKey(disk.bus, a))) {
          if (u !== a.unit) edits.push(setAttr(el, 'unit', String(u), ctx.text));
          break;
        }
      }
    }
    return [{ title: `Set ${attrName}='0' and use a free unit (guest-visible)`, edits, safe: false }];
  },
});
