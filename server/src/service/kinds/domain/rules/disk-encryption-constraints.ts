import { diskRule, qemuOnly } from './common/diskRule';
import type { XElement } from '../../../parse/xmlTree';
import { removeElementFix } from './common/fixes';


export const diskEncryptionConstraints = diskRule({
  id: 'disk-encryption-constraints',
  title: 'Disk encryption that libvirt refuses (given twice, a LUKS cipher, old qcow encryption, an image format other than raw/qcow2)',
  defaultSeverity: 'error',
  subjects: ['disk/driver@type', 'disk/encryption', 'source/encryption', 'encryption/cipher', 'disk/encryption@format', 'source/encryption@format', 'disk/encryption@engine', 'source/encryption@engine'],
  docs: `QEMU decrypts a disk itself (the \`qemu\` encryption engine) only in a few shapes, and libvirt refuses
the others before the guest starts:

- \`<encryption>\` both directly in \`<disk>\` and inside \`<source>\`: both describe the same source, so
  libvirt stops with "an <encryption> definition already found for disk source";
- \`<encryption format='luks'>\` with a \`<cipher>\` child: the cipher of a LUKS volume is recorded in
  its own header, so libvirt rejects the element with "supplying <cipher> for domain disk definition
  is unnecessary";
- \`<encryption format='qcow'>\` (or \`format='default'\`), the old built-in AES of qcow/qcow2 images that
  QEMU no longer opens for guests: "old qcow/qcow2 encryption is not supported";
- encryption by the \`qemu\` engine (\`engine\` absent or \`qemu\`) on an image whose \`<driver type>\` is not
  \`raw\` or \`qcow2\`: "encryption is supported only with 'raw' and 'qcow2' image format" (\`raw\` means a
  LUKS volume, \`qcow2\` a qcow2 image with LUKS inside).

Fix: remove the \`<cipher>\` of a LUKS volume (marked safe: the header already names the cipher, so
nothing the guest reads changes). Removing the disk-level copy of a doubled \`<encryption>\` is
offered but not applied automatically: check first that the \`<source>\` copy names the right secret.
An old-qcow or wrongly formatted image needs converting (\`qemu-img convert\` with
\`encrypt.format=luks\`), which no edit can do.

Sources: libvirt \`src/conf/domain_conf.c\` (disk \`<encryption>\` parsing); libvirt
\`src/conf/domain_validate.c\` (\`virDomainDiskDefValidateSourceChainOne\`); libvirt
\`src/qemu/qemu_domain.c\` (\`qemuDomainValidateStorageSource\`); libvirt tests
\`luks-disks-source-both\`, \`luks-disk-invalid\`, \`disk-encryption-wrong\`; libvirt formatstorageencryption.`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const push = (span: { start: number; end: number }, message: string) => out.push({ ruleId: this.id, span, message });
    const own = disk.el.child('encryption');
    const inSource = disk.source?.child('encryption');
    if (own && inSource) {
      push(own.nameSpan, `an <encryption> definition already found for disk source: disk ${disk.label} has <encryption> both in <disk> and in <source>.`);
    }
    const enc = inSource ?? own;
    if (!enc) return;
    const format = enc.attrValue('format');
    const engine = enc.attrValue('engine');
    const cipher = enc.child('cipher');
    if (format === 'luks' && cipher) {
      push(cipher.nameSpan, "supplying <cipher> for domain disk definition is unnecessary: a LUKS volume records its cipher in its own header.");
    }
    if (engine === 'librbd') return;
    if (format === 'qcow' || format === 'default') {
      push(enc.attr('format')!.span, `old qcow/qcow2 encryption is not supported: <encryption format='${format}'> on disk ${disk.label}; use format='luks'.`);
      return;
    }
    const type = disk.driverAttr('type');
    if (type && type.value !== 'raw' && type.value !== 'qcow2') {
      push(type.span, `encryption is supported only with 'raw' and 'qcow2' image format: disk ${disk.label} has <driver type='${type.value}'> and <encryption>.`);
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const same = (el: XElement | undefined) => el !== undefined && el.nameSpan.start === finding.span.start;
    const own = disk.el.child('encryption');
    if (same(own) && disk.source?.child('encryption')) return [removeElementFix(own!, ctx.text, false)];
    const enc = disk.source?.child('encryption') ?? own;
    const cipher = enc?.child('cipher');
    if (same(cipher) && enc?.attrValue('format') === 'luks') return [removeElementFix(cipher!, ctx.text, true)];
    return [];
  },
});
