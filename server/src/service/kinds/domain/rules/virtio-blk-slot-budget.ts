import type { DomainRule } from './common/diskRule';
import type { Disk } from '../model/disk';
import type { DomainModel } from '../model/domain';
import type { Finding } from '../../../types';
import { busSpan } from './common/spans';
import { convertToVirtioScsi } from '../refactor/convert';


/** The qemu.org advice: beyond this many disks, use virtio-scsi. */
const BUDGET = 28;

/** virtio-blk disks that are PCI functions: no address, or a PCI address (not ccw or mmio). */
function pciVirtioDisks(model: DomainModel): Disk[] {
  return model.disks.filter((d) => {
    if (d.bus !== 'virtio' || d.device === 'cdrom' || d.device === 'floppy') return false;
    const type = d.address?.attrValue('type');
    return type === undefined || type === 'pci';
  });
}

export const virtioBlkSlotBudget: DomainRule = {
  id: 'virtio-blk-slot-budget',
  title: 'More than 28 virtio-blk disks: use virtio-scsi',
  defaultSeverity: 'warning',
  subjects: ['devices/disk', 'disk/target@bus', 'disk/target@bus=virtio'],
  docs: `Every virtio-blk disk is a PCI device of its own. A PCI bus has 32 slots and the machine's own
devices take several of them, and on q35 each hot-pluggable disk needs a \`pcie-root-port\` of its own;
the QEMU project therefore advises virtio-scsi for more than 28 disks: one virtio-scsi controller
(one PCI slot) carries thousands of disks. Packing virtio-blk disks into multifunction slots saves
slots but loses hot-plug.

The rule counts the domain's virtio-blk disks that are PCI devices (no address, or \`<address
type='pci'>\`) and reports the 29th. Free \`pcie-root-port\`s for hot-plug on q35 are counted by
\`pcie-hotplug-capacity\`.

Fix: move the disks beyond the 28th to virtio-scsi — \`bus='scsi'\`, free \`sdX\` names, drive addresses
on a virtio-scsi controller (added when there is none). The guest sees new disk names and a new
controller, so the fix is never applied automatically.

Sources: qemu.org blog "Configuring virtio-blk and virtio-scsi Devices" (2021-01-19); libvirt
formatdomain, *Controllers* (pcie-root, pcie-root-port); InfoScale 9.0 Virtualization Guide,
"VirtIO disk drives", item *Maximum number of devices*.`,
  check(ctx) {
    if (!ctx.model.isQemu) return [];
    const disks = pciVirtioDisks(ctx.model);
    if (disks.length <= BUDGET || !ctx.model.devices) return [];
    const first = disks[BUDGET];
    const finding: Finding = {
      ruleId: this.id,
      span: busSpan(first),
      message: `${disks.length} disks use <target bus='virtio'> (virtio-blk), each taking a PCI slot of its own; beyond ${BUDGET} disks prefer virtio-scsi, which carries many disks on one controller.`,
    };
    return [finding];
  },
  fix(finding, ctx) {
    const disks = pciVirtioDisks(ctx.model);
    if (disks.length <= BUDGET || !ctx.model.devices) return [];
    const excess = disks.slice(BUDGET);
    return [
      {
        title: `Move ${excess.length} virtio-blk disk${excess.length === 1 ? '' : 's'} to virtio-scsi (guest-visible)`,
        edits: convertToVirtioScsi(ctx.model, excess),
        safe: false,
      },
    ];
  },
};
