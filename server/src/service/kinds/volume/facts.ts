import { valueTable, type ElementFact, type FactTable, type FoundElement } from '../../factTypes';
import { ENCRYPTION_FACTS, lookupFact, PERMISSION_FACTS, PERMISSIONS, sizeFact, VOLUME_FORMAT_VALUES } from '../storage/facts';

const TIMESTAMP = (what: string): ElementFact => ({ summary: `Output only: ${what} time, seconds since the epoch with optional nanoseconds.`, text: true });

const FORMAT: ElementFact = {
  summary: 'Format of the volume: an image file format (dir, fs, netfs, gluster, rbd, vstorage pools) or a partition type (disk pools); other pool types ignore it.',
  empty: true,
  snippetAttrs: ['type'],
  attrs: { type: { summary: 'The format; when left out, the pool\'s default (raw for file pools, none for disk pools).', values: VOLUME_FORMAT_VALUES } },
};

/**
 * Facts for `<volume>` documents: the project's own summaries of libvirt's formatstorage page
 * ("Storage volume XML") and storagevol.rng.
 */
export const volumeFacts: FactTable = {
  volume: {
    summary: 'A libvirt storage volume, created in a pool (`virsh vol-create POOL FILE`).',
    children: ['name', 'key', 'source', 'capacity', 'allocation', 'physical', 'target', 'backingStore'],
    docsAnchor: 'storage-volume-xml',
    attrs: {
      type: {
        summary: 'Output only: what the volume is; set by the pool.',
        values: valueTable(['file', 'A file.'], ['block', 'A block device.'], ['dir', 'A directory.'], ['network', 'A network volume (rbd, gluster).'], ['netdir', 'A network directory (gluster).']),
      },
    },
  },
  'volume/name': { summary: 'Name of the volume, unique in its pool (for dir pools the file name; for disk pools the partition name, e.g. sdb1).', text: true, docsAnchor: 'storage-volume-general-metadata' },
  'volume/key': { summary: 'Output only: the volume\'s unique key (usually its path); generated when the volume is created.', text: true },
  'volume/source': { summary: 'Output only: where the volume\'s storage is on the pool\'s devices (logical and disk pools).', children: ['device'] },
  'source/device': { summary: 'A device that holds part of the volume.', children: ['extent'], attrs: { path: { summary: 'Path of the device.', format: 'an absolute path' } } },
  'device/extent': { summary: 'The byte range of the volume on the device.', empty: true, attrs: { start: { summary: 'First byte.', format: 'bytes' }, end: { summary: 'Byte after the extent.', format: 'bytes' } } },
  'volume/capacity': sizeFact('Size of the volume as the guest sees it. Required to create a volume (unless it has a backing store to take it from).', {
    details: ['libvirt refuses a volume without it ("missing capacity element") and a value it cannot read ("malformed capacity element", "unknown suffix").'],
  }),
  'volume/allocation': sizeFact('Space to allocate now: left out, the whole capacity is allocated; smaller, the pool may create a sparse volume.', {
    details: ['Above the capacity it makes no sense for creation: a raw file is allocated beyond its size and grows to the allocation; a logical volume becomes a snapshot volume.'],
  }),
  'volume/physical': sizeFact('Output only: the size the volume takes on the host.', { since: '3.0.0' }),
  'volume/target': {
    summary: 'How the volume appears on the host: its path, format, permissions and encryption.',
    children: ['path', 'format', 'permissions', 'timestamps', 'encryption', 'compat', 'nocow', 'clusterSize', 'features'],
    docsAnchor: 'storage-volume-target-elements',
  },
  'target/path': { summary: 'Output only: where the volume is on the host; the pool chooses it when the volume is created.', text: true },
  'target/format': FORMAT,
  'target/permissions': PERMISSIONS,
  ...PERMISSION_FACTS,
  'target/timestamps': { summary: 'Output only: access, birth, change and modification times.', since: '0.10.0', children: ['atime', 'btime', 'ctime', 'mtime'] },
  'timestamps/atime': TIMESTAMP('last access'),
  'timestamps/btime': TIMESTAMP('birth (creation)'),
  'timestamps/ctime': TIMESTAMP('last status change'),
  'timestamps/mtime': TIMESTAMP('last modification'),
  ...ENCRYPTION_FACTS,
  'target/compat': { summary: 'qcow2 compatibility level: 0.10 (qcow2 v2) or 1.1 (qcow2 v3, the default since libvirt 10.2.0).', since: '1.1.0', text: true },
  'target/nocow': { summary: 'Turn copy-on-write off for the new file (btrfs).', since: '1.2.7', empty: true },
  'target/clusterSize': sizeFact('qcow2 cluster size.', { since: '7.4.0' }),
  'target/features': { summary: 'qcow2 features (they imply compat 1.1).', since: '1.1.0', children: ['lazy_refcounts', 'extended_l2'] },
  'features/lazy_refcounts': { summary: 'Update reference counts lazily (faster writes, needs a check after a crash).', empty: true },
  'features/extended_l2': { summary: 'Subcluster allocation: clusters split into 32 subclusters (use a larger clusterSize).', empty: true },
  'volume/backingStore': {
    summary: 'The image this copy-on-write volume is based on (qcow2, qed, vmdk …).',
    children: ['path', 'format', 'permissions', 'timestamps'],
    docsAnchor: 'backing-store-elements',
  },
  'backingStore/path': { summary: 'Absolute path of the backing image.', text: true },
  'backingStore/format': { ...FORMAT, summary: 'Format of the backing image (qcow2 may be backed by another format).' },
  'backingStore/permissions': PERMISSIONS,
  'backingStore/timestamps': { summary: 'Output only: times of the backing image.', children: ['atime', 'btime', 'ctime', 'mtime'] },
};

export function volumeElementFact(name: string, parent: string | undefined): FoundElement | undefined {
  return lookupFact(volumeFacts, name, parent);
}
