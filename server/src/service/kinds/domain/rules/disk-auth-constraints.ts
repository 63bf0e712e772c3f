import { diskRule, qemuOnly } from './common/diskRule';
import { replaceAttrValue, setAttr } from '../../../edits';
import type { XElement } from '../../../parse/xmlTree';
import { removeElementFix } from './common/fixes';


/** libvirt's secret usage types (virSecretUsageType); anything else is "unknown". */
const SECRET_TYPES = new Set(['none', 'volume', 'ceph', 'iscsi', 'tls', 'vtpm']);
/** The only secret type each protocol's authentication accepts. */
const SECRET_FOR_PROTOCOL: Record<string, string> = { iscsi: 'iscsi', rbd: 'ceph' };

export const diskAuthConstraints = diskRule({
  id: 'disk-auth-constraints',
  title: 'Disk authentication that libvirt refuses (given twice, or a secret type that does not fit the protocol)',
  defaultSeverity: 'error',
  subjects: ['disk/source@protocol', 'disk/auth', 'source/auth', 'auth/secret@type', 'devices/disk@type'],
  docs: `A network disk authenticates with \`<auth username='…'><secret type='…' usage|uuid='…'/></auth>\`, written
either in \`<disk>\` (the older place) or in \`<source>\`. libvirt refuses:

- \`<auth>\` in both places: "an <auth> definition already found for disk source";
- a \`<secret>\` without \`type\`, or with a type libvirt does not know: "unknown secret type '<null>'"
  (or the value written) — libvirt looks the secret up by type and usage;
- a secret type that does not belong to the protocol: iSCSI CHAP needs an \`iscsi\` secret and Ceph
  RBD a \`ceph\` secret, otherwise "invalid secret type '…'".

Fix: remove the disk-level copy of a doubled \`<auth>\`, or set the secret type the protocol needs.
Neither is applied automatically: the secret stored in libvirt must be of that type and usage, which
only the host can tell.

Sources: libvirt \`src/conf/domain_conf.c\` (disk \`<auth>\` parsing); libvirt
\`src/conf/domain_validate.c\` (\`virDomainDiskDefValidateSourceChainOne\`); libvirt tests
\`disk-network-source-auth-both\`, \`disk-network-iscsi-auth-secrettype-invalid\`,
\`disk-network-iscsi-auth-wrong-secrettype\`; libvirt formatdomain (\`auth\`), formatsecret.`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const own = disk.el.child('auth');
    const inSource = disk.source?.child('auth');
    const name = disk.label;
    if (own && inSource) {
      out.push({ ruleId: this.id, span: own.nameSpan, message: `an <auth> definition already found for disk source: disk ${name} has <auth> both in <disk> and in <source>.` });
    }
    const auth = inSource ?? own;
    const secret = auth?.child('secret');
    if (!secret || disk.type !== 'network') return;
    const type = secret.attr('type');
    if (!type || !SECRET_TYPES.has(type.value)) {
      const shown = type ? type.value : '<null>';
      out.push({ ruleId: this.id, span: type?.span ?? secret.nameSpan, message: `unknown secret type '${shown}': the <secret> of disk ${name} needs type='iscsi', 'ceph', … to be found.` });
      return;
    }
    const protocol = disk.source?.attrValue('protocol') ?? '';
    const expected = SECRET_FOR_PROTOCOL[protocol];
    if (expected && type.value !== expected) {
      out.push({ ruleId: this.id, span: type.span, message: `invalid secret type '${type.value}': protocol '${protocol}' of disk ${name} needs a secret of type '${expected}'.` });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const own = disk.el.child('auth');
    const inSource = disk.source?.child('auth');
    if (own && inSource && own.nameSpan.start === finding.span.start) return [removeElementFix(own, ctx.text, false)];
    const secret: XElement | undefined = (inSource ?? own)?.child('secret');
    const expected = SECRET_FOR_PROTOCOL[disk.source?.attrValue('protocol') ?? ''];
    if (!secret || !expected) return [];
    const type = secret.attr('type');
    const edit = type ? replaceAttrValue(type, expected) : setAttr(secret, 'type', expected, ctx.text);
    return [{ title: `Set <secret type='${expected}'>`, edits: [edit], safe: false }];
  },
});
