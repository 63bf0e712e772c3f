import { isDirectCache } from '../model/cache';
import { PCI_ADDRESS_ATTRS } from './address';
import { onOff, valuesOf, valueTable, yesNo, type CacheSafety, type FactTable, type OnlyFor } from '../../../factTypes';

// A mode is safe for both or for neither: what matters is whether the host page cache holds
// the disk's blocks, which the model's cache-mode table says (model/cache.ts).
const safety = (mode: string): CacheSafety => ({ sharedDisk: isDirectCache(mode), migration: isDirectCache(mode) });

/** Cache modes with their safety for shared disks and live migration. */
export const CACHE_MODES = valueTable(
  ['none', 'Bypasses the host page cache (O_DIRECT); the guest sees a volatile write cache that it flushes itself. The recommended mode for shared disks, LUN pass-through and live migration.', { safety: safety('none') }],
  ['directsync', 'Bypasses the host page cache and completes a write only once it is on stable storage; safe everywhere, slower for writes.', { since: '0.9.5', safety: safety('directsync') }],
  ['writethrough', 'Reads and writes go through the host page cache, but a write completes only once it reached stable storage; slow writes, and the host may serve stale cached blocks of a shared disk.', { safety: safety('writethrough') }],
  ['writeback', 'Writes complete as soon as they are in host memory; safe only when the guest flushes its disk cache correctly. QEMU uses this mode when none is given.', { caution: 'Keeps blocks in the host page cache: not for shared disks, and libvirt refuses live migration with it.', safety: safety('writeback') }],
  ['default', 'Leaves the choice to the hypervisor; for QEMU that is writeback.', { caution: 'Means writeback with QEMU: not for shared disks or live migration.', safety: safety('default') }],
  ['unsafe', 'Like writeback, but the guest\'s flush requests are ignored: a host crash or power loss can destroy the image. Only for throw-away installs.', { since: '0.9.7', caution: 'Guest flushes are ignored: a host crash can leave the image unusable.', safety: safety('unsafe') }],
);

export const ERROR_POLICIES = valueTable(
  ['stop', 'Pauses the guest on an I/O error, so an administrator can fix the storage and resume it.'],
  ['report', 'Passes the error to the guest, which handles it like a failing disk.', { since: '0.9.7' }],
  ['ignore', 'Carries on as if nothing happened.', { caution: 'The guest never learns that a write was lost.' }],
  ['enospace', 'Pauses the guest only when the host storage is out of space; other errors are reported.'],
);

const DISK_BUSES = valueTable(
  ['virtio', 'virtio-blk: one PCI(e) device per disk; the fastest path, but no SCSI command set.'],
  ['scsi', 'A disk on a SCSI controller; write `<controller type=\'scsi\' model=\'virtio-scsi\'/>` for virtio-scsi. Many LUNs per controller, the full SCSI command set, and needed for `device=\'lun\'` pass-through.'],
  ['sata', 'AHCI; the usual bus for CD-ROMs on q35 and understood by guests without extra drivers.', { since: '0.9.7' }],
  ['ide', 'Legacy PIIX IDE.', { caution: 'Not available on q35 and several non-x86 machine types.' }],
  ['usb', 'A USB mass-storage device.', { since: '0.4.4' }],
  ['sd', 'An SD card (special-purpose machines).', { since: '1.1.2' }],
  ['xen', 'The Xen paravirtual block device.'],
  ['fdc', 'The floppy controller; only for `device=\'floppy\'`.'],
);

const SNAPSHOT_MODES = valueTable(
  ['internal', 'Snapshots live inside the image (needs a format such as qcow2).'],
  ['external', 'Snapshots are kept in a separate overlay file.'],
  ['no', 'The disk takes no part in snapshots (the default for read-only disks).'],
  ['manual', 'Snapshots of this disk are handled outside libvirt.'],
);

/** Source attributes that apply to some `<disk type>`s only (libvirt's default type is file). */
const diskType = (...values: string[]): OnlyFor => ({ element: 'disk', attr: 'type', values, fallback: 'file' });

const IOTUNE_LIMIT = (what: string, since = '0.9.8') => ({ summary: what, since, text: true as const });

