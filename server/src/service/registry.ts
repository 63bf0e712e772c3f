import { allKinds } from './kinds/index';
import type { Rule } from './rule';

/**
 * Every rule of every document kind, each once, in kind order: what settings, the CLI's
 * `--rule`, SARIF's rule list and the rule reference enumerate.
 */
export const allRules: readonly Rule<never>[] = [...new Set(allKinds.flatMap((k) => k.rules as readonly Rule<never>[]))];

export function ruleById(id: string): Rule<never> | undefined {
  return allRules.find((r) => r.id === id);
}
