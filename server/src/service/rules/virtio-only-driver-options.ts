import type { Finding } from '../types';
import { attrAt, removeAttrFix } from './diskFacts';
import type { Rule } from './rule';

/** `<driver>` attributes libvirt accepts only on virtio disks, with libvirt's messages. */
const DRIVER_ONLY_VIRTIO: Record<string, string> = {
  queues: 'queues attribute in disk driver element is only supported for virtio bus',
  queue_size: 'queue_size attribute in disk driver is only supported for virtio bus',
  event_idx: 'disk event_idx mode supported only for virtio bus',
  ioeventfd: 'disk ioeventfd mode supported only for virtio bus',
  iommu: 'iommu driver option is only supported for virtio devices',
  ats: 'ats driver option is only supported for virtio devices',
  packed: 'packed driver option is only supported for virtio devices',
  page_per_vq: 'page_per_vq driver option is only supported for virtio devices',
};
const VIRTIO_MODELS = new Set(['virtio', 'virtio-transitional', 'virtio-non-transitional']);

export const virtioOnlyDriverOptions: Rule = {
  id: 'virtio-only-driver-options',
  title: 'virtio driver options on a disk that is not virtio',
  defaultSeverity: 'error',
  docs: `Several \`<driver>\` attributes tune the virtio transport itself: \`queues\`, \`queue_size\`, \`event_idx\`,
\`ioeventfd\`, \`iommu\`, \`ats\`, \`packed\`, \`page_per_vq\`; likewise \`<disk model='virtio…'>\`. On a disk whose
bus is not \`virtio\` (SCSI, SATA, IDE, USB …) they have nothing to act on, and libvirt refuses them
with messages such as "queues attribute in disk driver element is only supported for virtio bus" or
"disk model 'virtio' not supported for bus 'scsi'". For a disk on a virtio-scsi controller, multiqueue
and IOThreads are set on the controller's \`<driver>\` instead.

Fix: remove the attribute. The domain cannot start with it, so the fix is safe.

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDiskDefValidate\`,
\`virDomainCheckVirtioOptionsAreAbsent\`); libvirt formatdomain "Virtio-related options" and
"Controllers" (virtio-scsi \`<driver queues>\`).`,
  check(ctx) {
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      const bus = disk.bus;
      if (!bus || bus === 'virtio') continue;
      for (const a of disk.driver?.attrs ?? []) {
        const msg = DRIVER_ONLY_VIRTIO[a.name];
        if (msg) out.push({ ruleId: this.id, span: a.span, message: `${msg}: remove <driver ${a.name}='${a.value}'> from the disk on bus '${bus}'.` });
      }
      const model = disk.el.attr('model');
      if (model && VIRTIO_MODELS.has(model.value)) {
        out.push({ ruleId: this.id, span: model.span, message: `disk model '${model.value}' not supported for bus '${bus}': <disk model> applies to virtio disks only.` });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    if (!disk) return [];
    const a = attrAt(disk.driver, finding.span);
    if (a) return [removeAttrFix(a, 'driver', ctx, true)];
    const m = attrAt(disk.el, finding.span);
    return m ? [removeAttrFix(m, 'disk', ctx, true)] : [];
  },
};
