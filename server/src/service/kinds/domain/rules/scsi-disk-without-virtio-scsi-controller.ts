import { diskRule, qemuOnly } from './common/diskRule';
import { insertAttr, replaceAttrValue } from '../../../edits';
import { busSpan } from './common/spans';
import { insertScsiController } from './common/fixes';


export const scsiDiskWithoutVirtioScsiController = diskRule({
  id: 'scsi-disk-without-virtio-scsi-controller',
  title: 'A SCSI disk should sit on a virtio-scsi controller',
  defaultSeverity: 'warning',
  subjects: ['disk/target@bus', 'disk/target@bus=scsi', 'disk/address@controller', 'devices/controller', 'devices/controller@model', 'devices/controller@type', 'devices/disk@device'],
  docs: `A \`<disk>\` with \`bus='scsi'\` hangs on the SCSI controller whose \`index\` is its address's \`controller\`
(for a disk without \`<address>\`, the one libvirt derives from the name: \`sda\`–\`sdg\` → 0, \`sdh\`–\`sdn\` → 1 …).
When that controller is missing, or written without a \`model\` (or \`model='auto'\`), libvirt picks the
model itself — and on x86 that is the emulated LSI 53C895A (\`lsilogic\`) when QEMU has it, not
virtio-scsi; newer libvirt fails instead with "Unable to determine model for SCSI controller idx=…" when no
default is available. An emulated LSI HBA is slow, limited to 7 units, and not what the InfoScale
guide's SCSI pass-through advice assumes. A controller written with another explicit model
(\`lsilogic\`, \`megasas\`, \`ibmvscsi\` …) is taken as a deliberate choice and not flagged.

Each disk is checked against a map of controllers built once (linear time).

Fix: add \`<controller type='scsi' index='N' model='virtio-scsi'/>\` next to the other controllers (in
index order, indented like its siblings), or set \`model='virtio-scsi'\` on the existing controller.
This changes the guest's SCSI HBA, so it is never applied automatically.

Sources: libvirt formatdomain "Controllers" (SCSI models; controllers are added automatically);
libvirt \`src/qemu/qemu_domain_address.c\` (older default-model choice: lsilogic before virtio-scsi);
libvirt test \`controller-scsi-default-unavailable\`; InfoScale 9.0 guide "VirtIO disk drives".`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    if (disk.bus !== 'scsi') return;
    const addr = disk.driveAddress;
    const index = addr?.controller ?? 0;
    const ctrl = ctx.model.controller('scsi', index);
    const model = ctrl?.model;
    if (ctrl?.isVirtioScsi) return;
    if (model && model !== 'auto') return;
    const why = ctrl ? `<controller type='scsi' index='${index}'> has no model, so libvirt picks one (lsilogic on x86)` : `there is no <controller type='scsi' index='${index}'>, so libvirt adds one with its default model (lsilogic on x86)`;
    out.push({ ruleId: this.id, span: busSpan(disk), message: `The SCSI disk ${disk.label} is not on a virtio-scsi controller: ${why}; add model='virtio-scsi'.`, payload: { index } });
  },
  fix(finding, ctx) {
    const index = (finding.payload as { index?: number } | undefined)?.index ?? 0;
    const ctrl = ctx.model.controller('scsi', index)?.el;
    if (ctrl) {
      const model = ctrl.attr('model');
      const edit = model ? replaceAttrValue(model, 'virtio-scsi') : insertAttr(ctrl, 'model', 'virtio-scsi', ctx.text, ['type', 'index']);
      return [{ title: `Set model='virtio-scsi' on SCSI controller ${index} (guest-visible)`, edits: [edit], safe: false }];
    }
    if (!ctx.model.devices) return [];
    return [{ title: `Add a virtio-scsi controller with index ${index} (guest-visible)`, edits: [insertScsiController(ctx.model, index, ctx.text)], safe: false }];
  },
});