/** Facts for `<disk>` and every element below it. */
export const diskFacts: FactTable = {
  disk: {
    summary: 'Anything the guest sees as a drive: a hard disk, a CD/DVD drive, a floppy, or a SCSI LUN passed through.',
    since: '0.0.3',
    docsAnchor: 'hard-drives-floppy-disks-cdroms',
    children: ['driver', 'source', 'backingStore', 'target', 'iotune', 'blockio', 'geometry', 'boot', 'readonly', 'shareable', 'transient', 'serial', 'wwn', 'vendor', 'product', 'encryption', 'auth', 'alias', 'address'],
    snippetAttrs: ['type', 'device'],
    attrs: {
      type: {
        summary: 'Where the data comes from on the host.',
        default: 'file',
        values: valueTable(
          ['file', 'An image file, named by `<source file>`.'],
          ['block', 'A host block device, named by `<source dev>`.'],
          ['dir', 'A host directory shown to the guest as a disk with an emulated FAT file system; usually read-only.', { since: '0.7.5', caution: 'The guest may cache metadata, so changes made on the host can stay invisible or corrupt what the guest sees.' }],
          ['network', 'A remote image reached with `<source protocol>` (iSCSI, RBD, NBD, …).', { since: '0.8.7' }],
          ['volume', 'A volume of a libvirt storage pool (`<source pool volume>`).', { since: '1.0.5' }],
          ['nvme', 'A host NVMe namespace driven by QEMU\'s own userspace driver; unlike `<hostdev>` it keeps migration and snapshots.', { since: '6.0.0' }],
          ['vhostuser', 'An external vhost-user-blk server reached over a UNIX socket; needs shared memory, and most disk tuning, block jobs and snapshots are unavailable.', { since: '7.1.0' }],
          ['vhostvdpa', 'A vDPA block device (`<source dev=\'/dev/vhost-vdpa-N\'>`); needs shared memory, and cache must be none or directsync.', { since: '9.8.0' }],
        ),
      },
      device: {
        summary: 'How the guest sees the drive.',
        default: 'disk',
        values: valueTable(
          ['disk', 'A normal hard disk.'],
          ['cdrom', 'A CD/DVD drive; read-only, and may be empty (no `<source>`).'],
          ['floppy', 'A floppy drive; its target must be `fdX` on the `fdc` bus.'],
          ['lun', 'Like `disk`, but the guest\'s SCSI commands go to the real device. Only for `type=\'block\'`, iSCSI network disks or iSCSI/NPIV pool volumes, on bus scsi or virtio, raw format. Partitions and LVM volumes refuse SCSI pass-through, so there it acts like `disk`.', { since: '0.9.10' }],
        ),
      },
      model: {
        summary: 'Which virtio flavour the disk is (bus virtio only).',
        since: '5.2.0',
        values: valueTable(
          ['virtio-non-transitional', 'Modern (virtio 1.0) guest drivers only; can sit in a PCIe slot. The recommended choice unless very old guests matter.'],
          ['virtio-transitional', 'Works with legacy (0.9) and modern guest drivers; placed in a conventional PCI slot.'],
          ['virtio', 'Acts like one of the two others depending on the machine type; only for compatibility with libvirt before 5.2.0.'],
        ),
      },
      rawio: {
        summary: 'Gives the QEMU process the raw-I/O capability (only with `device=\'lun\'`).',
        since: '0.9.10',
        default: 'no',
        values: yesNo('Grant the capability.', 'Do not grant it.'),
        details: ['QEMU holds capabilities per process, so one disk with `rawio=\'yes\'` gives raw I/O to every disk of the domain; prefer `sgio`.'],
      },
      sgio: {
        summary: 'Whether unprivileged SG_IO commands from the guest are filtered (only with `device=\'lun\'`).',
        since: '1.0.2',
        default: 'filtered',
        values: valueTable(
          ['filtered', 'Filter unprivileged SG_IO commands (the default).'],
          ['unfiltered', 'Let all SG_IO commands through.', { caution: 'Current libvirt rejects it as no longer supported.' }],
        ),
      },
      snapshot: { summary: 'Default snapshot behaviour of this disk.', since: '0.9.5', values: SNAPSHOT_MODES },
    },
  },

  'disk/driver': {
    summary: 'Hypervisor-side details of the disk: image format, host cache mode, I/O submission, error handling and virtio options.',
    since: '0.1.8',
    empty: true,
    snippetAttrs: ['name', 'type', 'cache', 'io', 'discard'],
    children: ['metadata_cache'],
    attrs: {
      name: { summary: 'Backend driver; for QEMU/KVM always `qemu`.', values: valueTable(['qemu', 'The QEMU block layer (QEMU/KVM domains).'], ['tap', 'Xen blktap.'], ['tap2', 'Xen blktap2.'], ['phy', 'Xen physical device.'], ['file', 'Xen file backend.']) },
      type: {
        summary: 'Image format of the source. Always write it: guessing the format of an image is a security risk and libvirt does not probe by default.',
        details: ['`raw` is the only format libvirt allows for a writable `<shareable/>` disk.'],
        values: valueTable(
          ['raw', 'Plain bytes; the only format for writable shared disks and `device=\'lun\'`.'],
          ['qcow2', 'QEMU copy-on-write image: thin allocation, backing files, internal snapshots.'],
          ['qed', 'QEMU enhanced disk (legacy).'],
          ['vmdk', 'VMware image.'],
          ['vpc', 'Virtual PC / VHD image.'],
          ['vhdx', 'Hyper-V VHDX image.'],
          ['luks', 'LUKS-encrypted raw image.'],
          ['bochs', 'Bochs image.'],
          ['cloop', 'Compressed loop image (read-only).'],
          ['dmg', 'macOS disk image (read-only).'],
          ['iso', 'ISO 9660 image.'],
          ['qcow', 'QEMU\'s old qcow version 1.'],
          ['cow', 'User-mode Linux copy-on-write image; QEMU cannot open it.', { caution: 'libvirt refuses it for QEMU disks.' }],
          ['vdi', 'VirtualBox image.'],
          ['parallels', 'Parallels image.'],
          ['fat', 'An emulated FAT file system over a host directory (`<disk type=\'dir\'>`).'],
        ),
      },
      cache: {
        summary: 'How the host caches this disk\'s data.',
        since: '0.6.0',
        default: 'the hypervisor\'s choice (writeback for QEMU)',
        values: CACHE_MODES,
      },
      io: {
        summary: 'How QEMU submits I/O to the host.',
        since: '0.8.8',
        default: 'threads',
        values: valueTable(
          ['threads', 'A pool of worker threads (QEMU\'s default).'],
          ['native', 'Linux native AIO; libvirt requires cache none or directsync with it.'],
          ['io_uring', 'Linux io_uring (needs QEMU 5.0).', { since: '6.3.0' }],
        ),
      },
      error_policy: { summary: 'What happens when a write (and, without `rerror_policy`, a read) fails.', since: '0.8.0', default: 'the hypervisor\'s choice (QEMU: enospace for writes)', values: ERROR_POLICIES },
      rerror_policy: {
        summary: 'What happens when a read fails; overrides `error_policy` for reads.',
        since: '0.9.7',
        values: [...ERROR_POLICIES.filter((v) => v.value !== 'enospace'), { value: 'enospace', summary: 'Not meaningful for reads.', caution: 'Not valid for read errors.' }],
      },
      ioeventfd: { summary: 'Handle virtqueue notifications in a separate thread (virtio only). Can help guests with high system CPU during I/O, can add latency on a busy host; leave it unless sure.', since: '0.9.3', values: onOff('Use a separate thread.', 'Handle notifications in the vCPU thread.') },
      event_idx: { summary: 'Reduce interrupts and exits (virtio only); QEMU turns it on when supported. Leave it unless sure.', since: '0.9.5', values: onOff('Fewer interrupts and exits.', 'Classic notification.') },
      copy_on_read: { summary: 'Copy sectors read from the backing file into the top image; useful over slow networks. Not with read-only disks, cdrom, floppy or lun.', since: '0.9.10', default: 'off', values: onOff('Populate the top image on reads.', 'Read through to the backing file.') },
      discard: {
        summary: 'Whether guest TRIM/UNMAP requests reach the image or the storage.',
        since: '1.0.6',
        default: 'ignore',
        values: valueTable(
          ['unmap', 'Pass discards down, so thin images and arrays get space back.'],
          ['ignore', 'Drop discard requests.'],
        ),
      },
      detect_zeroes: {
        summary: 'Detect writes of all-zero blocks and turn them into efficient zero writes; costs CPU.',
        since: '2.0.0',
        default: 'off',
        values: valueTable(
          ['off', 'No detection.'],
          ['on', 'Turn zero writes into zero-write requests.'],
          ['unmap', 'Also discard the zeroed range, which happens only with `discard=\'unmap\'`; otherwise it acts like `on`.'],
        ),
      },
      iothread: { summary: 'The IOThread (1 to `<iothreads>`) that serves this disk; virtio disks with a PCI or CCW address only. Several disks may share one.', since: '1.2.8', format: 'an IOThread id' },
      queues: { summary: 'Number of virtqueues of a virtio-blk (or vhost-user-blk) disk; matching the vCPU count is usual.', since: '3.9.0', format: 'a positive number' },
      queue_size: { summary: 'Size of each virtqueue (virtio-blk / vhost-user-blk).', since: '7.8.0', format: 'a power of two' },
      iommu: { summary: 'Make the virtio device use the emulated IOMMU (virtio only).', since: '3.5.0', values: onOff('Use the IOMMU.', 'Bypass it.') },
      ats: { summary: 'PCIe Address Translation Service, for the device IOTLB (virtio only).', since: '3.5.0', values: onOff('Enable ATS.', 'Disable ATS.') },
      packed: { summary: 'Use packed virtqueues when guest and backend negotiate them (virtio only).', since: '6.3.0', values: onOff('Offer packed virtqueues.', 'Split virtqueues only.') },
      page_per_vq: { summary: 'One notification page per virtqueue, useful with vDPA (virtio only). Leave it unless sure.', since: '7.9.0', values: onOff('One page per queue.', 'Shared notification page.') },
      discard_no_unref: { summary: 'qcow2 only: on a guest discard, zero the cluster but keep it allocated (less fragmentation) while still passing the discard down. Not for read-only disks.', since: '9.5.0', values: onOff('Keep discarded clusters allocated.', 'Free discarded clusters.') },
    },
  },
  'driver/metadata_cache': { summary: 'Limits of QEMU\'s qcow2 metadata cache for the top image (backing images set their own in `backingStore/format`).', since: '7.0.0', children: ['max_size'] },
  'metadata_cache/max_size': { summary: 'Upper bound of the qcow2 metadata cache.', since: '7.0.0', text: true, attrs: { unit: { summary: 'Unit of the size.', values: valuesOf(['bytes', 'KiB', 'MiB', 'GiB']) } } },

  'disk/source': {
    summary: 'Where the disk\'s data lives; which attributes apply depends on `<disk type>`.',
    since: '0.0.3',
    children: ['host', 'auth', 'encryption', 'reservations', 'initiator', 'snapshot', 'config', 'slices', 'ssl', 'cookies', 'readahead', 'timeout', 'identity', 'reconnect', 'knownHosts', 'address', 'seclabel'],
    attrs: {
      file: { summary: 'Absolute path of the image file.', since: '0.0.3', format: 'an absolute path', onlyFor: diskType('file') },
      fdgroup: { summary: 'Reach the file through file descriptors passed with virDomainFDAssociate() instead of opening the path.', since: '9.0.0', format: 'a group name', onlyFor: diskType('file') },
      dev: { summary: 'Absolute path of the host block device (or the vDPA device). For shared storage prefer stable names: /dev/disk/by-id/…, multipath or DMP nodes.', since: '0.0.3', format: 'an absolute path', onlyFor: diskType('block', 'vhostvdpa') },
      dir: { summary: 'Absolute path of the host directory.', since: '0.7.5', format: 'an absolute path', onlyFor: diskType('dir') },
      protocol: {
        summary: 'Network protocol of the remote image.',
        since: '0.8.7',
        onlyFor: diskType('network'),
        values: valuesOf(['nbd', 'iscsi', 'rbd', 'sheepdog', 'gluster', 'vxhs', 'nfs', 'http', 'https', 'ftp', 'ftps', 'tftp', 'ssh'], (p) => `The ${p} protocol.`),
      },
      name: { summary: 'Image or volume name on the server; required for every protocol but nbd. For iSCSI it may end in /LUN (default LUN 0).', format: 'a name', onlyFor: diskType('network') },
      tls: { summary: 'Use the host\'s TLS setup for this connection (nbd, vxhs).', since: '4.5.0', values: yesNo('Use TLS.', 'Plain connection.'), onlyFor: diskType('network') },
      tlsHostname: { summary: 'Name checked in the NBD server\'s certificate instead of the host name.', since: '8.2.0', format: 'a host name', onlyFor: diskType('network') },
      query: { summary: 'Query string of an http/https URL.', since: '6.2.0', format: 'a query string', onlyFor: diskType('network') },
      pool: { summary: 'Name of the libvirt storage pool.', since: '1.0.5', format: 'a pool name', onlyFor: diskType('volume') },
      volume: { summary: 'Name of the volume in the pool, as `virsh vol-list` shows it.', since: '1.0.5', format: 'a volume name', onlyFor: diskType('volume') },
      mode: {
        summary: 'How an iSCSI pool volume is reached.',
        since: '1.1.1',
        onlyFor: diskType('volume'),
        values: valueTable(
          ['host', 'Use the LUN\'s path on the host (the default).'],
          ['direct', 'QEMU connects to the target itself with libiscsi.'],
        ),
      },
      type: { summary: 'Address type of an NVMe controller (only `pci`), or `unix` for a vhost-user socket.', onlyFor: diskType('nvme', 'vhostuser'), values: valueTable(['pci', 'A PCI NVMe controller.'], ['unix', 'A UNIX socket (vhostuser).']) },
      managed: { summary: 'Whether libvirt detaches the NVMe controller from the host automatically.', values: yesNo('libvirt detaches and reattaches it.', 'The administrator does.'), onlyFor: diskType('nvme') },
      namespace: { summary: 'NVMe namespace id (starting at 1).', format: 'a number from 1', onlyFor: diskType('nvme') },
      path: { summary: 'Socket path of the vhost-user server.', format: 'an absolute path', onlyFor: diskType('vhostuser') },
      startupPolicy: {
        summary: 'What happens when the source is missing (local file or volume only; cdrom/floppy since 0.9.7, disks since 1.1.2).',
        since: '0.9.7',
        default: 'mandatory',
        values: valueTable(
          ['mandatory', 'Fail when the source is missing.'],
          ['requisite', 'Fail on boot; drop the disk on migrate, restore or revert. cdrom and floppy only.'],
          ['optional', 'Drop the disk whenever the source is missing.', { caution: 'The guest may start without the disk.' }],
        ),
      },
      index: { summary: 'Output only: position of this image in the backing chain.', format: 'set by libvirt' },
    },
  },
  'source/host': {
    summary: 'A server of a network disk. Number of hosts and default port depend on the protocol (nbd 10809, iscsi 3260, gluster 24007, …).',
    empty: true,
    attrs: {
      name: { summary: 'Host name or address of the server.', format: 'a host name' },
      port: { summary: 'TCP port; the protocol\'s default when omitted (nfs takes none).', format: 'a port number' },
      transport: { summary: 'Transport to the server.', default: 'tcp', values: valueTable(['tcp', 'TCP.'], ['rdma', 'RDMA (gluster).'], ['unix', 'A UNIX socket (gluster, nbd); give `socket`.']) },
      socket: { summary: 'Socket path when `transport=\'unix\'`.', format: 'an absolute path' },
    },
  },
  'source/snapshot': { summary: 'rbd only: an internal snapshot used as the source.', since: '1.2.11', empty: true, attrs: { name: { summary: 'Snapshot name.', format: 'a name' } } },
  'source/config': { summary: 'rbd only: the Ceph configuration file to use.', since: '1.2.11', empty: true, attrs: { file: { summary: 'Path of the Ceph configuration file.', format: 'an absolute path' } } },
  auth: { summary: 'Credentials for rbd, iSCSI or ssh; the secret value lives in a libvirt secret object. Inside `<source>` since 3.9.0 (as a `<disk>` child since 0.9.7; not both).', since: '0.9.7', children: ['secret'], attrs: { username: { summary: 'User name to authenticate as.', format: 'a user name' } } },
  'auth/secret': {
    summary: 'The libvirt secret holding the password or key.',
    empty: true,
    attrs: {
      type: { summary: 'Kind of secret.', values: valueTable(['ceph', 'A Ceph key (rbd).'], ['iscsi', 'An iSCSI CHAP secret.']) },
      uuid: { summary: 'UUID of the secret object.', format: 'a UUID' },
      usage: { summary: 'Usage name of the secret object (instead of uuid).', format: 'a usage name' },
    },
  },
  encryption: {
    summary: 'The source is encrypted; the key comes from a libvirt secret. Inside `<source>` since 3.9.0. The old qcow encryption is unsupported since 4.5.0.',
    children: ['secret', 'cipher', 'ivgen'],
    attrs: {
      engine: { summary: 'Which component decrypts the data.', values: valueTable(['qemu', 'QEMU\'s own LUKS support.'], ['librbd', 'Ceph\'s librbd (rbd disks only).']) },
      format: { summary: 'Encryption format.', values: valueTable(['luks', 'LUKS encryption (qcow2 or raw).'], ['luks2', 'LUKS version 2 (librbd engine).'], ['luks-any', 'LUKS version 1 or 2, whichever the image has (librbd engine).'], ['qcow', 'Legacy qcow encryption.', { caution: 'Broken and unsupported since libvirt 4.5.0.' }]) },
    },
  },
  'encryption/cipher': { summary: 'LUKS cipher used when libvirt creates the encrypted volume.', empty: true, attrs: { name: { summary: 'Cipher, e.g. aes.', format: 'a cipher name' }, size: { summary: 'Key size in bits.', format: 'bits, e.g. 256' }, mode: { summary: 'Cipher mode, e.g. xts.', format: 'a mode' }, hash: { summary: 'Hash used with the mode.', format: 'a hash name' } } },
  'encryption/ivgen': { summary: 'LUKS initialization vector generator used when libvirt creates the volume.', empty: true, attrs: { name: { summary: 'Generator, e.g. plain64.', format: 'a name' }, hash: { summary: 'Hash of the generator.', format: 'a hash name' } } },
  'encryption/secret': { summary: 'The secret with the passphrase.', empty: true, attrs: { type: { summary: 'Always `passphrase`.', values: valueTable(['passphrase', 'A passphrase secret.']) }, uuid: { summary: 'UUID of the secret object.', format: 'a UUID' }, usage: { summary: 'Usage name of the secret object.', format: 'a usage name' } } },
  reservations: {
    summary: 'SCSI persistent reservations for the LUN (QEMU); relevant for cluster fencing. Only with `device=\'lun\'`.',
    since: '4.4.0',
    children: ['source'],
    attrs: { managed: { summary: 'Whether libvirt runs the reservation helper itself.', values: yesNo('libvirt starts and manages the helper.', 'Give the helper\'s socket in a `<source type=\'unix\' path mode=\'client\'/>` child.') } },
  },
  'reservations/source': { summary: 'Socket of an unmanaged persistent-reservation helper.', empty: true, attrs: { type: { summary: 'Always `unix`.', values: valueTable(['unix', 'A UNIX socket.']) }, path: { summary: 'Socket path.', format: 'an absolute path' }, mode: { summary: 'QEMU is the client.', values: valueTable(['client', 'QEMU connects to the helper.']) } } },
  initiator: { summary: 'The iSCSI initiator to log in as.', since: '4.7.0', children: ['iqn'] },
  'initiator/iqn': { summary: 'IQN of the initiator.', empty: true, attrs: { name: { summary: 'The initiator IQN.', format: 'an iqn.… name' } } },
  slices: { summary: 'Where the image format sits inside the source, in bytes. Not for lun.', since: '6.1.0', children: ['slice'] },
  'slices/slice': { summary: 'One slice of the source.', empty: true, attrs: { type: { summary: 'Only `storage`.', values: valueTable(['storage', 'The storage slice.']) }, offset: { summary: 'Start of the slice in bytes.', format: 'bytes' }, size: { summary: 'Length of the slice in bytes.', format: 'bytes' } } },
  ssl: { summary: 'https/ftps: whether the server certificate is verified.', since: '6.2.0', empty: true, attrs: { verify: { summary: 'Verify the certificate.', values: yesNo('Verify.', 'Do not verify.') } } },
  cookies: { summary: 'http/https: cookies sent with every request.', since: '6.2.0', children: ['cookie'] },
  'cookies/cookie': { summary: 'One cookie; the element text is its value.', text: true, attrs: { name: { summary: 'Name of the cookie.', format: 'a cookie name' } } },
  readahead: { summary: 'http-family: read-ahead size.', since: '6.2.0', empty: true, attrs: { size: { summary: 'Bytes to read ahead.', format: 'bytes' } } },
  timeout: { summary: 'http-family: connection timeout.', since: '6.2.0', empty: true, attrs: { seconds: { summary: 'Timeout in seconds.', format: 'seconds' } } },
  identity: { summary: 'nfs: user and group to access the export as; ssh: user name and key or agent.', empty: true, attrs: { user: { summary: 'nfs user (name or +id).', format: 'a user' }, group: { summary: 'nfs group (name or +id).', format: 'a group' }, username: { summary: 'ssh user name.', format: 'a user name' }, keyfile: { summary: 'ssh private key file.', format: 'an absolute path' }, agentsock: { summary: 'ssh agent socket.', format: 'an absolute path' } } },
  reconnect: { summary: 'vhostuser: reconnect to the server (`enabled`, `timeout`); nbd: seconds to pause requests before failing (`delay`).', empty: true, attrs: { enabled: { summary: 'Reconnect when the socket closes.', values: yesNo('Reconnect.', 'Do not reconnect.') }, timeout: { summary: 'Seconds between reconnection attempts.', format: 'seconds' }, delay: { summary: 'nbd: seconds of paused requests before they fail.', format: 'seconds' } } },
  knownHosts: { summary: 'ssh: file with the accepted host keys.', since: '9.8.0', empty: true, attrs: { path: { summary: 'Path of the known-hosts file.', format: 'an absolute path' } } },
  seclabel: {
    summary: 'Overrides the domain\'s security label for this source (file, block, volume).',
    since: '0.9.9',
    children: ['label'],
    attrs: {
      model: { summary: 'Security driver the override is for.', values: valueTable(['selinux', 'SELinux.'], ['apparmor', 'AppArmor.'], ['dac', 'Owner and group (DAC).']) },
      relabel: { summary: 'Whether libvirt relabels the source for the guest.', values: yesNo('Relabel it.', 'Leave the label alone (the administrator labels it).') },
      labelskip: { summary: 'Output only: libvirt did not relabel this source (for example a shared, read-only image).', values: yesNo('Relabelling was skipped.', 'The source was relabelled.') },
    },
  },
  'seclabel/label': { summary: 'The security label to put on the source.', text: true },

  backingStore: {
    summary: 'The backing chain below `<source>`. Read by libvirt only when the driver supports backing-store input (5.10.0); otherwise output only. An empty element means no backing image.',
    since: '1.2.4',
    children: ['format', 'source', 'backingStore'],
    attrs: { type: { summary: 'Type of the backing image, as `<disk type>`.', values: valuesOf(['file', 'block', 'network', 'volume'], (v) => `A ${v} backing image.`) }, index: { summary: 'Output only: position in the chain.', format: 'set by libvirt' } },
  },
  'backingStore/format': { summary: 'Format of the backing image.', children: ['metadata_cache'], attrs: { type: { summary: 'Image format of the backing image.', format: 'e.g. qcow2 or raw' } } },
  'disk/mirror': {
    summary: 'Output only: state of a running copy or active-commit block job.',
    children: ['format', 'source'],
    attrs: {
      job: { summary: 'The block job.', format: 'copy or active-commit' },
      ready: { summary: 'Whether the job can be pivoted.', format: 'set by libvirt' },
      type: { summary: 'Type of the destination, as `<disk type>`.', format: 'set by libvirt' },
      file: { summary: 'Older form: the destination file.', format: 'set by libvirt' },
      format: { summary: 'Older form: the destination format.', format: 'set by libvirt' },
    },
  },
  'mirror/format': { summary: 'Format of the copy destination.', empty: true, attrs: { type: { summary: 'Image format.', format: 'e.g. raw or qcow2' } } },
  'format/metadata_cache': { summary: 'Limits of QEMU\'s qcow2 metadata cache for this backing image.', since: '7.0.0', children: ['max_size'] },
  'driver/iothreads': { summary: 'Spreads the virtqueues of a virtio-blk disk over several IOThreads (instead of one `iothread` attribute).', children: ['iothread'] },
  'iothreads/iothread': { summary: 'One IOThread serving this disk.', children: ['queue'], attrs: { id: { summary: 'IOThread id from `<iothreadids>`.', format: 'an IOThread id' } } },
  'iothread/queue': { summary: 'A virtqueue handled by the enclosing IOThread.', empty: true, attrs: { id: { summary: 'Index of the virtqueue, from 0.', format: 'a queue index' } } },
  'disk/backenddomain': { summary: 'Xen: the driver domain that serves this disk.', empty: true, attrs: { name: { summary: 'Name of the driver domain.', format: 'a domain name' } } },
  acpi: { summary: 'ACPI settings of a PCI device.', empty: true, attrs: { index: { summary: 'ACPI index: lets the guest name the device consistently (e.g. eno1).', format: 'a number from 1' } } },
  zpci: { summary: 's390 PCI: the zPCI identifiers of the device.', since: '4.10.0', empty: true, attrs: { uid: { summary: 'User-defined identifier (0x0001–0xffff).', format: 'hex' }, fid: { summary: 'Function identifier.', format: 'hex' } } },

  'disk/target': {
    summary: 'How the disk is attached in the guest.',
    since: '0.0.3',
    empty: true,
    snippetAttrs: ['dev', 'bus'],
    attrs: {
      dev: {
        summary: 'Logical name of the disk (vda, sdb, hdc, fda, …). An ordering hint, not the name the guest\'s /dev will use. Prefixes: hd, sd, vd, xvd, ubd (fd for floppies); no partition numbers.',
        since: '0.0.3',
        format: 'prefix + letters, e.g. vda or sdb',
      },
      bus: { summary: 'The emulated bus. When omitted libvirt guesses it from the `dev` prefix (sda → scsi, vda → virtio).', since: '0.4.3', values: DISK_BUSES },
      tray: { summary: 'Tray state of a cdrom or floppy; may change while the guest runs.', since: '0.9.11', default: 'closed', values: valueTable(['open', 'Tray open (no media visible).'], ['closed', 'Tray closed.']) },
      removable: { summary: 'Removable flag of a USB (and SCSI) disk.', since: '1.1.3', default: 'off', values: onOff('Report the disk as removable.', 'A fixed disk.') },
      rotation_rate: { summary: 'Rotation speed reported to the guest (SCSI, IDE, SATA): 1 means SSD, 1025–65534 is RPM. Need not match the real storage.', since: '7.3.0', format: '1 or 1025–65534' },
    },
  },

  'disk/iotune': {
    summary: 'I/O throttling of this disk (QEMU). A missing or zero value means unlimited. Compare `<blkiotune>`, which is domain-wide. Not on bus sd.',
    since: '0.9.8',
    children: ['total_bytes_sec', 'read_bytes_sec', 'write_bytes_sec', 'total_iops_sec', 'read_iops_sec', 'write_iops_sec', 'total_bytes_sec_max', 'read_bytes_sec_max', 'write_bytes_sec_max', 'total_iops_sec_max', 'read_iops_sec_max', 'write_iops_sec_max', 'size_iops_sec', 'group_name', 'total_bytes_sec_max_length', 'read_bytes_sec_max_length', 'write_bytes_sec_max_length', 'total_iops_sec_max_length', 'read_iops_sec_max_length', 'write_iops_sec_max_length'],
    details: ['Very small byte limits can make guests time out; about 2 MB/s is a safe floor.'],
  },
  'iotune/total_bytes_sec': IOTUNE_LIMIT('Total throughput cap in bytes per second; cannot be combined with the read/write pair.'),
  'iotune/read_bytes_sec': IOTUNE_LIMIT('Read throughput cap in bytes per second; excludes `total_bytes_sec`.'),
  'iotune/write_bytes_sec': IOTUNE_LIMIT('Write throughput cap in bytes per second; excludes `total_bytes_sec`.'),
  'iotune/total_iops_sec': IOTUNE_LIMIT('Total operations per second; cannot be combined with the read/write pair.'),
  'iotune/read_iops_sec': IOTUNE_LIMIT('Read operations per second; excludes `total_iops_sec`.'),
  'iotune/write_iops_sec': IOTUNE_LIMIT('Write operations per second; excludes `total_iops_sec`.'),
  'iotune/total_bytes_sec_max': IOTUNE_LIMIT('Burst ceiling of the total throughput (QEMU 1.7).', '1.2.11'),
  'iotune/read_bytes_sec_max': IOTUNE_LIMIT('Burst ceiling of the read throughput.', '1.2.11'),
  'iotune/write_bytes_sec_max': IOTUNE_LIMIT('Burst ceiling of the write throughput.', '1.2.11'),
  'iotune/total_iops_sec_max': IOTUNE_LIMIT('Burst ceiling of total operations per second.', '1.2.11'),
  'iotune/read_iops_sec_max': IOTUNE_LIMIT('Burst ceiling of read operations per second.', '1.2.11'),
  'iotune/write_iops_sec_max': IOTUNE_LIMIT('Burst ceiling of write operations per second.', '1.2.11'),
  'iotune/size_iops_sec': IOTUNE_LIMIT('How many bytes count as one operation for the IOPS limits.', '1.2.11'),
  'iotune/group_name': IOTUNE_LIMIT('Disks with the same group name share one quota, so splitting a workload over disks does not beat the limit. Needs at least one limit, and every member must have the same settings (QEMU 2.4).', '3.0.0'),
  'iotune/total_bytes_sec_max_length': IOTUNE_LIMIT('Seconds a total-throughput burst may last; only with `total_bytes_sec_max` (QEMU 2.6).', '2.4.0'),
  'iotune/read_bytes_sec_max_length': IOTUNE_LIMIT('Seconds a read-throughput burst may last; only with `read_bytes_sec_max`.', '2.4.0'),
  'iotune/write_bytes_sec_max_length': IOTUNE_LIMIT('Seconds a write-throughput burst may last; only with `write_bytes_sec_max`.', '2.4.0'),
  'iotune/total_iops_sec_max_length': IOTUNE_LIMIT('Seconds a total-IOPS burst may last; only with `total_iops_sec_max`.', '2.4.0'),
  'iotune/read_iops_sec_max_length': IOTUNE_LIMIT('Seconds a read-IOPS burst may last; only with `read_iops_sec_max`.', '2.4.0'),
  'iotune/write_iops_sec_max_length': IOTUNE_LIMIT('Seconds a write-IOPS burst may last; only with `write_iops_sec_max`.', '2.4.0'),

  'disk/blockio': {
    summary: 'Block sizes the guest sees, overriding what the hypervisor reports (QEMU/KVM). Not allowed with `device=\'lun\'`.',
    since: '0.10.2',
    empty: true,
    attrs: {
      logical_block_size: { summary: 'Smallest addressable unit (what Linux reports as BLKSSZGET).', format: 'bytes, e.g. 512 or 4096' },
      physical_block_size: { summary: 'Hardware sector size, which matters for alignment (BLKPBSZGET).', format: 'bytes, e.g. 4096' },
      discard_granularity: { summary: 'Smallest chunk that can be discarded; a multiple of the logical block size. Normally left to the hypervisor.', format: 'bytes' },
    },
  },
  'disk/geometry': {
    summary: 'Forces a cylinder/head/sector geometry (s390 DASD, old DOS disks). Not on usb or sd.',
    since: '0.10.0',
    empty: true,
    attrs: {
      cyls: { summary: 'Number of cylinders.', format: 'a number' },
      heads: { summary: 'Number of heads.', format: 'a number' },
      secs: { summary: 'Sectors per track.', format: 'a number' },
      trans: { summary: 'BIOS translation (IDE only).', values: valueTable(['none', 'No translation.'], ['lba', 'LBA translation.'], ['auto', 'Let the firmware decide.']) },
    },
  },
  boot: {
    summary: 'Makes the device bootable; lower `order` is tried first. Cannot be combined with `<os><boot dev=…/>`. On s390 only the first boot device counts.',
    since: '0.8.8',
    empty: true,
    snippetAttrs: ['order'],
    attrs: { order: { summary: 'Boot priority, starting at 1 (lowest is tried first).', format: 'a number from 1' }, loadparm: { summary: 's390: selects a boot entry (up to 8 characters).', since: '3.5.0', format: 'up to 8 characters' } },
  },
  'disk/readonly': { summary: 'The guest cannot write to the disk; implied for cdrom. Not allowed on IDE or SATA hard disks.', empty: true },
  'disk/shareable': {
    summary: 'The disk is used by several domains at once (cluster storage). Host caching must be off: write `cache=\'none\'`. A writable shared disk must be raw.',
    empty: true,
    details: ['Older libvirt added cache=none itself when no mode was written; say it explicitly.'],
  },
  'disk/transient': {
    summary: 'Guest changes are thrown away when the guest stops. File-type hard disks only, not read-only; libvirt refuses migration, and snapshots and block jobs may be blocked.',
    since: '6.9.0',
    empty: true,
    attrs: { shareBacking: { summary: 'Several guests may use the same base image at once (needs hot-plug support).', since: '7.4.0', values: yesNo('Share the base image.', 'Exclusive use.') } },
  },
  'disk/serial': {
    summary: 'Serial number shown to the guest. May be cut silently: IDE/SATA usually keep 20 characters, SCSI 20, 36 or 247 depending on the version. Only letters, digits and `-_ .+`; not on bus sd, nor for lun on scsi.',
    since: '0.7.1',
    text: true,
  },
  'disk/wwn': { summary: 'World Wide Name of the disk or CD-ROM: exactly 16 hexadecimal digits. IDE or SCSI bus only; not for lun.', since: '0.10.1', text: true },
  'disk/vendor': { summary: 'Vendor string of the disk: up to 8 printable characters. SCSI bus only; not for lun.', since: '1.0.1', text: true },
  'disk/product': { summary: 'Product string of the disk: up to 16 printable characters. SCSI bus only; not for lun.', since: '1.0.1', text: true },
  alias: { summary: 'A user alias for the device: starts with `ua-`, then letters, digits, `_` and `-`; unique in the domain.', since: '3.9.0', empty: true, attrs: { name: { summary: 'The alias, e.g. ua-data0.', format: 'ua-…' } } },

  'disk/address': {
    summary: 'Pins the disk to a controller slot. Usually omit it and let libvirt assign one. The type must match the bus: drive for scsi/ide/sata/fdc, pci (or ccw) for virtio, usb for usb.',
    empty: true,
    snippetAttrs: ['type'],
    attrs: {
      type: {
        summary: 'Kind of address (required).',
        values: valueTable(
          ['drive', 'A unit on an IDE/SATA/SCSI/FDC controller (`controller`, `bus`, `target`, `unit`).'],
          ['pci', 'A PCI function of its own (virtio disks, NICs, controllers …): `domain`, `bus`, `slot`, `function`.'],
          ['ccw', 's390 channel I/O: `cssid`, `ssid`, `devno`.', { since: '1.0.4' }],
          ['virtio-mmio', 'virtio over MMIO on some ARM machines; no fields.', { since: '1.1.3' }],
          ['usb', 'A USB port: `bus`, `port`.'],
          ['spapr-vio', 'PAPR virtual I/O: `reg`.'],
          ['isa', 'ISA: `iobase`, `irq`.'],
        ),
      },
      controller: { summary: 'drive: index of the `<controller>` the disk is on.', default: '0', format: 'a controller index' },
      bus: { summary: `drive: bus on the controller; ${PCI_ADDRESS_ATTRS.bus.summary} usb: USB bus.`, default: '0', format: 'a number' },
      target: { summary: 'drive: SCSI target id (on virtio-scsi, the SCSI id).', since: '0.9.11', default: '0', format: 'a number' },
      unit: { summary: 'drive: unit (on virtio-scsi, the LUN).', default: '0', format: 'a number' },
      domain: PCI_ADDRESS_ATTRS.domain,
      slot: PCI_ADDRESS_ATTRS.slot,
      function: PCI_ADDRESS_ATTRS.function,
      multifunction: PCI_ADDRESS_ATTRS.multifunction,
      cssid: { summary: 'ccw: channel subsystem id (0xfe for virtio-ccw).', format: '0xfe' },
      ssid: { summary: 'ccw: subchannel set id (0–3).', format: '0–3' },
      devno: { summary: 'ccw: device number (0–0xffff).', format: '0x0000–0xffff' },
      port: { summary: 'usb: port path such as 1.2.', format: 'e.g. 1.2' },
      reg: { summary: 'spapr-vio: register address.', format: 'hex' },
      iobase: { summary: 'isa: I/O base.', format: 'hex' },
      irq: { summary: 'isa: interrupt.', format: 'a number' },
    },
  },
};
