/**
 * What libvirt knows about each storage pool type, written once and read by the pool and volume
 * kinds (rules, hover, completion): the source parts each type needs, where its target path
 * comes from, its source formats and the volume formats its volumes may have.
 *
 * Source: libvirt `src/conf/storage_conf.c` (`poolTypeInfo`: per type the `VIR_STORAGE_POOL_SOURCE_*`
 * flags, pool and volume format enums; `virStoragePoolDefParseXML`, `virStoragePoolDefParseSource`,
 * `virStorageVolDefParseXML`), `src/conf/storage_source_conf.c` (`virStorageFileFormat`), and
 * libvirt's formatstorage and storage pages.
 */

/** A part of `<source>` that libvirt's per-type flags name. */
export type SourcePart = 'host' | 'device' | 'dir' | 'adapter' | 'name' | 'initiator' | 'network';

/** What the formats of a pool type's volumes are. */
export type VolumeFormats =
  /** Image file formats (`raw`, `qcow2` …): directory and file-system-like pools. */
  | 'file'
  /** Partition types (`linux`, `linux-swap` …): disk pools. */
  | 'partition'
  /** The pool reads no volume format: a written `<format>` is ignored. */
  | 'ignored';

export interface PoolType {
  type: string;
  summary: string;
  since: string;
  /** Removed from libvirt in this version (the type still parses, no driver runs it). */
  removed?: string;
  /** The source parts of libvirt's `poolTypeInfo` flags for the type. */
  parts: readonly SourcePart[];
  /**
   * Where the pool's target path comes from: written (`required`), made by libvirt from the
   * source name (`derived`: logical → /dev/NAME, zfs → /dev/zvol/NAME), or none at all
   * (network pools: rbd, sheepdog, gluster, iscsi-direct).
   */
  target: 'required' | 'derived' | 'none';
  /** A conventional target path for device pools, offered by the missing-path fix. */
  conventionalTarget?: string;
  /** The `<source><format type>` values the type accepts, default first. */
  sourceFormats?: readonly string[];
  volumeFormats: VolumeFormats;
}

const FS_FORMATS = ['auto', 'ext2', 'ext3', 'ext4', 'ufs', 'iso9660', 'udf', 'gfs', 'gfs2', 'vfat', 'hfs+', 'xfs', 'ocfs2', 'vmfs'] as const;
const NETFS_FORMATS = ['auto', 'nfs', 'glusterfs', 'cifs'] as const;
const DISK_FORMATS = ['unknown', 'dos', 'dvh', 'gpt', 'mac', 'bsd', 'pc98', 'sun', 'lvm2'] as const;
const LOGICAL_FORMATS = ['unknown', 'lvm2'] as const;

/** libvirt's pool types in the order of its `virStoragePool` enum. */
export const POOL_TYPES: readonly PoolType[] = [
  { type: 'dir', summary: 'A directory of image files on the host.', since: '0.4.1', parts: [], target: 'required', volumeFormats: 'file' },
  { type: 'fs', summary: 'A block device with a file system, mounted at the target path; volumes are image files in it.', since: '0.4.1', parts: ['device'], target: 'required', sourceFormats: FS_FORMATS, volumeFormats: 'file' },
  { type: 'netfs', summary: 'A network file system (NFS, GlusterFS, CIFS) mounted at the target path; volumes are image files in it.', since: '0.4.1', parts: ['host', 'dir'], target: 'required', sourceFormats: NETFS_FORMATS, volumeFormats: 'file' },
  { type: 'logical', summary: 'An LVM volume group; volumes are logical volumes.', since: '0.4.1', parts: ['name', 'device'], target: 'derived', sourceFormats: LOGICAL_FORMATS, volumeFormats: 'ignored' },
  { type: 'disk', summary: 'A whole disk with a partition table; volumes are partitions.', since: '0.4.1', parts: ['device'], target: 'required', conventionalTarget: '/dev', sourceFormats: DISK_FORMATS, volumeFormats: 'partition' },
  { type: 'iscsi', summary: 'The LUNs of an iSCSI target, logged in to by the host; volumes are the LUNs (no volume creation).', since: '0.4.1', parts: ['host', 'device', 'initiator'], target: 'required', conventionalTarget: '/dev/disk/by-path', volumeFormats: 'ignored' },
  { type: 'iscsi-direct', summary: 'The LUNs of an iSCSI target reached by QEMU through libiscsi, without the host logging in.', since: '4.7.0', parts: ['host', 'device', 'network', 'initiator'], target: 'none', volumeFormats: 'ignored' },
  { type: 'scsi', summary: 'The LUNs of a SCSI host adapter (scsi_host or a Fibre Channel vHBA).', since: '0.4.1', parts: ['adapter'], target: 'required', conventionalTarget: '/dev/disk/by-path', volumeFormats: 'ignored' },
  { type: 'mpath', summary: 'The multipath devices of the host; volumes are the device-mapper maps.', since: '0.7.1', parts: [], target: 'required', conventionalTarget: '/dev/mapper', volumeFormats: 'ignored' },
  { type: 'rbd', summary: 'A Ceph RADOS block device pool; volumes are RBD images.', since: '0.9.13', parts: ['host', 'network', 'name'], target: 'none', volumeFormats: 'file' },
  { type: 'sheepdog', summary: 'A Sheepdog cluster.', since: '0.10.0', removed: '8.8.0', parts: ['host', 'network', 'name'], target: 'none', volumeFormats: 'ignored' },
  { type: 'gluster', summary: 'A GlusterFS volume reached by QEMU through libgfapi; volumes are files in it.', since: '1.2.0', parts: ['host', 'network', 'name', 'dir'], target: 'none', volumeFormats: 'file' },
  { type: 'zfs', summary: 'A ZFS pool; volumes are ZFS volumes (zvols).', since: '1.2.8', parts: ['name', 'device'], target: 'derived', volumeFormats: 'ignored' },
  { type: 'vstorage', summary: 'A Virtuozzo Storage cluster mounted at the target path; volumes are image files in it.', since: '3.1.0', parts: ['name'], target: 'required', volumeFormats: 'file' },
];

