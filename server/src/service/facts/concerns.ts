/**
 * Which lint rules concern an element, an attribute or a value, for the "Linter:" line of
 * hovers. Keys: `parent/element` (an element), `parent/element@attr` (an attribute),
 * `parent/element@attr=value` (one value). Ids come from the rule catalogue; the hover
 * shows only those registered in this build, and a test checks every id is a catalogue or
 * registry id and that every registered rule appears here.
 */
export const concerns: Record<string, readonly string[]> = {
  'devices/disk': ['duplicate-target-dev', 'virtio-blk-slot-budget', 'misc-device-attribute-scope'],
  'devices/disk@type': ['lun-source', 'transient-disk-constraints', 'migration-local-file-storage'],
  'devices/disk@type=vhostvdpa': ['vhostvdpa-cache'],
  'devices/disk@device': ['cdrom-on-virtio', 'readonly-ide-sata-disk', 'misc-device-attribute-scope'],
  'devices/disk@device=lun': ['dmp-fast-recovery-needs-cache-none', 'virtio-scsi-command-subset', 'lun-on-virtio-blk', 'lun-bus', 'lun-source', 'lun-forbidden-children', 'lun-needed-for-deep-discovery'],
  'devices/disk@model': ['virtio-only-driver-options'],
  'devices/disk@rawio': ['sgio-rawio-only-on-lun', 'rawio-process-wide'],
  'devices/disk@sgio': ['sgio-rawio-only-on-lun', 'sgio-unfiltered'],

  'disk/driver@cache': ['shared-disk-cache-enabled', 'dmp-fast-recovery-needs-cache-none', 'io-native-requires-direct-cache', 'cache-unsafe', 'migration-unsafe-cache', 'crash-consistency-writeback', 'vhostvdpa-cache', 'readonly-shareable-cache-irrelevant'],
  'disk/driver@cache=unsafe': ['cache-unsafe'],
  'disk/driver@cache=writeback': ['crash-consistency-writeback'],
  'disk/driver@type': ['shareable-requires-raw', 'lun-source'],
  'disk/driver@io': ['io-native-requires-direct-cache', 'io-uring-requires-newer-stack'],
  'disk/driver@io=native': ['io-native-requires-direct-cache'],
  'disk/driver@io=io_uring': ['io-uring-requires-newer-stack'],
  'disk/driver@discard': ['detect-zeroes-unmap-without-discard', 'thin-reclaim-unsupported-on-virtio'],
  'disk/driver@detect_zeroes': ['detect-zeroes-unmap-without-discard', 'thin-reclaim-unsupported-on-virtio'],
  'disk/driver@error_policy': ['error-policy-enospace-on-read'],
  'disk/driver@rerror_policy': ['error-policy-enospace-on-read'],
  'disk/driver@copy_on_read': ['lun-forbidden-children', 'misc-device-attribute-scope'],
  'disk/driver@iothread': ['iothread-assignment'],
  'disk/driver@queues': ['virtio-only-driver-options'],
  'disk/driver@queue_size': ['virtio-only-driver-options'],
  'disk/driver@ioeventfd': ['virtio-only-driver-options'],
  'disk/driver@event_idx': ['virtio-only-driver-options'],
  'disk/driver@iommu': ['virtio-only-driver-options'],
  'disk/driver@ats': ['virtio-only-driver-options'],
  'disk/driver@packed': ['virtio-only-driver-options'],
  'disk/driver@page_per_vq': ['virtio-only-driver-options'],

  'disk/source': ['lun-source', 'lun-needed-for-deep-discovery', 'virtio-scsi-command-subset', 'misc-device-attribute-scope'],
  'disk/source@dev': ['lun-needed-for-deep-discovery', 'virtio-scsi-command-subset'],
  'disk/source@file': ['migration-local-file-storage'],
  'disk/source@protocol': ['lun-source'],
  'source/reservations': ['sgio-rawio-only-on-lun'],
  'source/slices': ['lun-source'],

  'disk/target': ['duplicate-target-dev', 'target-prefix-bus-mismatch'],
  'disk/target@dev': ['target-prefix-bus-mismatch', 'target-with-partition', 'duplicate-target-dev'],
  'disk/target@bus': ['target-prefix-bus-mismatch', 'lun-bus', 'cdrom-on-virtio', 'ide-on-q35', 'readonly-ide-sata-disk', 'address-type-bus-mismatch', 'scsi-disk-without-virtio-scsi-controller', 'virtio-blk-slot-budget', 'vxfs-on-virtio-blk', 'virtio-no-online-resize'],
  'disk/target@bus=ide': ['ide-on-q35'],
  'disk/target@bus=scsi': ['scsi-disk-without-virtio-scsi-controller'],
  'disk/target@bus=virtio': ['virtio-blk-slot-budget', 'vxfs-on-virtio-blk', 'virtio-no-online-resize', 'thin-reclaim-unsupported-on-virtio', 'lun-on-virtio-blk'],
  'disk/target@tray': ['misc-device-attribute-scope'],
  'disk/target@removable': ['misc-device-attribute-scope'],
  'disk/target@rotation_rate': ['misc-device-attribute-scope'],

  'disk/address': ['address-type-bus-mismatch', 'duplicate-drive-address', 'drive-address-controller-constraints', 'virtio-scsi-address-range'],
  'disk/address@type': ['address-type-bus-mismatch'],
  'disk/address@controller': ['scsi-disk-without-virtio-scsi-controller', 'drive-address-controller-constraints'],
  'disk/address@target': ['virtio-scsi-address-range', 'drive-address-controller-constraints', 'duplicate-drive-address'],
  'disk/address@unit': ['virtio-scsi-address-range', 'duplicate-drive-address'],
  'disk/address@bus': ['drive-address-controller-constraints', 'duplicate-drive-address'],

  'disk/shareable': ['shared-disk-cache-enabled', 'shareable-requires-raw', 'readonly-shareable-cache-irrelevant'],
  'disk/readonly': ['readonly-ide-sata-disk', 'readonly-shareable-cache-irrelevant', 'transient-disk-constraints'],
  'disk/transient': ['transient-disk-constraints'],
  'disk/iotune': ['iotune-conflicts'],
  'disk/blockio': ['lun-forbidden-children'],
  'disk/serial': ['identity-element-constraints', 'lun-forbidden-children'],
  'disk/wwn': ['identity-element-constraints', 'lun-forbidden-children'],
  'disk/vendor': ['identity-element-constraints', 'lun-forbidden-children'],
  'disk/product': ['identity-element-constraints', 'lun-forbidden-children'],

  'devices/controller': ['scsi-disk-without-virtio-scsi-controller', 'ide-on-q35', 'drive-address-controller-constraints'],
  'devices/controller@model': ['scsi-disk-without-virtio-scsi-controller', 'drive-address-controller-constraints'],
  'devices/controller@type=ide': ['ide-on-q35'],
  'controller/driver@iothread': ['iothread-assignment'],
  'domain/iothreads': ['iothread-assignment'],
  'os/type@machine': ['ide-on-q35'],
};

/** Keys to look up for an element (with its parent) and optionally an attribute and a value. */
export function concernKeys(parent: string | undefined, element: string, attr?: string, value?: string): string[] {
  const base = parent ? `${parent}/${element}` : element;
  if (attr === undefined) return [base];
  const keys = [`${base}@${attr}`];
  if (value !== undefined) keys.push(`${base}@${attr}=${value}`);
  return keys;
}
