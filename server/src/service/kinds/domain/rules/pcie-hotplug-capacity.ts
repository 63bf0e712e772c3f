import type { DomainRule } from './common/diskRule';
import { insertElement, quoteFor } from '../../../edits';
import type { Finding, FixProposal } from '../../../types';
import type { DomainModel } from '../model/domain';
import type { HotplugCapacity } from '../model/pci';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Where the finding goes: the written pcie-root, else the machine, else `<devices>`. */
function anchor(model: DomainModel) {
  const root = model.pci.controllers.get(0);
  if (root && root.attrValue('model') === 'pcie-root') return root.nameSpan;
  return model.os?.child('type')?.attr('machine')?.span ?? model.devices?.nameSpan;
}

function describe(c: HotplugCapacity): string {
  if (c.libvirtManaged) return 'no device needs a PCIe port, so libvirt adds no pcie-root-port';
  const parts = [c.ports ? `${plural(c.ports, 'hot-pluggable port')}` : 'no hot-pluggable pcie-root-port written'];
  if (c.addressed) parts.push(`${c.addressed} with a device written on ${c.addressed === 1 ? 'it' : 'them'}`);
  if (c.placed) parts.push(`${plural(c.placed, 'device')} that libvirt places on ${c.placed === 1 ? 'one' : 'them'} (written without an address, or added by libvirt)`);
  return parts.join(', ');
}

/** How many ports the second fix leaves free: room for a few hot-plugged disks. */
export const PORTS_TO_ADD = 4;

export const pcieHotplugCapacity: DomainRule = {
  id: 'pcie-hotplug-capacity',
  title: 'q35 guest without a free pcie-root-port for hot-plug',
  defaultSeverity: 'info',
  subjects: ['domain/os', 'os/type@machine', 'devices/controller@type=pci', 'devices/controller@model=pcie-root', 'devices/controller@model=pcie-root-port', 'devices/controller@model=pcie-switch-downstream-port', 'devices/disk', 'disk/target@bus=virtio'],
  docs: `On a q35 guest every PCI Express device — a virtio-blk disk, a virtio NIC, an assigned host device —
sits in a port of its own, and \`pcie-root\` does not support hot-plug: a device added to the running
guest (\`virsh attach-device --live\`) needs a free \`pcie-root-port\` (or switch downstream port), and
those cannot be hot-plugged themselves. Without one, libvirt answers "No more available PCI slots".

The rule works out the ports that stay free once libvirt has placed every device
(\`qemuDomainAssignPCIAddresses\`): the \`pcie-root-port\`s and \`pcie-switch-downstream-port\`s written
(or added by libvirt for a missing index; not those with \`<target hotplug='off'/>\`), minus those with a
device written on them, minus one for each device without an address that libvirt puts on a port —
virtio devices, \`qemu-xhci\` USB, \`e1000e\`, host devices, and the USB controller and memory balloon
libvirt adds when none is written. A domain written without PCI controllers beyond the root is left to
libvirt, which adds the ports its devices need and one more for hot-plug (docs \`pci-hotplug.rst\`),
so it has one free port. The rule reports a q35 guest with no free port, saying how many there are and
what takes them.

The count follows libvirt's placement: devices without an address take the lowest free ports, hot-plug
or not; the first video card sits in slot 1 of \`pcie-root\`; conventional PCI devices (e1000,
rtl8139, a USB controller written without a model, which is \`piix3-uhci\`) share a
\`pcie-to-pci-bridge\` that takes one port. It agrees with libvirt on its 87 q35 test domains and on
domains defined in \`qemu:///embed\` (test/unit/pciTopology.test.ts). What is PCI Express depends on the
QEMU binary (virtio devices are PCIe with a QEMU that has transitional virtio devices, as current ones
do), so the finding is informational.

Checked as a device file with its domain (\`--domain\`), a PCIe device being attached that takes the
last free port, or finds none, is reported on the device.

What to do: put disks that come and go on a virtio-scsi controller (\`bus='scsi'\`): they hot-plug onto
its SCSI bus and need no PCI slot. Or plan ports: the fixes add \`<controller type='pci'
model='pcie-root-port'/>\` elements (and \`pcie-root\` when it is not written, as libvirt requires
with root ports), as many as leave one port free once libvirt has placed the devices, or
${PORTS_TO_ADD}; libvirt gives them an index and an address. The new ports change the guest's PCI
layout (devices without an address may move), so the fixes are not applied automatically.

Sources: libvirt docs \`pci-hotplug.rst\` (q35 machine type) and \`pci-addresses.rst\`; libvirt
\`src/qemu/qemu_domain_address.c\` (\`qemuDomainAssignPCIAddresses\`,
\`qemuDomainDeviceCalculatePCIConnectFlags\`); \`src/conf/domain_addr.c\` (\`virDomainPCIAddressBusSetModel\`,
\`virDomainPCIAddressGetNextAddr\`); formatdomain, *Controllers* (PCI controllers).`,
  check(ctx) {
    const model = ctx.model;
    if (!model.isQemu || model.chipset !== 'q35' || !model.devices) return [];
    const root = model.pci.rootModel;
    if (root !== 'pcie-root') return [];
    const c = model.pci.hotplug();
    if (c.free > 0) return [];
    const span = anchor(model);
    if (!span) return [];
    const finding: Finding = {
      ruleId: this.id,
      span,
      message: `No free pcie-root-port for hot-plug on this q35 guest (${describe(c)}): a PCIe device attached later with virsh attach-device --live, such as a <disk> with <target bus='virtio'>, has no slot, since pcie-root does not support hot-plug. Hot-plug disks on a virtio-scsi controller, or add <controller type='pci' model='pcie-root-port'/> elements.`,
    };
    return [finding];
  },
  fix(_finding, ctx) {
    const devices = ctx.model.devices;
    if (!devices) return [];
    const q = quoteFor(devices, ctx.text);
    const markup = `<controller type=${q}pci${q} model=${q}pcie-root-port${q}/>`;
    // After the last PCI controller, else after the last controller, else at the end of <devices>.
    const els = devices.children;
    let after = undefined;
    for (const el of els) if (el.name === 'controller' && el.attrValue('type') === 'pci') after = el;
    if (!after) for (const el of els) if (el.name === 'controller') after = el;
    // Root ports written without pcie-root would take index 0 themselves (docs/pci-hotplug.rst): write the root too.
    const root = ctx.model.pci.controllers.has(0) ? undefined : `<controller type=${q}pci${q} index=${q}0${q} model=${q}pcie-root${q}/>`;
    // The fewest ports that leave one free once libvirt has placed the devices, and room for a few more.
    let needed = 1;
    while (needed < 64 && ctx.model.pci.hotplug(needed).free < 1) needed++;
    const fixes: FixProposal[] = [];
    for (const [n, left] of [[needed, 1], [needed + PORTS_TO_ADD - 1, PORTS_TO_ADD]] as const) {
      const edits = root ? [insertElement(devices, root, ctx.text, after ? { after } : {})] : [];
      for (let i = 0; i < n; i++) edits.push(insertElement(devices, markup, ctx.text, after ? { after } : {}));
      fixes.push({ title: `Add ${plural(n, 'pcie-root-port')}, leaving ${left} free for hot-plug (changes the guest's PCI layout)`, edits, safe: false });
    }
    return fixes;
  },
};
