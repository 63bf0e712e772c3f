import { insertAttr, insertElement, quoteFor, removeElement, replaceAttrValue } from '../../../edits';
import type { FixProposal } from '../../../types';
import { INTEL_ONLY_DRIVER_ATTRS, IOMMU_MODELS } from '../model/iommu';
import { machineFacts } from '../model/machine';
import { deviceAt, deviceRule } from './common/deviceRule';
import { enumFinding } from './common/enums';


export const iommuModelConstraints = deviceRule({
  id: 'iommu-model-constraints',
  title: 'An IOMMU model needs its machine (intel: q35; smmuv3: ARM virt; virtio: q35 or ARM virt, with ACPI)',
  defaultSeverity: 'error',
  devices: ['iommu'],
  subjects: ['devices/iommu', 'devices/iommu@model', 'iommu/driver', 'iommu/driver@intremap', 'iommu/driver@eim', 'iommu/address', 'iommu/address@type', 'features/ioapic@driver', 'domain/features', 'os/type@machine'],
  docs: `The emulated IOMMU (\`<iommu model>\`, for device assignment inside the guest, DMA protection, or more
than 255 vCPUs) is a part of the machine:
- \`intel\` (VT-d) exists on q35 only: "IOMMU device: 'intel' is only supported with Q35 machines";
- \`smmuv3\` on ARM \`virt\` only: "IOMMU device: 'smmuv3' is only supported with ARM Virt machines";
- \`virtio\` on q35 and ARM \`virt\`: "IOMMU device: 'virtio' is only supported with Q35 and ARM Virt machines";
  it is described to the guest by ACPI ("IOMMU device: 'virtio' requires ACPI": \`<features><acpi/>\`) and sits
  on PCI ("IOMMU device: 'virtio' needs a PCI address").

\`<driver intremap='on'>\` (interrupt remapping) needs the split I/O APIC, \`<features><ioapic driver='qemu'/>\`
("IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu')"), and \`eim='on'\` needs
\`intremap='on'\`. The \`<driver>\` options intremap, caching_mode, eim, iotlb and aw_bits belong to the intel
model ("iommu model 'virtio' doesn't support additional attributes"); intel and smmuv3 take no \`<address>\`
("iommu model 'intel' can't have address"). A domain has one IOMMU. Other models are refused with
"Invalid value for attribute 'model' in element 'iommu'".

Fix: add \`<ioapic driver='qemu'/>\` to \`<features>\` (or set it), add \`<acpi/>\`; remove an \`<address>\` an intel or
smmuv3 IOMMU cannot have. They change the guest's machine, so none is applied automatically.

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`qemuValidateDomainDeviceDefIOMMU\`); \`src/conf/domain_validate.c\`
(\`virDomainDefIOMMUValidate\`, \`virDomainIOMMUDefValidate\`); \`src/conf/domain_conf.c\` (the virDomainIOMMUModel
enum; "only a single IOMMU device is supported"); libvirt formatdomain "IOMMU devices" and "Hypervisor features".`,
  appliesTo: (ctx) => ctx.model.isQemu,
  checkDevice(el, ctx, out) {
    const modelAttr = el.attr('model');
    const model = modelAttr?.value;
    if (!model) return;
    const unknown = enumFinding(this.id, el, 'model', IOMMU_MODELS);
    if (unknown) {
      out.push(unknown);
      return;
    }
    const driver = el.child('driver');
    const address = el.child('address');
    if (model !== 'intel') {
      const extra = driver?.attrs.find((a) => INTEL_ONLY_DRIVER_ATTRS.includes(a.name));
      if (extra) {
        out.push({ ruleId: this.id, span: extra.span, message: `iommu model '${model}' doesn't support additional attributes: <driver ${extra.name}> is an option of <iommu model='intel'> only.` });
        return;
      }
    }
    if ((model === 'intel' || model === 'smmuv3') && address) {
      out.push({ ruleId: this.id, span: address.nameSpan, message: `iommu model '${model}' can't have address: the ${model} IOMMU is built into the machine, not a device on a bus.`, payload: { fix: 'address' } });
      return;
    }
    if (ctx.model.isFragment) return;
    const m = machineFacts(ctx.model);
    const known = m.machine !== undefined && m.family !== undefined;
    const span = modelAttr!.valueSpan;
    if (model === 'intel' && known && !m.isQ35) {
      out.push({ ruleId: this.id, span, message: `IOMMU device: 'intel' is only supported with Q35 machines: this guest's machine is '${m.machine}'.` });
      return;
    }
    if (model === 'smmuv3' && known && !m.isARMVirt) {
      out.push({ ruleId: this.id, span, message: `IOMMU device: 'smmuv3' is only supported with ARM Virt machines: this guest's machine is '${m.machine}'.` });
      return;
    }
    if (model === 'virtio') {
      if (known && !m.isQ35 && !m.isARMVirt) {
        out.push({ ruleId: this.id, span, message: `IOMMU device: 'virtio' is only supported with Q35 and ARM Virt machines: this guest's machine is '${m.machine}'.` });
        return;
      }
      if (!ctx.model.root.child('features')?.child('acpi')) {
        out.push({ ruleId: this.id, span, message: `IOMMU device: 'virtio' requires ACPI: add <acpi/> to <features>; the guest finds the virtio IOMMU through ACPI tables.`, payload: { fix: 'acpi' } });
        return;
      }
      const addressType = address?.attrValue('type');
      if (address && addressType !== undefined && addressType !== 'pci') {
        out.push({ ruleId: this.id, span: address.attr('type')!.valueSpan, message: `IOMMU device: 'virtio' needs a PCI address: <address type='${addressType}'> cannot hold a virtio-iommu-pci device.` });
        return;
      }
    }
    const intremap = driver?.attr('intremap');
    if (model === 'intel' && intremap?.value === 'on' && ctx.model.root.child('features')?.child('ioapic')?.attrValue('driver') !== 'qemu') {
      out.push({ ruleId: this.id, span: intremap.span, message: `IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu'): add <ioapic driver='qemu'/> to <features>.`, payload: { fix: 'ioapic' } });
      return;
    }
    const eim = driver?.attr('eim');
    if (eim?.value === 'on' && intremap?.value !== 'on') {
      out.push({ ruleId: this.id, span: eim.span, message: `IOMMU eim requires interrupt remapping to be enabled: set <driver intremap='on'> too (extended interrupt mode builds on it).` });
    }
  },
  checkDomain(ctx, devices, out) {
    const iommus = devices.filter((el) => el.name === 'iommu');
    for (const el of iommus.slice(1)) out.push({ ruleId: this.id, span: el.nameSpan, message: 'only a single IOMMU device is supported: this domain has an <iommu> already.' });
  },
  fix(finding, ctx) {
    const p = finding.payload as { fix?: string } | undefined;
    const el = deviceAt(ctx, finding.span.start);
    if (!el || !p?.fix) return [];
    const root = ctx.model.root;
    const features = root.child('features');
    const q = quoteFor(el, ctx.text);
    const fixes: FixProposal[] = [];
    if (p.fix === 'address') {
      const address = el.child('address');
      if (address) fixes.push({ title: `Remove the <address> of the <iommu>`, edits: [removeElement(address, ctx.text)], safe: false });
    } else if (p.fix === 'acpi' && features) {
      fixes.push({ title: 'Add <acpi/> to <features> (guest-visible)', edits: [insertElement(features, '<acpi/>', ctx.text, features.children[0] ? { before: features.children[0] } : {})], safe: false });
    } else if (p.fix === 'ioapic' && features) {
      const ioapic = features.child('ioapic');
      const a = ioapic?.attr('driver');
      const edit = a ? replaceAttrValue(a, 'qemu') : ioapic ? insertAttr(ioapic, 'driver', 'qemu', ctx.text) : insertElement(features, `<ioapic driver=${q}qemu${q}/>`, ctx.text);
      fixes.push({ title: "Use the split I/O APIC: <ioapic driver='qemu'/> (guest-visible)", edits: [edit], safe: false });
    }
    return fixes;
  },
});
