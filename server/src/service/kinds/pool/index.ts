import type { DocumentKind, SuggestedValue } from '../kind';
import { FORMATSTORAGE_URL } from '../storage/facts';
import { sourceFormatProblem } from '../storage/poolTypes';
import { poolElementFact, sourceFormatValues } from './facts';
import { PoolModel } from './model';
import { poolRules } from './rules/index';
import { poolSymbols } from './symbols';

/**
 * `<pool>`: a storage pool definition (`virsh pool-define`, `pool-edit`), validated against
 * libvirt's storagepool.rng.
 */
export const poolKind: DocumentKind<PoolModel> = {
  id: 'pool',
  roots: ['pool'],
  schema: { file: 'storagepool.rng' },
  buildModel: (xml, root) => new PoolModel(xml, root),
  rules: poolRules,
  facts: { elementFact: poolElementFact, docsPage: FORMATSTORAGE_URL },
  symbols: poolSymbols,
  // The source formats of the pool's own type, from the same facts the rule reads.
  suggestValues(query): SuggestedValue[] | undefined {
    const { element, attr, model } = query;
    const p = model.poolType;
    if (!p?.sourceFormats || attr !== 'type' || element.name !== 'format' || element.parent?.name !== 'source') return undefined;
    return sourceFormatValues(p.sourceFormats.filter((f) => !sourceFormatProblem(f, p))).map((v, i) => ({
      value: v.value,
      detail: i === 0 ? `type='${v.value}' (default for ${p.type} pools)` : `type='${v.value}'`,
      documentation: v.summary,
    }));
  },
};
