import type { AnyKind } from './kind';
import { deviceKind } from './device/index';
import { domainKind } from './domain/index';
import { networkKind } from './network/index';
import { poolKind } from './pool/index';
import { volumeKind } from './volume/index';

export type { AnyKind, DocumentKind, KindSchema, SuggestedValue, ValueQuery } from './kind';

/** Every document kind, one line each. A document's root element picks its kind. */
export const allKinds: readonly AnyKind[] = [domainKind, deviceKind, networkKind, poolKind, volumeKind];

/** The kind whose documents have this root element. */
export function kindOfRoot(name: string | undefined): AnyKind | undefined {
  return name === undefined ? undefined : allKinds.find((k) => k.roots.includes(name));
}

/** Root element names of every kind (completion offers them in an empty document). */
export const allRoots: readonly string[] = allKinds.flatMap((k) => k.roots);
