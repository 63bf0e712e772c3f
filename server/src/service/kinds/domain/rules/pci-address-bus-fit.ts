import type { DomainRule } from './common/diskRule';
import type { Finding } from '../../../types';
import { formatPciAddress, PCI_BUS_MODELS, type PciConnect, slotNeed } from '../model/pci';
import { addressAttrSpan, deviceLabel, pciAddressSubjects } from './common/pci';

/** Devices that must sit on bus 0 (VIR_PCI_CONNECT_INTEGRATED): the virtio IOMMU and the PCI pvpanic. */
function isIntegrated(el: { name: string; attrValue(n: string): string | undefined }): boolean {
  return (el.name === 'iommu' && el.attrValue('model') === 'virtio') || (el.name === 'panic' && el.attrValue('model') === 'pvpanic');
}

export const pciAddressBusFit: DomainRule = {
  id: 'pci-address-bus-fit',
  title: 'A PCI address must fit the controller of its bus',
  defaultSeverity: 'error',
  subjects: [...pciAddressSubjects('bus', 'slot', 'domain'), 'devices/controller@type=pci', 'devices/controller@model=pcie-root-port', 'devices/controller@model=pci-bridge', 'devices/controller@model=pcie-to-pci-bridge', 'devices/controller@model=pcie-switch-downstream-port', 'devices/controller@model=pci-expander-bus', 'devices/controller@model=pcie-expander-bus', 'devices/controller@model=dmi-to-pci-bridge'],
  docs: `\`<address type='pci' bus='N'>\` plugs a device into the PCI controller with \`index='N'\`, and that
controller decides which slots exist and what may be plugged in (libvirt's
\`virDomainPCIAddressBusSetModel\`):

- \`pci-root\`, \`pcie-root\`, \`pci-bridge\`, \`pcie-to-pci-bridge\`: slots 1–31. Slot 0 of a bridge is its
  hot-plug controller (SHPC); libvirt says "Invalid PCI address 0000:01:00.0. slot must be >= 1";
- \`pcie-root-port\`, \`pcie-switch-downstream-port\`: one slot, 0; "… slot must be <= 0";
- \`pcie-root\` takes PCIe devices, root ports, dmi-to-pci-bridges and pcie-expander-buses;
  \`pcie-expander-bus\` only root ports and dmi-to-pci-bridges; a switch upstream port only downstream
  ports; a root port no other root port. A PCI controller written on a bus that does not take it is
  refused with "The device at PCI address … cannot be plugged into the PCI controller with index='N'.
  It requires a controller that accepts a …";
- the virtio IOMMU and the \`pvpanic\` panic device are integrated devices of bus 0: "The device at PCI
  address … needs to be an integrated device (bus=0)";
- \`pci-root\` and \`pcie-root\` are the root itself and take no address: "pci-root and pcie-root
  controllers should not have an address";
- only PCI domain 0 exists: "Invalid PCI address …. Only PCI domain 0 is available".

Buses without a written controller take the model libvirt adds for them: below the highest written
index a \`pcie-root-port\` (with \`pcie-root\`) or a \`pci-bridge\`; beyond it, on \`pc\`, \`pci-bridge\`s
(see \`pci-bus-missing\`). Elsewhere the model is not known from the XML and nothing is judged.
Controllers written without a model are not judged either.

Sources: libvirt \`src/conf/domain_addr.c\` (\`virDomainPCIAddressValidate\`,
\`virDomainPCIAddressFlagsCompatible\`, \`virDomainPCIAddressBusSetModel\`); \`src/qemu/qemu_domain_address.c\`
(\`qemuDomainPCIAddressSetCreate\`); libvirt docs \`pci-addresses.rst\`, \`pci-hotplug.rst\`; libvirt tests
\`pci-expander-bus-bad-bus\`, \`pcie-expander-bus-bad-bus\`, \`q35-dmi-bad-address2\`, \`virtio-iommu-invalid-address\`, \`pci-root-address\`; \`src/conf/domain_validate.c\` (root controllers with an address).`,
  check(ctx) {
    const out: Finding[] = [];
    const model = ctx.model;
    if (!model.isQemu) return out;
    const pci = model.pci;
    const q35 = pci.chipset === 'q35' || pci.rootModel === 'pcie-root';
    for (const el of model.deviceElements) {
      if (el.name !== 'controller' || el.attrValue('type') !== 'pci') continue;
      const m = el.attrValue('model');
      const address = el.child('address');
      if ((m === 'pci-root' || m === 'pcie-root') && address) {
        out.push({ ruleId: this.id, span: address.nameSpan, message: `pci-root and pcie-root controllers should not have an address: this ${deviceLabel(el)} is the root bus itself; remove its <address>.` });
      }
    }
    for (const use of pci.uses) {
      const a = use.addr;
      const at = formatPciAddress(a);
      const el = use.device;
      if (a.domain !== 0) {
        out.push({ ruleId: this.id, span: addressAttrSpan(use.address, 'domain'), message: `Invalid PCI address ${at}. Only PCI domain 0 is available: <address domain> of this ${deviceLabel(el)} must be 0 (the bus index picks the controller).` });
        continue;
      }
      if (isIntegrated(el) && a.bus !== 0) {
        out.push({ ruleId: this.id, span: addressAttrSpan(use.address, 'bus'), message: `The device at PCI address ${at} needs to be an integrated device (bus=0): this ${deviceLabel(el)} must sit on the root bus, bus 0.` });
        continue;
      }
      const { model: busModelName, implied } = pci.busModel(a.bus);
      const bus = busModelName ? PCI_BUS_MODELS[busModelName] : undefined;
      if (!bus) continue;
      const which = implied ? `the ${busModelName} libvirt adds for bus ${a.bus}` : `the ${busModelName} with index='${a.bus}'`;
      const own = el.name === 'controller' && el.attrValue('type') === 'pci' ? el.attrValue('model') : undefined;
      if (own === 'pci-root' || own === 'pcie-root') continue;
      const connect: PciConnect | undefined = own !== undefined ? PCI_BUS_MODELS[own]?.connect : el.name === 'controller' && el.attrValue('type') === 'pci' ? undefined : q35 && slotNeed(el, el.name === 'disk') === 'pcie' ? 'PCI Express device' : 'standard PCI device';
      if (connect) {
        const accepts = bus.accepts;
        const endpoint = connect === 'standard PCI device' || connect === 'PCI Express device';
        // Written addresses may put a PCI device in a PCIe slot and back; a pci-bridge goes wherever a PCI device may.
        const takesEndpoints = accepts.includes('standard PCI device') || accepts.includes('PCI Express device');
        const ok = endpoint ? takesEndpoints : accepts.includes(connect) || (connect === 'pci-bridge' && takesEndpoints);
        if (!ok) {
          out.push({
            ruleId: this.id,
            span: addressAttrSpan(use.address, 'bus'),
            message: `The device at PCI address ${at} cannot be plugged into the PCI controller with index='${a.bus}'. It requires a controller that accepts a ${connect}: this ${deviceLabel(el)} is on ${which}, which takes ${accepts.join(', ')}.`,
          });
          continue;
        }
      }
      if (a.slot < bus.minSlot || a.slot > bus.maxSlot) {
        const limit = a.slot < bus.minSlot ? `slot must be >= ${bus.minSlot}` : `slot must be <= ${bus.maxSlot}`;
        out.push({
          ruleId: this.id,
          span: addressAttrSpan(use.address, 'slot'),
          message: `Invalid PCI address ${at}. ${limit}: this ${deviceLabel(el)} is on ${which}, whose slots are ${bus.minSlot === bus.maxSlot ? `only ${bus.minSlot}` : `${bus.minSlot}–${bus.maxSlot}`}.`,
        });
      }
    }
    return out;
  },
};
