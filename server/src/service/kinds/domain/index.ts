import type { DocumentKind } from '../kind';
import { adviseDomainValues, suggestDomainValues } from './advice';
import { elementFact } from './facts/index';
import { FORMATDOMAIN_URL } from '../../factTypes';
import { DomainModel } from './model/domain';
import { diskRefactors } from './refactor/convertDisk';
import { domainRules } from './rules/index';
import { documentSymbols } from './symbols';

/** `<domain>`: a virtual machine definition (`virsh define`, `virsh edit`). */
export const domainKind: DocumentKind<DomainModel> = {
  id: 'domain',
  roots: ['domain'],
  schema: { file: 'domain.rng' },
  buildModel: (xml, root) => new DomainModel(xml, root),
  rules: domainRules,
  facts: { elementFact, docsPage: FORMATDOMAIN_URL },
  symbols: documentSymbols,
  adviseValues: adviseDomainValues,
  suggestValues: suggestDomainValues,
  refactors: diskRefactors,
};
