import { dmpFastRecoveryNeedsCacheNone } from './dmp-fast-recovery-needs-cache-none';
import { virtioScsiCommandSubset } from './virtio-scsi-command-subset';
import { thinReclaimUnsupportedOnVirtio } from './thin-reclaim-unsupported-on-virtio';
import { virtioNoOnlineResize } from './virtio-no-online-resize';
import { virtioBlkSlotBudget } from './virtio-blk-slot-budget';
import { virtioScsiAddressRange } from './virtio-scsi-address-range';
import { vxfsOnVirtioBlk } from './vxfs-on-virtio-blk';
import { lunNeededForDeepDiscovery } from './lun-needed-for-deep-discovery';
import { lunOnVirtioBlk } from './lun-on-virtio-blk';
import { cacheUnsafe } from './cache-unsafe';
import { migrationUnsafeCache } from './migration-unsafe-cache';
import { detectZeroesUnmapWithoutDiscard } from './detect-zeroes-unmap-without-discard';
import { ioNativeRequiresDirectCache } from './io-native-requires-direct-cache';
import type { Rule } from './rule';
import { shareableRequiresRaw } from './shareable-requires-raw';
import { sharedDiskCacheEnabled } from './shared-disk-cache-enabled';

/** Every rule, in the order of the rule catalogue. Add new rules here (one line each). */
export const allRules: readonly Rule[] = [
  sharedDiskCacheEnabled,
  dmpFastRecoveryNeedsCacheNone,
  virtioScsiCommandSubset,
  thinReclaimUnsupportedOnVirtio,
  virtioNoOnlineResize,
  virtioBlkSlotBudget,
  virtioScsiAddressRange,
  vxfsOnVirtioBlk,
  lunNeededForDeepDiscovery,
  lunOnVirtioBlk,
  ioNativeRequiresDirectCache,
  cacheUnsafe,
  migrationUnsafeCache,
  detectZeroesUnmapWithoutDiscard,
  shareableRequiresRaw,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
