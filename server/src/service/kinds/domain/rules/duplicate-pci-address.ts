import type { DomainRule } from './common/diskRule';
import { removeElement } from '../../../edits';
import type { Finding } from '../../../types';
import { FIXED_FUNCTIONS, formatPciAddress, pciKey, type PciUse } from '../model/pci';
import { deviceLabel, pciAddressSubjects } from './common/pci';

export const duplicatePciAddress: DomainRule = {
  id: 'duplicate-pci-address',
  title: 'Two devices cannot share a PCI function',
  defaultSeverity: 'error',
  subjects: pciAddressSubjects(undefined, 'slot', 'function', 'bus', 'multifunction'),
  docs: `Each PCI function (domain, bus, slot, function) holds one device. When two devices are given the
same \`<address type='pci'>\`, libvirt refuses the domain with "Attempted double use of PCI Address
0000:00:05.0" (the address printed as domain:bus:slot.function in hex). Several devices may share a
slot as long as each has its own \`function\` (a multifunction slot: \`multifunction='on'\` on
function 0).

The rule reports the later device. An address with domain, bus and slot all 0 is not checked: libvirt
reads it as "no address" and assigns one. Functions that the machine's built-in devices keep (the
PIIX3 on \`pc\`, the ICH9 on \`q35\`) are the concern of \`pci-address-reserved\`. All addresses go
into one map: linear time.

Fix: remove the later device's \`<address>\`, so that libvirt assigns a free slot. The guest sees the
device at another PCI address, so the fix is not applied automatically.

Sources: libvirt \`src/conf/domain_addr.c\` (\`virDomainPCIAddressReserveAddrInternal\`); libvirt
\`src/qemu/qemu_domain_address.c\` (\`qemuDomainCollectPCIAddress\`); libvirt docs
\`pci-addresses.rst\`; formatdomain, *Device Addresses*.`,
  check(ctx) {
    const out: Finding[] = [];
    const pci = ctx.model.pci;
    const chipset = pci.chipset;
    const fixed = new Set((chipset ? FIXED_FUNCTIONS[chipset] : []).map((f) => pciKey({ domain: 0, bus: 0, slot: f.slot, function: f.function })));
    const byKey = new Map<string, PciUse>();
    for (const use of pci.uses) {
      const key = pciKey(use.addr);
      if (fixed.has(key)) continue;
      const first = byKey.get(key);
      if (!first) {
        byKey.set(key, use);
        continue;
      }
      out.push({
        ruleId: this.id,
        span: use.address.nameSpan,
        message: `Attempted double use of PCI Address ${formatPciAddress(use.addr)}: this ${deviceLabel(use.device)} and an earlier ${deviceLabel(first.device)} have the same <address type='pci'>; give each device its own slot or function.`,
      });
    }
    return out;
  },
  fix(finding, ctx) {
    const use = ctx.model.pci.uses.find((u) => u.address.nameSpan.start === finding.span.start);
    if (!use) return [];
    return [{ title: `Remove the <address> of this ${use.device.name} (libvirt assigns a free PCI slot; guest-visible)`, edits: [removeElement(use.address, ctx.text)], safe: false }];
  },
};
