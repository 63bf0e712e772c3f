import { valueTable, type AttrFact, type ElementFact, type FactTable, type FoundElement, type ValueFact } from '../../factTypes';
import { FILE_VOLUME_FORMATS, PARTITION_VOLUME_FORMATS, POOL_TYPES, poolTypesHolding } from './poolTypes';
import { SIZE_UNITS } from './sizes';

/**
 * Facts shared by storage pools and volumes (permissions, sizes, formats), the project's own
 * summaries of libvirt's formatstorage page and of storagepool.rng, storagevol.rng and
 * storagecommon.rng.
 */

export const FORMATSTORAGE_URL = 'https://libvirt.org/formatstorage.html';

/** The `unit` attribute of a size element. */
export const SIZE_UNIT: AttrFact = {
  summary: 'Unit of the number: bytes, binary (KiB/K … EiB/E, powers of 1024) or decimal (KB … EB, powers of 1000); case does not matter.',
  default: 'bytes',
  values: SIZE_UNITS.map((u) => ({ value: u.unit, summary: u.summary })),
};

/** A size element (`<capacity unit='G'>10</capacity>`). */
export function sizeFact(summary: string, more: Partial<ElementFact> = {}): ElementFact {
  return { summary, text: true, snippetAttrs: ['unit'], attrs: { unit: SIZE_UNIT }, ...more };
}

/** `<permissions>` and its children, under a pool's or a volume's `<target>` and a `<backingStore>`. */
export const PERMISSION_FACTS: FactTable = {
  'permissions/mode': { summary: 'Octal permission bits of the directory or file libvirt creates (at most 0777).', text: true, details: ['libvirt refuses anything that is not an octal number up to 0777 ("malformed octal mode").'] },
  'permissions/owner': { summary: 'Numeric user id of the owner (-1: leave it to libvirt).', text: true, details: ['A number, not a user name ("malformed owner element").'] },
  'permissions/group': { summary: 'Numeric group id (-1: leave it to libvirt).', text: true, details: ['A number, not a group name ("malformed group element").'] },
  'permissions/label': { summary: 'The security (e.g. SELinux) label to give it.', text: true },
};

export const PERMISSIONS: ElementFact = {
  summary: 'Owner, group, mode and security label of what libvirt creates (only for directory- or file-based storage).',
  children: ['mode', 'owner', 'group', 'label'],
  docsAnchor: 'storage-pool-target-elements',
};

/** What the volume file formats mean. */
const FILE_FORMAT_SUMMARY: Record<string, string> = {
  raw: 'Raw image: the bytes of the disk, nothing else.',
  dir: 'A directory (gluster and dir volumes that are directories).',
  bochs: 'Bochs image (read only).',
  cloop: 'Compressed loopback image (read only).',
  dmg: 'Apple disk image (read only).',
  iso: 'ISO 9660 CD image.',
  vpc: 'VirtualPC / Hyper-V VHD image.',
  vdi: 'VirtualBox image.',
  fat: 'A directory shown as a FAT file system.',
  vhd: 'VHD image.',
  ploop: 'Virtuozzo ploop image.',
  cow: 'User-mode Linux COW image.',
  qcow: 'QEMU copy-on-write image, version 1.',
  qcow2: 'QEMU copy-on-write image, version 2/3: snapshots, backing files, thin allocation.',
  qed: 'QEMU enhanced disk image.',
  vmdk: 'VMware image.',
};

const PARTITION_FORMAT_SUMMARY: Record<string, string> = {
  none: 'No partition type (disk pools).',
  linux: 'A Linux data partition (disk pools).',
  fat16: 'A FAT16 partition (disk pools).',
  fat32: 'A FAT32 partition (disk pools).',
  'linux-swap': 'A Linux swap partition (disk pools).',
  'linux-lvm': 'An LVM physical volume partition (disk pools).',
  'linux-raid': 'A Linux software RAID partition (disk pools).',
  extended: 'An extended partition holding logical partitions (disk pools).',
};

