import { VIRTIO_DISK_MODELS, VIRTIO_ONLY_DRIVER_ATTRS } from '../model/virtio';
import { diskRule } from './common/diskRule';
import { attrAt } from './common/spans';
import { removeAttrFix } from './common/fixes';


export const virtioOnlyDriverOptions = diskRule({
  id: 'virtio-only-driver-options',
  title: 'virtio driver options on a disk that is not virtio',
  defaultSeverity: 'error',
  subjects: ['devices/disk@model', 'disk/driver@queues', 'disk/driver@queue_size', 'disk/driver@ioeventfd', 'disk/driver@event_idx', 'disk/driver@iommu', 'disk/driver@ats', 'disk/driver@packed', 'disk/driver@page_per_vq', 'disk/target@bus'],
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
  checkDisk(disk, ctx, out) {
    const bus = disk.bus;
    if (!bus || bus === 'virtio') return;
    for (const a of disk.driver?.attrs ?? []) {
      // iothread-assignment reports <driver iothread> with libvirt's own wording for it.
      const msg = a.name === 'iothread' ? undefined : VIRTIO_ONLY_DRIVER_ATTRS[a.name];
      if (msg) out.push({ ruleId: this.id, span: a.span, message: `${msg}: remove <driver ${a.name}='${a.value}'> from the disk on bus '${bus}'.` });
    }
    const model = disk.el.attr('model');
    if (model && VIRTIO_DISK_MODELS.has(model.value)) {
      out.push({ ruleId: this.id, span: model.span, message: `disk model '${model.value}' not supported for bus '${bus}': <disk model> applies to virtio disks only.` });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const a = attrAt(disk.driver, finding.span);
    if (a) return [removeAttrFix(a, 'driver', ctx.text, true)];
    const m = attrAt(disk.el, finding.span);
    return m ? [removeAttrFix(m, 'disk', ctx.text, true)] : [];
  },
});
