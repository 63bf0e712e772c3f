import type { DocumentKind } from '../kind';
import { adviseNetworkValues } from './advice';
import { FORMATNETWORK_URL, networkElementFact } from './facts/index';
import { NetworkModel } from './model/network';
import { networkRules } from './rules/index';
import { networkSymbols } from './symbols';

/** `<network>`: a libvirt virtual network (`virsh net-define`, `virsh net-edit`). */
export const networkKind: DocumentKind<NetworkModel> = {
  id: 'network',
  roots: ['network'],
  schema: { file: 'network.rng' },
  buildModel: (xml, root) => new NetworkModel(xml, root),
  rules: networkRules,
  facts: { elementFact: networkElementFact, docsPage: FORMATNETWORK_URL },
  symbols: networkSymbols,
  adviseValues: adviseNetworkValues,
};
