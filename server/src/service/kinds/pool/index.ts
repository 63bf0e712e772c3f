import type { DocumentKind, SuggestedValue, ValueQuery } from '../kind';
import { FORMATSTORAGE_URL } from '../storage/facts';
import { sourceFormatProblem } from '../storage/poolTypes';
import { poolElementFact, sourceFormatValues } from './facts';
import { PoolModel } from './model';
import { poolRules } from './rules/index';
import { poolSymbols } from './symbols';

/** Whether completion or hover asks about `<source><format type>`. */
function isSourceFormat({ element, attr }: ValueQuery<PoolModel>): boolean {
  return attr === 'type' && element.name === 'format' && element.parent?.name === 'source';
}

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
  // What pool-source-format-unknown would say of a format here (hover shows it on the value).
  adviseValues(query, values): Map<string, string> {
    const p = query.model.poolType;
    const out = new Map<string, string>();
    if (!p || !isSourceFormat(query)) return out;
    for (const v of values) {
      const problem = sourceFormatProblem(v, p);
      if (problem) out.set(v, problem);
    }
    return out;
  },
  // The source formats of the pool's own type, from the same facts the rule reads.
  suggestValues(query): SuggestedValue[] | undefined {
    const p = query.model.poolType;
    if (!p?.sourceFormats || !isSourceFormat(query)) return undefined;
    return sourceFormatValues(p.sourceFormats).map((v, i) => ({
      value: v.value,
      detail: i === 0 ? `type='${v.value}' (default for ${p.type} pools)` : `type='${v.value}'`,
      documentation: v.summary,
    }));
  },
};
