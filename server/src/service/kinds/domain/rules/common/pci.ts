import type { XElement } from '../../../../parse/xmlTree';
import type { Subject } from '../../../../rule';

/** The devices that commonly carry `<address type='pci'>`: hover lists the PCI rules on their addresses. */
export const PCI_DEVICE_PARENTS: readonly string[] = ['disk', 'controller', 'interface', 'hostdev', 'video', 'sound', 'memballoon', 'rng', 'filesystem', 'watchdog', 'input', 'shmem', 'vsock', 'iommu', 'serial', 'memory', 'crypto', 'panic'];

/** `parent/address@attr` subjects for every device parent (`attr` undefined: the element itself). */
export function pciAddressSubjects(...attrs: (string | undefined)[]): Subject[] {
  const out: Subject[] = [];
  for (const parent of PCI_DEVICE_PARENTS) for (const a of attrs) out.push(a === undefined ? `${parent}/address` : `${parent}/address@${a}`);
  return out;
}

/** How a message names a device: `<interface>`, `<controller type='pci' index='1'>`, `<disk> 'vda'`. */
export function deviceLabel(el: XElement): string {
  if (el.name === 'controller') {
    const idx = el.attrValue('index');
    return `<controller type='${el.attrValue('type') ?? ''}'${idx !== undefined ? ` index='${idx}'` : ''}>`;
  }
  if (el.name === 'disk') {
    const dev = el.child('target')?.attrValue('dev');
    return dev ? `<disk> '${dev}'` : '<disk>';
  }
  return `<${el.name}>`;
}

/** The span of an `<address>` attribute, else of the element's name. */
export function addressAttrSpan(address: XElement, attr: string) {
  return address.attr(attr)?.span ?? address.nameSpan;
}
