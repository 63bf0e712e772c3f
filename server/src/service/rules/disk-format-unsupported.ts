import { replaceAttrValue } from '../edits';
import type { Finding } from '../types';
import type { Rule } from './rule';

/**
 * Image formats libvirt's QEMU driver refuses in `<driver type>` whatever the QEMU binary
 * (qemuDomainValidateStorageSource): the message libvirt gives for each.
 */
const REFUSED: Record<string, string> = {
  cow: "'cow' storage format is not supported",
  dir: "'directory' storage format is not directly supported by QEMU, use 'dir' disk type instead",
  iso: "storage format 'iso' is not directly supported by QEMU, use 'raw' instead",
};

export const diskFormatUnsupported: Rule = {
  id: 'disk-format-unsupported',
  title: "The disk image format is one QEMU cannot open ('cow', 'dir', 'iso', or 'fat' outside a directory disk)",
  defaultSeverity: 'error',
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
  is a directory).

Fix: for \`iso\`, set \`type='raw'\`. This quick fix is marked safe: an ISO 9660 image is a plain
sector-by-sector copy of a disc with no container around it, so QEMU's raw driver presents exactly
the bytes a CD/DVD drive would, and libvirt itself names \`raw\` as the replacement. The other cases
need a decision (convert a \`cow\` image with \`qemu-img convert\`, or turn the disk into
\`<disk type='dir'>\` with \`<source dir>\`), so no fix is offered.

Sources: libvirt \`src/qemu/qemu_domain.c\` (\`qemuDomainValidateStorageSource\`); libvirt tests
\`disk-fmt-cow\`, \`disk-fmt-dir\`, \`disk-fmt-iso\`; libvirt formatdomain (\`driver\` \`type\`, \`disk type='dir'\`).`,
  check(ctx) {
    if (!ctx.model.isQemu) return [];
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      const type = disk.driverAttr('type');
      if (!type) continue;
      const refused = REFUSED[type.value];
      if (refused) {
        out.push({ ruleId: this.id, span: type.span, message: `${refused}: <driver type='${type.value}'> on disk '${disk.targetDev ?? ''}'.` });
      } else if (type.value === 'fat' && disk.type !== 'dir' && disk.type !== 'volume') {
        // libvirt checks the actual storage type: a pool volume may well be a directory.
        out.push({
          ruleId: this.id,
          span: type.span,
          message: `storage format 'fat' is supported only with 'dir' storage type: <driver type='fat'> on a <disk type='${disk.type}'>.`,
        });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const type = ctx.diskAt(finding.span)?.driverAttr('type');
    if (!type || type.value !== 'iso') return [];
    return [{ title: "Set <driver type='raw'> (an ISO image is read as raw bytes)", edits: [replaceAttrValue(type, 'raw')], safe: true }];
  },
};
