import type { DocumentKind } from '../kind';
import { FORMATSTORAGE_URL } from '../storage/facts';
import { volumeElementFact } from './facts';
import { VolumeModel } from './model';
import { volumeRules } from './rules/index';
import { volumeSymbols } from './symbols';

/**
 * `<volume>`: a storage volume definition (`virsh vol-create POOL FILE`), validated against
 * libvirt's storagevol.rng.
 */
export const volumeKind: DocumentKind<VolumeModel> = {
  id: 'volume',
  roots: ['volume'],
  schema: { file: 'storagevol.rng' },
  buildModel: (xml, root) => new VolumeModel(xml, root),
  rules: volumeRules,
  facts: { elementFact: volumeElementFact, docsPage: FORMATSTORAGE_URL },
  symbols: volumeSymbols,
};
