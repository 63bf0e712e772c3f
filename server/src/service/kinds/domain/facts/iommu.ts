import { describedValues, onOff, type FactTable } from '../../../factTypes';
import { IOMMU_MODELS } from '../model/iommu';

const INTEL_ONLY = (summary: string) => ({ summary: `${summary} intel model only.`, values: onOff('On.', 'Off.') });

/** Facts for `<iommu>`. */
export const iommuFacts: FactTable = {
  'devices/iommu': {
    summary: 'An emulated IOMMU: device assignment inside the guest (nested VFIO), DMA protection, more than 255 vCPUs (with interrupt remapping). Part of the machine: the model must fit it.',
    docsAnchor: 'iommu-devices',
    snippetAttrs: ['model'],
    children: ['driver', 'alias', 'address'],
    attrs: {
      model: {
        summary: 'IOMMU model.',
        values: describedValues(IOMMU_MODELS, {
          intel: ['Intel VT-d; q35 machines only. Interrupt remapping needs `<ioapic driver=\'qemu\'/>`.', { since: '2.1.0' }],
          smmuv3: ['ARM SMMUv3; ARM `virt` machines only.', { since: '5.5.0' }],
          virtio: ['virtio-iommu (a PCI device); q35 and ARM `virt`, needs `<features><acpi/>`.', { since: '8.3.0' }],
        }),
      },
    },
  },
  'iommu/driver': {
    summary: 'Options of the intel IOMMU (the other models take none).',
    empty: true,
    attrs: {
      intremap: INTEL_ONLY('Interrupt remapping (needed for x2APIC and >255 vCPUs); needs `<features><ioapic driver=\'qemu\'/>`.'),
      caching_mode: INTEL_ONLY('Caching mode (needed for VFIO devices in the guest).'),
      eim: INTEL_ONLY('Extended interrupt mode; needs `intremap=\'on\'`.'),
      iotlb: INTEL_ONLY('Device IOTLB.'),
      aw_bits: { summary: 'Address width in bits (39 or 48); intel model only.', format: '39 or 48' },
      dma_translation: { summary: 'DMA translation; turning it off keeps only interrupt remapping.', values: onOff('On (default).', 'Off.') },
    },
  },
  'iommu/address': { summary: 'virtio model only: its PCI address (intel and smmuv3 take none).', empty: true },
};
