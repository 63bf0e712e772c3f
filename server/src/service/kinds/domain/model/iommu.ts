/** libvirt's IOMMU models (src/conf/domain_conf.c, the virDomainIOMMUModel enum). */
export const IOMMU_MODELS = ['intel', 'smmuv3', 'virtio'] as const;

/** `<iommu><driver>` attributes only the intel model has (src/conf/domain_validate.c virDomainIOMMUDefValidate). */
export const INTEL_ONLY_DRIVER_ATTRS: readonly string[] = ['intremap', 'caching_mode', 'eim', 'iotlb', 'aw_bits'];
