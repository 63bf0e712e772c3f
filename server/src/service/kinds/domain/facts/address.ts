import { onOff, type AttrFact, type FactTable } from '../../../factTypes';
import { FIXED_FUNCTIONS, PCI_BUS_MODELS } from '../model/pci';

const fixed = (chipset: 'i440fx' | 'q35') =>
  FIXED_FUNCTIONS[chipset].map((f) => `00:${f.slot.toString(16).padStart(2, '0')}.${f.function} ${f.what.replace(/^the /, '')}`).join(', ');

/** The attributes of `<address type='pci'>`, shared by every device's address (facts from model/pci.ts). */
export const PCI_ADDRESS_ATTRS: Record<'domain' | 'bus' | 'slot' | 'function' | 'multifunction', AttrFact> = {
  domain: { summary: 'pci: PCI domain; libvirt\'s QEMU driver has only domain 0.', default: '0', format: '0x0000' },
  bus: {
    summary: 'pci: the `index` of the `<controller type=\'pci\'>` the device plugs into (0 is the root bus); it picks the controller, it is not the bus number the guest sees.',
    default: '0',
    format: '0x00–0xff',
  },
  slot: {
    summary: `pci: slot on that bus: ${PCI_BUS_MODELS['pci-root'].minSlot}–${PCI_BUS_MODELS['pci-root'].maxSlot} on the roots and bridges (slot 0 of bus 0 is the host bridge; of a pci-bridge, its hot-plug controller), only ${PCI_BUS_MODELS['pcie-root-port'].maxSlot} on a pcie-root-port. Domain, bus and slot all 0 means "no address": libvirt assigns one.`,
    format: '0x00–0x1f',
    details: [`Built-in devices keep functions of bus 0: on pc (i440fx) ${fixed('i440fx')}; on q35 ${fixed('q35')}.`],
  },
  function: { summary: 'pci: function 0–7 in the slot; devices sharing a slot each need their own function.', default: '0', format: '0x0–0x7' },
  multifunction: { summary: 'pci: on function 0 of a slot that holds several functions (devices).', since: '0.9.7', default: 'off', values: onOff('The slot holds several functions.', 'A single function.') },
};

/** Facts of a device's `<address>` under any device element without a more specific entry (attributes: those of `disk/address`, see facts/index.ts). */
export const addressFacts: FactTable = {
  address: {
    summary: 'Where the device sits on its bus, e.g. a PCI slot (`type=\'pci\'`: `domain`, `bus`, `slot`, `function`). Usually omit it: libvirt assigns a free address, and on q35 a pcie-root-port per PCIe device.',
    empty: true,
    snippetAttrs: ['type'],
  },
};
