import { diskRule } from './common/diskRule';
import { removeElement, replaceAttrValue } from '../../../edits';


export const shareableRequiresRaw = diskRule({
  id: 'shareable-requires-raw',
  title: 'A writable shareable disk must use the raw format',
  defaultSeverity: 'error',
  subjects: ['disk/driver@type', 'disk/shareable'],
  docs: `Only raw images can be written by several guests at once: formats such as qcow2 keep
allocation metadata that each QEMU process caches and updates on its own, so concurrent writers
corrupt the image. libvirt's QEMU driver refuses a writable \`<shareable/>\` disk whose
\`<driver type>\` is not \`raw\` with "shared access for disk '…' requires use of supported storage
format".

Fix: convert the image to raw (\`qemu-img convert -O raw\`) and set \`type='raw'\`, or remove
\`<shareable/>\` if the disk is not shared. Neither is applied automatically: changing \`type\` on an
existing qcow2 image would make the guest read the qcow2 metadata as data.

Sources: libvirt \`src/qemu/qemu_validate.c\`; libvirt test \`disk-shared-qcow\`.`,
  checkDisk(disk, ctx, out) {
    if (!disk.isWritableShareable) return;
    const type = disk.driverAttr('type');
    if (!type || type.value === 'raw') return;
    out.push({
      ruleId: this.id,
      span: type.span,
      message: `shared access for disk ${disk.label} requires use of supported storage format: <driver type='${type.value}'> on a writable <shareable/> disk must be 'raw'.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const type = disk?.driverAttr('type');
    if (!disk || !type || !disk.shareable) return [];
    return [
      { title: "Set <driver type='raw'> (only if the image already is raw)", edits: [replaceAttrValue(type, 'raw')], safe: false },
      { title: 'Remove <shareable/>', edits: [removeElement(disk.shareable, ctx.text)], safe: false },
    ];
  },
});