/** Volume format values for hover and completion, each with the pool types that hold it. */
export const VOLUME_FORMAT_VALUES: ValueFact[] = [...FILE_VOLUME_FORMATS, ...PARTITION_VOLUME_FORMATS].map((value) => ({
  value,
  summary: `${FILE_FORMAT_SUMMARY[value] ?? PARTITION_FORMAT_SUMMARY[value]} Pools: ${poolTypesHolding(value).map((p) => p.type).join(', ')}.`,
}));

export const POOL_TYPE_VALUES: ValueFact[] = POOL_TYPES.map((p) => ({
  value: p.type,
  summary: p.summary,
  since: p.since,
  ...(p.removed ? { caution: `Removed in libvirt ${p.removed}: the XML still parses, but no driver runs such a pool.` } : {}),
}));

/** A reference to a libvirt secret, by UUID or by usage name (pool auth, volume encryption). */
export const SECRET_REF: Record<string, AttrFact> = {
  uuid: { summary: 'UUID of the libvirt secret.', format: 'a UUID' },
  usage: { summary: 'Usage name of the libvirt secret (instead of uuid).', format: 'the usage id of the secret' },
};

/** Encryption of a volume (formatstorageencryption). */
export const ENCRYPTION_FACTS: FactTable = {
  'target/encryption': {
    summary: 'How the volume is encrypted: libvirt creates it encrypted with the key of a libvirt secret.',
    children: ['secret', 'cipher', 'ivgen'],
    snippetAttrs: ['format'],
    attrs: {
      format: {
        summary: 'Encryption format.',
        values: valueTable(
          ['luks', 'LUKS (version 1), the usual choice for new volumes.'],
          ['luks2', 'LUKS version 2: only with the librbd engine, which the storage driver does not use.'],
          ['luks-any', 'LUKS or LUKS2, whichever is on disk: only with the librbd engine.', { since: '9.3.0' }],
          ['qcow', 'Legacy qcow built-in AES encryption.', { caution: 'libvirt no longer creates volumes with it (since 4.5.0); use luks.' }],
          ['default', 'The format\'s default encryption.', { caution: 'libvirt no longer creates volumes with it (since 4.5.0); use luks.' }],
        ),
      },
      engine: { summary: 'Which layer decrypts.', values: valueTable(['qemu', 'QEMU decrypts (the default).'], ['librbd', 'Ceph\'s librbd decrypts (RBD disks); the storage driver ignores it.']) },
    },
  },
  'encryption/secret': {
    summary: 'The libvirt secret that holds the passphrase.',
    empty: true,
    snippetAttrs: ['type', 'uuid'],
    attrs: {
      type: { summary: 'Kind of secret.', values: valueTable(['passphrase', 'The passphrase of the volume.']) },
      ...SECRET_REF,
    },
  },
  'encryption/cipher': {
    summary: 'The LUKS cipher to create the volume with (default: aes-256 xts with sha256).',
    empty: true,
    attrs: {
      name: { summary: 'Cipher algorithm.', format: 'e.g. aes, serpent, twofish' },
      size: { summary: 'Key size in bits.', format: 'e.g. 256' },
      mode: { summary: 'Cipher mode.', format: 'e.g. xts, cbc' },
      hash: { summary: 'Hash for the key derivation.', format: 'e.g. sha256' },
    },
  },
  'encryption/ivgen': {
    summary: 'The LUKS initialization-vector generator.',
    empty: true,
    attrs: { name: { summary: 'Generator algorithm.', format: 'e.g. plain64, essiv' }, hash: { summary: 'Hash for the generator.', format: 'e.g. sha256' } },
  },
};

/** Looks an element up by `parent/name`, then by `name`. */
export function lookupFact(table: FactTable, name: string, parent: string | undefined): FoundElement | undefined {
  if (parent) {
    const key = `${parent}/${name}`;
    if (table[key]) return { key, fact: table[key] };
  }
  return table[name] ? { key: name, fact: table[name] } : undefined;
}
