/**
 * What only virtio devices accept, and what SCSI pass-through refuses: read by the rules that
 * report misuse, by the bus conversions that clean up after a bus change, and by completion.
 */

/** `<driver>` attributes libvirt accepts only on virtio disks, with libvirt's own message for each (domain_validate.c, qemu_validate.c). */
export const VIRTIO_ONLY_DRIVER_ATTRS: Readonly<Record<string, string>> = {
  queues: 'queues attribute in disk driver element is only supported for virtio bus',
  queue_size: 'queue_size attribute in disk driver is only supported for virtio bus',
  iothread: 'IOThreads are only available for virtio pci and virtio ccw disk',
  event_idx: 'disk event_idx mode supported only for virtio bus',
  ioeventfd: 'disk ioeventfd mode supported only for virtio bus',
  iommu: 'iommu driver option is only supported for virtio devices',
  ats: 'ats driver option is only supported for virtio devices',
  packed: 'packed driver option is only supported for virtio devices',
  page_per_vq: 'page_per_vq driver option is only supported for virtio devices',
};

/** `<disk model>` values, all of them virtio flavours (bus virtio only). */
export const VIRTIO_DISK_MODELS: ReadonlySet<string> = new Set(['virtio', 'virtio-transitional', 'virtio-non-transitional']);

/** SCSI controller models that are virtio-scsi. */
export const VIRTIO_SCSI_MODELS: ReadonlySet<string> = new Set(['virtio-scsi', 'virtio-transitional', 'virtio-non-transitional']);

/**
 * Children of a `<disk>` that make no sense with `device='lun'`, where the device's own identity
 * and block sizes are passed through, with libvirt's message where its QEMU driver refuses them
 * (qemu_validate.c). `<blockio>` is not refused by current libvirt, only pointless: no message.
 * `<serial>` is refused only on bus scsi ("scsi-block 'lun' devices do not support the serial
 * property").
 */
export const LUN_FORBIDDEN_CHILDREN: Readonly<Record<string, string | undefined>> = {
  wwn: 'Setting wwn is not supported for lun device',
  vendor: 'Setting vendor or product is not supported for lun device',
  product: 'Setting vendor or product is not supported for lun device',
  blockio: undefined,
};

/** Children only SCSI (vendor, product) or IDE/SCSI (wwn) disks may have. */
export const SCSI_ONLY_CHILDREN: readonly string[] = ['vendor', 'product', 'wwn'];

/** `<target>` attributes that exist only for SCSI, USB, SATA or IDE disks. */
export const NON_VIRTIO_TARGET_ATTRS: readonly string[] = ['removable', 'rotation_rate'];
