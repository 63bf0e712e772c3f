/**
 * What an `<interface>` of each type must say in its `<source>` (src/conf/domain_conf.c
 * virDomainNetDefParseXML: virDomainNetDefParseXMLRequireSource and the required attributes per
 * type). Types not listed (user, ethernet, null) need no `<source>`; hostdev needs
 * `<source><address>` instead.
 */
export const INTERFACE_SOURCE_ATTRS: Readonly<Record<string, readonly string[]>> = {
  network: ['network'],
  bridge: ['bridge'],
  direct: ['dev'],
  vhostuser: ['type', 'path', 'mode'],
  vdpa: ['dev'],
  internal: ['name'],
  vds: ['switchid'],
  client: ['address', 'port'],
  mcast: ['address', 'port'],
  udp: ['address', 'port'],
  server: ['port'],
};

/** libvirt's default interface type when none is written. */
export const DEFAULT_INTERFACE_TYPE = 'user';

/** NIC models that are paravirtual (virtio-net); every other model is emulated hardware. */
export const VIRTIO_NET_MODELS: readonly string[] = ['virtio', 'virtio-transitional', 'virtio-non-transitional'];

/** Emulated NIC models of QEMU's x86 machines that a guest with virtio drivers can leave for virtio-net. */
export const EMULATED_NET_MODELS: readonly string[] = ['rtl8139', 'e1000', 'e1000e', 'igb', 'vmxnet3'];

/** Interface types whose NIC model is fixed by the type (a host function passed through, a vhost back end). */
export const MODEL_FIXED_INTERFACE_TYPES: readonly string[] = ['hostdev', 'vhostuser', 'vdpa'];
