import type { DomainRule } from './common/diskRule';
import { insertElement, quoteFor } from '../../../edits';
import type { Finding } from '../../../types';
import { formatPciAddress } from '../model/pci';
import { addressAttrSpan, deviceLabel, pciAddressSubjects } from './common/pci';

export const pciBusMissing: DomainRule = {
  id: 'pci-bus-missing',
  title: 'A PCI address on a bus that no controller of the domain provides',
  defaultSeverity: 'info',
  subjects: [...pciAddressSubjects('bus'), 'devices/controller@type=pci', 'devices/controller@index'],
  docs: `\`<address type='pci' bus='N'>\` names the PCI controller with \`index='N'\`. When the domain has no such
\`<controller type='pci'>\`, libvirt adds one rather than refusing the domain
(\`qemuDomainPCIAddressSetCreate\`, \`virDomainPCIAddressSetGrow\`): below the highest written index a
\`pcie-root-port\` (on a \`pcie-root\` guest) or a \`pci-bridge\`; beyond it, controllers chosen for the
device — \`pci-bridge\`s for a conventional PCI device, \`pcie-root-port\`s for a PCIe device. The guest
then has controllers that the XML does not show, with their own slots and numbering; write them, so
that the topology is what you read. Where the added model cannot take the address (slot 0 of a
\`pci-bridge\`, a slot other than 0 on a \`pcie-root-port\`) \`pci-address-bus-fit\` reports it.

Fix: write the controller libvirt would add (\`<controller type='pci' index='N' model='…'/>\`), when its
model is known. libvirt gives a written controller its address before the devices, an added one after
them, so devices without an address may move: the fix is not applied automatically.

The finding is informational: libvirt accepts the domain (libvirt tests \`pci-autoadd-addr\`,
\`pci-autoadd-idx\`). In a device file checked alone the domain's controllers are unknown, so the rule
runs only with the domain.

Sources: libvirt \`src/qemu/qemu_domain_address.c\` (\`qemuDomainPCIAddressSetCreate\`,
\`qemuDomainAssignPCIAddresses\`); \`src/conf/domain_addr.c\` (\`virDomainPCIAddressSetGrow\`); libvirt docs
\`pci-addresses.rst\`, formatdomain *Controllers* (PCI controllers).`,
  check(ctx) {
    const out: Finding[] = [];
    const model = ctx.model;
    if (!model.isQemu) return out;
    const pci = model.pci;
    const root = pci.rootModel;
    if (root === undefined) return out;
    for (const use of pci.uses) {
      const bus = use.addr.bus;
      if (bus === 0 || pci.controllers.has(bus) || use.addr.domain !== 0) continue;
      const added = pci.busModel(bus).model;
      out.push({
        ruleId: this.id,
        span: addressAttrSpan(use.address, 'bus'),
        message: `<address type='pci'> ${formatPciAddress(use.addr)} of this ${deviceLabel(use.device)} is on bus ${bus}, but the domain has no <controller type='pci' index='${bus}'>: libvirt adds ${added ? `a ${added}` : 'a controller'} for it; write the controller to keep the topology visible.`,
      });
    }
    return out;
  },
  fix(finding, ctx) {
    const devices = ctx.model.devices;
    const use = ctx.model.pci.uses.find((u) => u.address.attr('bus')?.span.start === finding.span.start);
    if (!devices || !use) return [];
    const model = ctx.model.pci.busModel(use.addr.bus).model;
    if (!model) return [];
    const q = quoteFor(devices, ctx.text);
    let after = undefined;
    for (const el of devices.children) if (el.name === 'controller' && el.attrValue('type') === 'pci') after = el;
    const markup = `<controller type=${q}pci${q} index=${q}${use.addr.bus}${q} model=${q}${model}${q}/>`;
    // libvirt places a written controller before the devices, an added one after them: addresses it assigns may move.
    return [{ title: `Write the ${model} libvirt adds for bus ${use.addr.bus} (may move devices without an address)`, edits: [insertElement(devices, markup, ctx.text, after ? { after } : {})], safe: false }];
  },
};
