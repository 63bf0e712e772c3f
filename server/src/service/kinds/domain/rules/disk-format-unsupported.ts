import { diskRule, qemuOnly } from './common/diskRule';
import { insertElement, replaceAttrValue } from '../../../edits';
import { driverAttrOrElementSpan } from './common/spans';
import { setDriverAttr } from './common/fixes';


/**
 * Image formats libvirt's QEMU driver refuses in `<driver type>` whatever the QEMU binary
 * (qemuDomainValidateStorageSource): the message libvirt gives for each.
 */
const REFUSED: Record<string, string> = {
  cow: "'cow' storage format is not supported",
  dir: "'directory' storage format is not directly supported by QEMU, use 'dir' disk type instead",
  iso: "storage format 'iso' is not directly supported by QEMU, use 'raw' instead",
};

export const diskFormatUnsupported = diskRule({
  id: 'disk-format-unsupported',
  title: "The disk image format is one QEMU cannot open ('cow', 'dir', 'iso'; 'fat' only on a read-only directory disk)",
  defaultSeverity: 'error',
  subjects: ['devices/disk@type=dir', 'disk/driver@type', 'disk/driver@type=iso', 'disk/driver@type=cow', 'devices/disk@type'],
  docs: `libvirt's storage layer knows more image formats than QEMU opens. The QEMU driver refuses these
\`<driver type>\` values (it checks every layer of the backing chain; this rule checks the disk's own
\`<driver>\`):

- \`<driver type='cow'>\` — the old User-Mode-Linux copy-on-write format, for which current QEMU has no driver:
  "'cow' storage format is not supported";
- \`<driver type='dir'>\` — a directory is not an image format: "'directory' storage format is not
  directly supported by QEMU, use 'dir' disk type instead" (\`<disk type='dir'>\` exposes a directory
  as a virtual FAT drive);
- \`<driver type='iso'>\` — QEMU has no ISO driver: "storage format 'iso' is not directly supported by
  QEMU, use 'raw' instead";
- \`<driver type='fat'>\` on a disk that is not \`<disk type='dir'>\`: "storage format 'fat' is supported
  only with 'dir' storage type" (a \`<disk type='volume'>\` is left alone: its pool decides whether it
  is a directory);
- \`<disk type='dir'>\` without \`<driver type='fat'>\`: QEMU shows a host directory to the guest only as a
  virtual FAT drive, and libvirt wants that written: "storage type 'dir' requires use of storage
  format 'fat'";
- a writable \`<disk type='dir'>\`: QEMU's virtual FAT driver cannot write back to the directory safely,
  so libvirt refuses it with "virtual FAT storage can't be accessed in read-write mode".

Fix: for \`iso\`, set \`type='raw'\`. This quick fix is marked safe: an ISO 9660 image is a plain
sector-by-sector copy of a disc with no container around it, so QEMU's raw driver presents exactly
the bytes a CD/DVD drive would, and libvirt itself names \`raw\` as the replacement. The other cases
need a decision (convert a \`cow\` image with \`qemu-img convert\`, or turn the disk into
\`<disk type='dir'>\` with \`<source dir>\`), so no fix is offered. On a directory disk, setting
\`<driver type='fat'>\` is safe (it is the only format libvirt accepts there, and it is how QEMU shows
the directory in any case); adding \`<readonly/>\` is offered but not applied automatically, because
the guest then sees a read-only drive.

Sources: libvirt \`src/qemu/qemu_domain.c\` (\`qemuDomainValidateStorageSource\`); libvirt tests
\`disk-fmt-cow\`, \`disk-fmt-dir\`, \`disk-fmt-iso\`, \`floppy-drive-fat\`; libvirt formatdomain (\`driver\` \`type\`, \`disk type='dir'\`).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const name = disk.label;
    const type = disk.driverAttr('type');
    if (disk.type === 'dir') {
      if (type?.value !== 'fat') {
        const shown = type ? `<driver type='${type.value}'>` : "no <driver type='fat'>";
        out.push({ ruleId: this.id, span: driverAttrOrElementSpan(disk, 'type'), message: `storage type 'dir' requires use of storage format 'fat': <disk type='dir'> ${name} has ${shown}.` });
      }
      if (!disk.isReadonly) {
        out.push({ ruleId: this.id, span: disk.el.attr('type')!.span, message: `virtual FAT storage can't be accessed in read-write mode: <disk type='dir'> ${name} needs <readonly/>.` });
      }
      return;
    }
    if (!type) return;
    const refused = REFUSED[type.value];
    if (refused) {
      out.push({ ruleId: this.id, span: type.span, message: `${refused}: <driver type='${type.value}'> on disk ${name}.` });
    } else if (type.value === 'fat' && disk.type !== 'volume') {
      // libvirt checks the actual storage type: a pool volume may well be a directory.
      out.push({
        ruleId: this.id,
        span: type.span,
        message: `storage format 'fat' is supported only with 'dir' storage type: <driver type='fat'> on a <disk type='${disk.type}'>.`,
      });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const type = disk.driverAttr('type');
    if (disk.type === 'dir') {
      const diskType = disk.el.attr('type');
      if (diskType && diskType.span.start === finding.span.start) {
        const where = disk.target ? { after: disk.target } : {};
        return [{ title: 'Add <readonly/>', edits: [insertElement(disk.el, '<readonly/>', ctx.text, where)], safe: false }];
      }
      return [{ title: "Set <driver type='fat'>", edits: [setDriverAttr(disk, 'type', 'fat', ctx.text)], safe: true }];
    }
    if (!type || type.value !== 'iso') return [];
    return [{ title: "Set <driver type='raw'> (an ISO image is read as raw bytes)", edits: [replaceAttrValue(type, 'raw')], safe: true }];
  },
});
