import type { DomainRule } from './common/diskRule';
import { replaceAttrValue } from '../../../edits';
import type { Finding } from '../../../types';
import { parseIntAttr } from '../model/ints';
import { deviceLabel } from './common/pci';

const ROOTS = new Set(['pci-root', 'pcie-root']);

export const pciControllerConstraints: DomainRule = {
  id: 'pci-controller-constraints',
  title: 'PCI controllers: the root bus, indexes and the machine type',
  defaultSeverity: 'error',
  subjects: ['devices/controller@type=pci', 'devices/controller@index', 'devices/controller@model=pci-root', 'devices/controller@model=pcie-root', 'devices/controller@model=pci-expander-bus', 'devices/controller@model=pcie-expander-bus', 'os/type@machine'],
  docs: `The PCI controllers of a QEMU guest form one tree whose root is the machine's own bus, the
\`<controller type='pci'>\` with \`index='0'\`. libvirt's QEMU driver refuses:

- a root of the wrong kind for the machine: \`pc\` (i440fx) has \`pci-root\`, \`q35\` has \`pcie-root\` — "The
  PCI controller with index='0' must be model='pci-root' for this machine type, but model='pcie-root'
  was found instead" (libvirt adds the right one when none is written);
- a \`pci-root\` or \`pcie-root\` with another index: "pci-root and pcie-root controllers should have index
  0" (pSeries guests, whose extra PCI host bridges are \`pci-root\`s, aside);
- two PCI controllers with one index: "Multiple 'pci' controllers with index 'N'" — the index is what
  \`<address bus='N'>\` names;
- an expander bus of the other machine: \`pci-expander-bus\` is for i440fx ("pci-expander-bus
  controllers are only supported on 440fx-based machinetypes"), \`pcie-expander-bus\` for q35 (and ARM
  virt): "pcie-expander-bus controllers are not supported with this machine type".

Machine checks are made only when the machine is written and is an x86 \`pc\` or \`q35\` one.

Fix: for a root of the wrong kind, the model the machine needs (safe: the domain was refused).

Sources: libvirt \`src/qemu/qemu_domain.c\` (\`qemuDomainDefAddDefaultDevices\`,
\`qemuDomainControllerDefPostParse\`-time validation of PCI controllers); \`src/conf/domain_postparse.c\`
(duplicate controller indexes); libvirt docs \`pci-addresses.rst\`, formatdomain *Controllers*; libvirt
tests \`440fx-wrong-root\`, \`q35-wrong-root\`, \`pci-root-nonzero-index\`, \`pci-bridge-duplicate-index\`,
\`q35-dmi-bad-address1\`, \`pci-expander-bus-bad-machine\`, \`pcie-expander-bus-bad-machine\`.`,
  check(ctx) {
    const out: Finding[] = [];
    const model = ctx.model;
    if (!model.isQemu) return out;
    const pci = model.pci;
    const chipset = pci.chipset;
    const machine = model.machine;
    // pSeries guests may have several pci-roots
    const notPseries = chipset !== undefined || (machine !== undefined && !machine.startsWith('pseries'));
    const wantedRoot = chipset === 'q35' ? 'pcie-root' : chipset === 'i440fx' ? 'pci-root' : undefined;
    const seen = new Set<number>();
    let rootSeen = false;
    for (const el of pci.pciControllers) {
      const kind = el.attrValue('model');
      const indexAttr = el.attr('index');
      const index = parseIntAttr(indexAttr?.value);
      if (index !== undefined) {
        if (seen.has(index)) {
          out.push({ ruleId: this.id, span: indexAttr!.span, message: `Multiple 'pci' controllers with index '${index}': this ${deviceLabel(el)} repeats the index of an earlier one; each PCI controller needs its own index, the bus number devices name.` });
        }
        seen.add(index);
      }
      if (kind !== undefined && ROOTS.has(kind) && index !== undefined && index !== 0 && notPseries) {
        out.push({ ruleId: this.id, span: indexAttr!.span, message: `pci-root and pcie-root controllers should have index 0: this <controller model='${kind}'> is the machine's root bus.` });
      }
      const modelAttr = el.attr('model');
      if (index === 0 && !rootSeen && wantedRoot && kind !== undefined && kind !== wantedRoot && modelAttr) {
        rootSeen = true;
        out.push({ ruleId: this.id, span: modelAttr.span, message: `The PCI controller with index='0' must be model='${wantedRoot}' for this machine type, but model='${kind}' was found instead: the ${chipset} machine's root bus is a ${wantedRoot}.` });
      }
      if (kind === 'pci-expander-bus' && chipset === 'q35' && modelAttr) {
        out.push({ ruleId: this.id, span: modelAttr.span, message: `pci-expander-bus controllers are only supported on 440fx-based machinetypes: on q35 write <controller type='pci' model='pcie-expander-bus'> instead.` });
      }
      if (kind === 'pcie-expander-bus' && chipset === 'i440fx' && modelAttr) {
        out.push({ ruleId: this.id, span: modelAttr.span, message: `pcie-expander-bus controllers are not supported with this machine type: on i440fx write <controller type='pci' model='pci-expander-bus'> instead.` });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const chipset = ctx.model.chipset;
    const wanted = chipset === 'q35' ? 'pcie-root' : chipset === 'i440fx' ? 'pci-root' : undefined;
    if (!wanted) return [];
    const el = ctx.model.pci.pciControllers.find((c) => c.attr('model')?.span.start === finding.span.start);
    const attr = el?.attr('model');
    if (!el || !attr || !ROOTS.has(attr.value) || parseIntAttr(el.attrValue('index')) !== 0) return [];
    return [{ title: `Make the root bus model='${wanted}', as the ${chipset} machine has`, edits: [replaceAttrValue(attr, wanted)], safe: true }];
  },
};
