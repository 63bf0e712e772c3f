import { valueTable, yesNo, type FactTable, type FoundElement } from '../../factTypes';
import { lookupFact, PERMISSION_FACTS, PERMISSIONS, POOL_TYPE_VALUES, SECRET_REF, sizeFact } from '../storage/facts';
import { POOL_TYPES } from '../storage/poolTypes';

/** Every source format value with the pool types that take it (completion narrows to the pool's type). */
const SOURCE_FORMAT_SUMMARY: Record<string, string> = {
  auto: 'Detect the file system (fs, netfs).',
  ext2: 'ext2 file system.',
  ext3: 'ext3 file system.',
  ext4: 'ext4 file system.',
  ufs: 'UFS file system.',
  iso9660: 'ISO 9660 (CD) file system.',
  udf: 'UDF file system.',
  gfs: 'GFS cluster file system.',
  gfs2: 'GFS2 cluster file system.',
  vfat: 'FAT file system.',
  'hfs+': 'HFS+ file system.',
  xfs: 'XFS file system.',
  ocfs2: 'OCFS2 cluster file system.',
  vmfs: 'VMware VMFS.',
  nfs: 'NFS export (netfs).',
  glusterfs: 'GlusterFS volume mounted with the FUSE client (netfs).',
  cifs: 'CIFS/SMB share (netfs).',
  unknown: 'Whatever is found (disk: any partition table; logical: the default).',
  dos: 'DOS/MBR partition table (disk).',
  dvh: 'SGI volume header (disk).',
  gpt: 'GUID partition table (disk).',
  mac: 'Apple partition map (disk).',
  bsd: 'BSD disk label (disk).',
  pc98: 'PC-98 partition table (disk).',
  sun: 'Sun disk label (disk).',
  lvm2: 'LVM2 metadata (logical; disk: an LVM physical volume).',
};

export function sourceFormatValues(types: readonly string[]) {
  return types.map((value) => ({
    value,
    summary: `${SOURCE_FORMAT_SUMMARY[value] ?? value} Pool types: ${POOL_TYPES.filter((p) => p.sourceFormats?.includes(value))
      .map((p) => p.type)
      .join(', ')}.`,
  }));
}

const ALL_SOURCE_FORMATS = [...new Set(POOL_TYPES.flatMap((p) => p.sourceFormats ?? []))];

/** Which pool types flag a source part, for the summaries. */
const typesWith = (part: string) =>
  POOL_TYPES.filter((p) => (p.parts as readonly string[]).includes(part))
    .map((p) => p.type)
    .join(', ');

/**
 * Facts for `<pool>` documents: the project's own summaries of libvirt's formatstorage page
 * ("Storage pool XML") and storagepool.rng.
 */
