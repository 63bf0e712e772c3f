import { chardevFacts } from './chardev';
import { addressFacts } from './address';
import { controllerFacts } from './controller';
import { diskFacts } from './disk';
import { domainFacts } from './domain';
import { interfaceFacts } from './interface';
import { iommuFacts } from './iommu';
import { tpmFacts } from './tpm';
import type { ElementFact, FactTable } from '../../../factTypes';

export * from '../../../factTypes';

export const allFacts: FactTable = {
  ...domainFacts,
  ...diskFacts,
  ...controllerFacts,
  ...interfaceFacts,
  ...chardevFacts,
  ...tpmFacts,
  ...iommuFacts,
  // a device's <address>: the same attributes as a disk's, the PCI ones foremost
  address: { ...addressFacts.address, attrs: diskFacts['disk/address'].attrs },
  // the virtio IOMMU's PCI address: its own summary, the attributes of every address
  'iommu/address': { ...iommuFacts['iommu/address'], attrs: diskFacts['disk/address'].attrs },
};

/** Where an element's facts are found when no entry names its parent (addresses look alike). */
const FALLBACK: Record<string, string> = { address: 'disk/address', driver: 'disk/driver', target: 'disk/target', source: 'disk/source' };

export interface FoundElement {
  key: string;
  fact: ElementFact;
}

/**
 * Facts for an element from its name and its parent's name: `parent/name` first, then
 * `name`. The generic fallbacks apply only below `<disk>`-like parents, so that an
 * `<interface><source>` is not described as a disk source.
 */
export function elementFact(name: string, parent: string | undefined): FoundElement | undefined {
  if (parent) {
    const key = `${parent}/${name}`;
    if (allFacts[key]) return { key, fact: allFacts[key] };
  }
  // a host device's <source><address> is the host's address, described with the disk's
  if (parent === 'source' && name === 'address') return { key: 'disk/address', fact: allFacts['disk/address'] };
  if (allFacts[name]) return { key: name, fact: allFacts[name] };
  const fb = FALLBACK[name];
  if (fb && (parent === 'disk' || parent === 'backingStore' || parent === 'mirror')) return { key: fb, fact: allFacts[fb] };
  return undefined;
}

