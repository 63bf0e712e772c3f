import type { DomainRule } from './common/diskRule';
import { removeElement } from '../../../edits';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding } from '../../../types';
import { parseIntAttr } from '../model/ints';
import { FIXED_FUNCTIONS, type FixedFunction, formatPciAddress, isEmptyPciAddress, readPciAddress } from '../model/pci';
import { deviceLabel, pciAddressSubjects } from './common/pci';

/** Whether a written controller is the built-in device of a fixed function (the primary IDE, USB or SATA controller). */
function isOwner(f: FixedFunction, el: XElement): boolean {
  if (!f.owner || el.name !== 'controller' || el.attrValue('type') !== f.owner.type) return false;
  if ((parseIntAttr(el.attrValue('index')) ?? 0) !== 0) return false;
  return !f.owner.models || f.owner.models.includes(el.attrValue('model'));
}

export const pciAddressReserved: DomainRule = {
  id: 'pci-address-reserved',
  title: 'PCI addresses of the machine\'s built-in devices',
  defaultSeverity: 'error',
  subjects: [...pciAddressSubjects(undefined, 'slot', 'function', 'bus'), 'domain/os', 'os/type@machine', 'devices/controller@type=ide', 'devices/controller@type=sata', 'devices/controller@type=usb'],
  docs: `The x86 machines of QEMU have built-in devices at fixed PCI functions of bus 0, and libvirt keeps
those functions for them (docs \`pci-addresses.rst\`, *Reserved addresses*):

- \`pc\` (i440fx): slot 1 is the PIIX3 — 00:01.0 ISA bridge, 00:01.1 IDE controller, 00:01.2 USB
  controller, 00:01.3 ACPI/SMBus;
- \`q35\`: slot 0x1f is the ICH9 — 00:1f.0 LPC/ISA bridge, 00:1f.2 SATA controller, 00:1f.3 SMBus.

Another device written at one of these functions is refused with libvirt's "Attempted double use of
PCI Address …". The primary IDE, USB and SATA controllers (index 0) are these built-in devices: written
with another address they are refused with "Primary IDE controller must have PCI address 0:0:1.1",
"PIIX3 USB controller at index 0 must have PCI address 0:0:1.2" or "Primary SATA controller must have
PCI address 0:0:1f.2". On \`pc\`, 00:01.1 is kept only when the domain has an IDE controller (written
or implied by an IDE disk), and 00:01.2 only when its USB controller is the PIIX3 one (libvirt adds it
unless \`model='none'\` or another model is written); without them libvirt lets a device in, but
QEMU's PIIX3 still has its function there, so it is reported as a warning.

Slot 0 of bus 0 is the host bridge: libvirt reads an address with domain, bus and slot all 0 as no
address at all and assigns a free slot (\`virPCIDeviceAddressIsEmpty\`), so such an address is
reported as a warning (only when \`slot\` is written: \`<address type='pci'/>\` is the usual way to ask
for any PCI address). The primary video card at 00:02.0 (\`pc\`) or 00:01.0 (\`q35\`) is only where
libvirt puts it when free, not a fixed function.

Fix: remove the device's \`<address>\` so that libvirt assigns a free slot (guest-visible, not
automatic).

Sources: libvirt \`src/qemu/qemu_domain_address.c\` (\`qemuDomainValidateDevicePCISlotsPIIX3\`,
\`qemuDomainValidateDevicePCISlotsQ35\`, \`qemuDomainCollectPCIAddress\`); \`src/util/virpci.c\`
(\`virPCIDeviceAddressIsEmpty\`); libvirt docs \`pci-addresses.rst\`; libvirt test
\`440fx-ide-address-conflict\`.`,
  check(ctx) {
    const out: Finding[] = [];
    const model = ctx.model;
    const pci = model.pci;
    for (const use of pci.emptyUses) {
      // <address type='pci'/> without a slot is libvirt's way of asking for any PCI address
      if (use.address.attr('slot') === undefined) continue;
      out.push({
        ruleId: this.id,
        span: use.address.nameSpan,
        severity: 'warning',
        message: `<address type='pci'> ${formatPciAddress(use.addr)} of this ${deviceLabel(use.device)} has domain, bus and slot 0, which libvirt reads as no address: it assigns a free slot (slot 0 of bus 0 is the host bridge's).`,
      });
    }
    const chipset = pci.chipset;
    if (!chipset || !model.isQemu) return out;
    const fixed = FIXED_FUNCTIONS[chipset];
    // Which controllers the domain has, for the functions kept only with them (i440fx).
    const ideController = pci.controllerTypes.has('ide') || model.disks.some((d) => d.bus === 'ide');
    const usbModel = pci.primaryControllers.get('usb')?.attrValue('model');
    const certain = (f: FixedFunction): boolean | undefined => {
      if (chipset !== 'i440fx') return true;
      if (f.owner?.type === 'ide') return ideController;
      // PIIX3 USB at 00:01.2: the USB controller libvirt adds on pc, unless another model (or none) is written
      if (f.owner?.type === 'usb') return usbModel === undefined || usbModel === 'piix3-uhci' ? true : undefined;
      return true;
    };
    // The owners first: a primary controller written with another address.
    for (const f of fixed) {
      const el = f.owner && pci.primaryControllers.get(f.owner.type);
      if (!f.owner || !el || !isOwner(f, el)) continue;
      const address = el.child('address');
      const a = readPciAddress(address);
      if (!address || !a || isEmptyPciAddress(a) || (a.domain === 0 && a.bus === 0 && a.slot === f.slot && a.function === f.function)) continue;
      out.push({ ruleId: this.id, span: address.nameSpan, message: `${f.owner.wording}: this ${deviceLabel(el)} is ${f.what}, built into the ${chipset} machine.` });
    }
    for (const use of pci.uses) {
      const a = use.addr;
      if (a.domain !== 0 || a.bus !== 0) continue;
      const f = fixed.find((x) => x.slot === a.slot && x.function === a.function);
      if (!f || isOwner(f, use.device)) continue;
      const sure = certain(f);
      if (sure === undefined) continue;
      out.push({
        ruleId: this.id,
        span: use.address.nameSpan,
        severity: sure ? undefined : 'warning',
        message: sure
          ? `Attempted double use of PCI Address ${formatPciAddress(a)}: <address type='pci'> of this ${deviceLabel(use.device)} takes the function of ${f.what}, built into the ${chipset} machine.`
          : `<address type='pci'> ${formatPciAddress(a)} of this ${deviceLabel(use.device)} takes the function of ${f.what}, built into the ${chipset} machine: libvirt lets it pass without an IDE controller, but QEMU refuses to start the guest.`,
      });
    }
    return out;
  },
  fix(finding, ctx) {
    const device = ctx.model.deviceElements.find((el) => el.start <= finding.span.start && finding.span.end <= el.end);
    const address = device?.child('address');
    if (!device || !address || address.nameSpan.start !== finding.span.start) return [];
    const chipset = ctx.model.chipset;
    // The primary IDE/USB/SATA controller is the built-in device: without a written address it gets the built-in one.
    const owner = chipset !== undefined && FIXED_FUNCTIONS[chipset].some((f) => isOwner(f, device));
    return [
      owner
        ? { title: 'Remove the <address> of this controller (libvirt gives the built-in one)', edits: [removeElement(address, ctx.text)], safe: true }
        : { title: `Remove the <address> of this ${device.name} (libvirt assigns a free PCI slot; guest-visible)`, edits: [removeElement(address, ctx.text)], safe: false },
    ];
  },
};