export const poolFacts: FactTable = {
  pool: {
    summary: 'A libvirt storage pool: where volumes live (`virsh pool-define`, `pool-edit`).',
    children: ['name', 'uuid', 'capacity', 'allocation', 'available', 'features', 'source', 'target', 'refresh'],
    snippetAttrs: ['type'],
    docsAnchor: 'storage-pool-xml',
    attrs: { type: { summary: 'The storage backend: what the pool is made of.', values: POOL_TYPE_VALUES } },
  },
  'pool/name': { summary: 'Name of the pool, unique on the host; it may not contain "/". logical, rbd, sheepdog, gluster, zfs and vstorage pools take the source name when it is left out.', text: true, docsAnchor: 'storage-pool-general-metadata' },
  'pool/uuid': { summary: 'Globally unique id of the pool; generated when left out.', text: true },
  'pool/capacity': sizeFact('Output only: total size of the pool; ignored when a pool is defined.'),
  'pool/allocation': sizeFact('Output only: space the pool\'s volumes take; ignored when a pool is defined.'),
  'pool/available': sizeFact('Output only: free space for new volumes; ignored when a pool is defined.'),
  'pool/features': { summary: 'Optional pool features.', children: ['cow'], docsAnchor: 'features' },
  'features/cow': {
    summary: 'Copy-on-write of the images in a btrfs directory: libvirt turns it off unless told otherwise. Only dir and fs pools.',
    since: '6.6.0',
    empty: true,
    snippetAttrs: ['state'],
    attrs: { state: { summary: 'Whether the file system may copy on write.', values: yesNo('Leave copy-on-write on.', 'Turn copy-on-write off for the images.') } },
  },
  'pool/source': {
    summary: 'Where the pool\'s storage comes from; which children it needs depends on the pool type.',
    children: ['host', 'device', 'dir', 'adapter', 'name', 'format', 'auth', 'initiator', 'protocol', 'vendor', 'product'],
    docsAnchor: 'source-elements',
    details: [`Needed: netfs host and dir; fs and disk a device; iscsi host and device; iscsi-direct host, device and initiator; rbd host and name; gluster host and name; scsi an adapter.`],
  },
  'source/host': {
    summary: `A remote server (pool types ${typesWith('host')}). May be repeated (e.g. Ceph monitors).`,
    empty: true,
    snippetAttrs: ['name'],
    attrs: { name: { summary: 'Host name or IP address of the server.', format: 'a DNS name or an IP address' }, port: { summary: 'Port of the storage protocol (default: the protocol\'s).', format: 'a port number' } },
  },
  'source/device': {
    summary: 'A block device (fs, logical, disk, zfs) or, for iscsi and iscsi-direct, the target IQN. May be repeated for logical pools.',
    snippetAttrs: ['path'],
    children: ['freeExtent'],
    attrs: {
      path: { summary: 'Absolute path of the device node (prefer /dev/disk/by-id/…), or the iSCSI target\'s IQN.', format: '/dev/disk/by-id/… or iqn.YYYY-MM.domain:name' },
      part_separator: { summary: 'disk pools on a multipath device: whether partition names have a "p" before the number.', since: '1.3.1', values: yesNo('Partitions are named with a "p" (mpatha → mpathap1).', 'Partitions are named without it (mpatha1).') },
    },
  },
  'device/freeExtent': { summary: 'Output only: a free extent of the device, in bytes.', empty: true, attrs: { start: { summary: 'First byte of the extent.', format: 'bytes' }, end: { summary: 'Byte after the extent.', format: 'bytes' } } },
  'source/dir': {
    summary: 'The exported directory (netfs), a subdirectory of the gluster volume, or, for a cifs netfs pool, the share name without a leading slash.',
    empty: true,
    snippetAttrs: ['path'],
    attrs: { path: { summary: 'Path on the server (absolute, except for cifs shares).', format: 'an absolute path' } },
  },
  'source/adapter': {
    summary: 'The SCSI host adapter of a scsi pool: a scsi_host by name or PCI address, or a Fibre Channel vHBA by its WWNs.',
    snippetAttrs: ['type', 'name'],
    children: ['parentaddr'],
    attrs: {
      type: { summary: 'Kind of adapter (required for fc_host).', values: valueTable(['scsi_host', 'A SCSI host adapter of the host.'], ['fc_host', 'A Fibre Channel vHBA (NPIV), created from wwnn/wwpn when it does not exist.']) },
      name: { summary: 'scsi_host: the adapter name, e.g. scsi_host1.', format: 'scsi_hostN' },
      parent: { summary: 'fc_host: the vport-capable scsi_host to create the vHBA on.', format: 'scsi_hostN' },
      parent_wwnn: { summary: 'fc_host: the parent by its WWNN (with parent_wwpn).', format: '16 hex digits' },
      parent_wwpn: { summary: 'fc_host: the parent by its WWPN (with parent_wwnn).', format: '16 hex digits' },
      parent_fabric_wwn: { summary: 'fc_host: any parent on this fabric.', format: '16 hex digits' },
      wwnn: { summary: 'fc_host: World Wide Node Name of the vHBA.', format: '16 hex digits' },
      wwpn: { summary: 'fc_host: World Wide Port Name of the vHBA.', format: '16 hex digits' },
      managed: { summary: 'fc_host: destroy the vHBA when the pool is destroyed.', values: yesNo('libvirt destroys the vHBA with the pool.', 'The vHBA stays.') },
    },
  },
  'adapter/parentaddr': { summary: 'scsi_host by PCI address and unique_id, stable across reboots (instead of name).', since: '1.2.7', children: ['address'], attrs: { unique_id: { summary: 'The unique_id of the scsi_host at that address.', format: 'a number' } } },
  'parentaddr/address': {
    summary: 'PCI address of the SCSI host adapter.',
    empty: true,
    attrs: {
      type: { summary: 'Address type.', values: valueTable(['pci', 'A PCI address.']) },
      domain: { summary: 'PCI domain.', format: '0x0000' },
      bus: { summary: 'PCI bus.', format: '0x00–0xff' },
      slot: { summary: 'PCI slot.', format: '0x00–0x1f' },
      function: { summary: 'PCI function.', format: '0x0–0x7' },
    },
  },
  'source/name': { summary: 'The storage\'s own name: LVM volume group (logical), Ceph pool (rbd), gluster volume, ZFS pool, vstorage cluster. Defaults to the pool name.', text: true },
  'source/format': {
    summary: 'Format of the source: file system (fs, netfs), partition table (disk) or LVM metadata (logical).',
    empty: true,
    snippetAttrs: ['type'],
    children: ['vendor', 'product'],
    attrs: { type: { summary: 'The format; the values depend on the pool type.', values: sourceFormatValues(ALL_SOURCE_FORMATS) } },
  },
  'source/auth': {
    summary: 'Credentials for the source (iscsi and iscsi-direct: CHAP; rbd: Ceph), kept in a libvirt secret.',
    snippetAttrs: ['type', 'username'],
    children: ['secret'],
    attrs: {
      type: { summary: 'Authentication scheme.', values: valueTable(['chap', 'iSCSI CHAP.'], ['ceph', 'Ceph (cephx).']) },
      username: { summary: 'User name to authenticate as.', format: 'a user name' },
    },
  },
  'auth/secret': {
    summary: 'The libvirt secret holding the password or key.',
    empty: true,
    attrs: SECRET_REF,
  },
  'source/initiator': { summary: 'The iSCSI initiator name to log in with (required for iscsi-direct).', since: '4.7.0', children: ['iqn'] },
  'initiator/iqn': { summary: 'The initiator IQN.', empty: true, attrs: { name: { summary: 'The initiator\'s iSCSI qualified name.', format: 'iqn.YYYY-MM.domain:name' } } },
  'source/protocol': { summary: 'NFS protocol version for netfs pools with format nfs or auto.', since: '5.1.0', empty: true, attrs: { ver: { summary: 'NFS version (mount option nfsvers); no commas.', format: 'e.g. 3, 4, 4.1' } } },
  'source/vendor': { summary: 'Vendor of the storage device (informational).', empty: true, attrs: { name: { summary: 'Vendor name.', format: 'text' } } },
  'source/product': { summary: 'Product name of the storage device (informational).', empty: true, attrs: { name: { summary: 'Product name.', format: 'text' } } },
  'format/vendor': { summary: 'Vendor of the storage device (informational).', empty: true, attrs: { name: { summary: 'Vendor name.', format: 'text' } } },
  'format/product': { summary: 'Product name of the storage device (informational).', empty: true, attrs: { name: { summary: 'Product name.', format: 'text' } } },
  'pool/target': {
    summary: 'Where the pool appears on the host: the directory of its volumes or of its device nodes.',
    children: ['path', 'permissions'],
    docsAnchor: 'storage-pool-target-elements',
    details: ['Needed by dir, fs, netfs, disk, iscsi, scsi, mpath and vstorage pools; logical and zfs pools make the path from the source name; rbd, sheepdog, gluster and iscsi-direct pools have none.'],
  },
  'target/path': { summary: 'Absolute path of the directory where the pool\'s volumes (or device nodes) are; prefer stable /dev/disk/by-* paths for device pools.', text: true },
  'target/permissions': PERMISSIONS,
  ...PERMISSION_FACTS,
  'pool/refresh': { summary: 'How an rbd pool refreshes its volumes.', since: '5.2.0', children: ['volume'] },
  'refresh/volume': {
    summary: 'How volume allocation is computed on refresh.',
    empty: true,
    attrs: { allocation: { summary: 'Allocation of each volume.', values: valueTable(['default', 'Compute the real usage.'], ['capacity', 'Report the capacity (cheap when computing usage is slow).']) } },
  },
  'pool/fs:mount_opts': { summary: 'fs and netfs pools: extra mount options (namespace http://libvirt.org/schemas/storagepool/fs/1.0).', since: '5.1.0', children: ['fs:option'] },
  'fs:mount_opts/fs:option': { summary: 'One mount option.', empty: true, attrs: { name: { summary: 'The option as mount -o takes it.', format: 'e.g. sync, lazytime' } } },
  'pool/rbd:config_opts': { summary: 'rbd pools: Ceph configuration options (namespace http://libvirt.org/schemas/storagepool/rbd/1.0).', since: '5.1.0', children: ['rbd:option'] },
  'rbd:config_opts/rbd:option': { summary: 'One Ceph option.', empty: true, attrs: { name: { summary: 'Option name.', format: 'a Ceph option' }, value: { summary: 'Option value.', format: 'text' } } },
};

export function poolElementFact(name: string, parent: string | undefined): FoundElement | undefined {
  return lookupFact(poolFacts, name, parent);
}
