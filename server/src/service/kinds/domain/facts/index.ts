import { chardevFacts } from './chardev';
import { controllerFacts } from './controller';
import { diskFacts } from './disk';
import { domainFacts } from './domain';
import { interfaceFacts } from './interface';
import { iommuFacts } from './iommu';
import { tpmFacts } from './tpm';
import type { ElementFact, FactTable } from '../../../factTypes';

export * from '../../../factTypes';

export const allFacts: FactTable = { ...domainFacts, ...diskFacts, ...controllerFacts, ...interfaceFacts, ...chardevFacts, ...tpmFacts, ...iommuFacts };

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
  if (allFacts[name]) return { key: name, fact: allFacts[name] };
  if (parent === 'source' && name === 'address') return { key: 'disk/address', fact: allFacts['disk/address'] };
  const fb = FALLBACK[name];
  if (fb && (parent === 'disk' || parent === 'backingStore' || parent === 'mirror')) return { key: fb, fact: allFacts[fb] };
  return undefined;
}

