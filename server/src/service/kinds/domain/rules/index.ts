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
import { ioUringRequiresNewerStack } from './io-uring-requires-newer-stack';
import { migrationLocalFileStorage } from './migration-local-file-storage';
import { crashConsistencyWriteback } from './crash-consistency-writeback';
import { vhostvdpaCache } from './vhostvdpa-cache';
import { errorPolicyEnospaceOnRead } from './error-policy-enospace-on-read';
import { readonlyShareableCacheIrrelevant } from './readonly-shareable-cache-irrelevant';
import { readonlyIdeSataDisk } from './readonly-ide-sata-disk';
import { lunBus } from './lun-bus';
import { lunSource } from './lun-source';
import { lunForbiddenChildren } from './lun-forbidden-children';
import { sgioRawioOnlyOnLun } from './sgio-rawio-only-on-lun';
import { sgioUnfiltered } from './sgio-unfiltered';
import { rawioProcessWide } from './rawio-process-wide';
import { targetPrefixBusMismatch } from './target-prefix-bus-mismatch';
import { targetWithPartition } from './target-with-partition';
import { duplicateTargetDev } from './duplicate-target-dev';
import { duplicateDriveAddress } from './duplicate-drive-address';
import { addressTypeBusMismatch } from './address-type-bus-mismatch';
import { scsiDiskWithoutVirtioScsiController } from './scsi-disk-without-virtio-scsi-controller';
import { ideOnQ35 } from './ide-on-q35';
import { cdromOnVirtio } from './cdrom-on-virtio';
import { virtioOnlyDriverOptions } from './virtio-only-driver-options';
import { iothreadAssignment } from './iothread-assignment';
import { identityElementConstraints } from './identity-element-constraints';
import { iotuneConflicts } from './iotune-conflicts';
import { transientDiskConstraints } from './transient-disk-constraints';
import { miscDeviceAttributeScope } from './misc-device-attribute-scope';
import { interfaceUnknownNetwork } from './interface-unknown-network';
import { diskUnknownVolume } from './disk-unknown-volume';
import { driveAddressControllerConstraints } from './drive-address-controller-constraints';
import { ioNativeRequiresDirectCache } from './io-native-requires-direct-cache';
import { diskFormatUnsupported } from './disk-format-unsupported';
import { diskMissingTarget } from './disk-missing-target';
import { diskEncryptionConstraints } from './disk-encryption-constraints';
import { diskAuthConstraints } from './disk-auth-constraints';
import { networkDiskSourceConstraints } from './network-disk-source-constraints';
import { diskSourceRequired } from './disk-source-required';
import { interfaceSourceRequired } from './interface-source-required';
import { interfaceModelVirtio } from './interface-model-virtio';
import { bootDeviceOrder } from './boot-device-order';
import { chardevTargetType } from './chardev-target-type';
import { iothreadReferences } from './iothread-references';
import { tpmModelVersion } from './tpm-model-version';
import { iommuModelConstraints } from './iommu-model-constraints';
import { duplicatePciAddress } from './duplicate-pci-address';
import { pciAddressReserved } from './pci-address-reserved';
import { pciAddressBusFit } from './pci-address-bus-fit';
import { pciBusMissing } from './pci-bus-missing';
import { pcieHotplugCapacity } from './pcie-hotplug-capacity';
import { pciControllerConstraints } from './pci-controller-constraints';
import type { DomainRule } from './common/diskRule';
import { shareableRequiresRaw } from './shareable-requires-raw';
import { sharedDiskCacheEnabled } from './shared-disk-cache-enabled';

/** Every rule, in the order of the rule catalogue. Add new rules here (one line each). */
export const domainRules: readonly DomainRule[] = [
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
  ioUringRequiresNewerStack,
  cacheUnsafe,
  migrationUnsafeCache,
  migrationLocalFileStorage,
  crashConsistencyWriteback,
  vhostvdpaCache,
  detectZeroesUnmapWithoutDiscard,
  errorPolicyEnospaceOnRead,
  shareableRequiresRaw,
  readonlyShareableCacheIrrelevant,
  readonlyIdeSataDisk,
  lunBus,
  lunSource,
  lunForbiddenChildren,
  sgioRawioOnlyOnLun,
  sgioUnfiltered,
  rawioProcessWide,
  targetPrefixBusMismatch,
  targetWithPartition,
  duplicateTargetDev,
  duplicateDriveAddress,
  addressTypeBusMismatch,
  scsiDiskWithoutVirtioScsiController,
  ideOnQ35,
  cdromOnVirtio,
  virtioOnlyDriverOptions,
  iothreadAssignment,
  identityElementConstraints,
  iotuneConflicts,
  transientDiskConstraints,
  miscDeviceAttributeScope,
  driveAddressControllerConstraints,
  diskFormatUnsupported,
  diskEncryptionConstraints,
  diskAuthConstraints,
  networkDiskSourceConstraints,
  diskMissingTarget,
  interfaceUnknownNetwork,
  diskUnknownVolume,
  diskSourceRequired,
  interfaceSourceRequired,
  interfaceModelVirtio,
  bootDeviceOrder,
  chardevTargetType,
  iothreadReferences,
  tpmModelVersion,
  iommuModelConstraints,
  duplicatePciAddress,
  pciAddressReserved,
  pciAddressBusFit,
  pciBusMissing,
  pcieHotplugCapacity,
  pciControllerConstraints,
];