export function poolType(type: string | undefined): PoolType | undefined {
  return type === undefined ? undefined : POOL_TYPES.find((p) => p.type === type);
}

/**
 * The source parts libvirt refuses a pool without, with its message: the host for types that
 * flag it, the directory for types that flag it, the device when it is the type's only flag
 * (fs, disk), the RBD pool name, the iscsi-direct initiator IQN and the scsi adapter.
 * (`virStoragePoolDefParseXML`, `virStoragePoolDefParseSource`, `virStorageAdapterValidate`)
 */
export interface RequiredPart {
  part: SourcePart;
  /** libvirt's message when the part is missing. */
  message: string;
  /** The element that holds it (under `<source>`), and its attribute when that is what counts. */
  element: string;
  attr?: string;
}

export function requiredSourceParts(p: PoolType): RequiredPart[] {
  const out: RequiredPart[] = [];
  if (p.parts.includes('host')) out.push({ part: 'host', message: 'missing storage pool source host name', element: 'host' });
  if (p.parts.includes('dir') && p.type !== 'gluster') out.push({ part: 'dir', message: 'missing storage pool source path', element: 'dir', attr: 'path' });
  if (p.parts.length === 1 && p.parts[0] === 'device') out.push({ part: 'device', message: 'missing storage pool source device name', element: 'device' });
  if (p.type === 'rbd') out.push({ part: 'name', message: "element 'name' is mandatory for RBD pool", element: 'name' });
  if (p.type === 'iscsi-direct') out.push({ part: 'initiator', message: 'missing initiator IQN', element: 'initiator' });
  if (p.parts.includes('adapter')) out.push({ part: 'adapter', message: 'missing storage pool source adapter', element: 'adapter' });
  return out;
}

/** Whether the pool's source name stands in for a missing pool `<name>` (types with the name flag). */
export function sourceNameNamesPool(p: PoolType): boolean {
  return p.parts.includes('name');
}

/** Image file formats (`virStorageFileFormat` without `none`), as dir, fs, netfs, gluster, rbd and vstorage pools read them. */
export const FILE_VOLUME_FORMATS: readonly string[] = ['raw', 'dir', 'bochs', 'cloop', 'dmg', 'iso', 'vpc', 'vdi', 'fat', 'vhd', 'ploop', 'cow', 'qcow', 'qcow2', 'qed', 'vmdk'];

/** Partition types of disk pools (`virStorageVolFormatDisk`). */
export const PARTITION_VOLUME_FORMATS: readonly string[] = ['none', 'linux', 'fat16', 'fat32', 'linux-swap', 'linux-lvm', 'linux-raid', 'extended'];

/** The volume formats a pool type reads, or undefined when it ignores `<format>`. */
export function volumeFormatsOf(p: PoolType): readonly string[] | undefined {
  if (p.volumeFormats === 'file') return FILE_VOLUME_FORMATS;
  if (p.volumeFormats === 'partition') return PARTITION_VOLUME_FORMATS;
  return undefined;
}

/** The pool types that read a volume format and accept this value. */
export function poolTypesHolding(format: string): PoolType[] {
  return POOL_TYPES.filter((p) => volumeFormatsOf(p)?.includes(format));
}

/** The pool types that read volume formats at all (and refuse values they do not know). */
export const FORMAT_READING_POOLS: readonly PoolType[] = POOL_TYPES.filter((p) => p.volumeFormats !== 'ignored');

/**
 * Why libvirt refuses a volume format, or undefined when it accepts it. Without the pool type
 * (a volume file alone), a value is refused only when no pool type that reads formats knows it;
 * with it, when that type reads formats and does not know it ("unknown volume format type %s").
 */
export function volumeFormatProblem(format: string, pool?: PoolType): string | undefined {
  if (pool) {
    const known = volumeFormatsOf(pool);
    return known && !known.includes(format) ? `unknown volume format type ${format}: ${pool.type} pools hold ${known.join(', ')}` : undefined;
  }
  if (poolTypesHolding(format).length > 0) return undefined;
  return `unknown volume format type ${format}: no pool type that reads volume formats knows it (image files: ${FILE_VOLUME_FORMATS.join(', ')}; disk partitions: ${PARTITION_VOLUME_FORMATS.join(', ')})`;
}

/** Why libvirt refuses a pool source format, or undefined ("unknown pool format type %s"). */
export function sourceFormatProblem(format: string, pool: PoolType): string | undefined {
  const known = pool.sourceFormats;
  if (!known || known.includes(format)) return undefined;
  return `unknown pool format type ${format}: the <source><format type> of ${pool.type} pools is one of ${known.join(', ')}`;
}
