import { ioNativeRequiresDirectCache } from './io-native-requires-direct-cache';
import type { Rule } from './rule';
import { shareableRequiresRaw } from './shareable-requires-raw';
import { sharedDiskCacheEnabled } from './shared-disk-cache-enabled';

/** Every rule, in the order of the rule catalogue. Add new rules here (one line each). */
export const allRules: readonly Rule[] = [
  sharedDiskCacheEnabled,
  ioNativeRequiresDirectCache,
  shareableRequiresRaw,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
