import type { Rule } from '../../../rule';
import type { Finding } from '../../../types';
import type { VolumeModel } from '../model';

export const volumeFormatOptions: Rule<VolumeModel> = {
  id: 'volume-format-options',
  title: 'qcow2-only options, backing stores and encryption the volume format cannot take',
  defaultSeverity: 'error',
  subjects: ['target/compat', 'target/features', 'features/lazy_refcounts', 'features/extended_l2', 'target/encryption@format', 'volume/backingStore', 'target/format@type'],
  docs: `When libvirt creates a file volume (dir, fs, netfs, gluster, vstorage pools) it writes the image
itself (raw) or with qemu-img (every other format, and encrypted raw files), and refuses what the format
cannot have:
- \`<compat>\` and \`<features>\` belong to qcow2 ("compatibility option only available with qcow2",
  "format features only available with qcow2"); on an unencrypted raw volume they are ignored;
- \`<lazy_refcounts/>\` and \`<extended_l2/>\` need qcow2 v3: not with \`<compat>0.10</compat>\`
  ("lazy_refcounts not supported with compat level 0.10");
- a raw volume has no backing store ("backing storage not supported for raw volumes");
- qcow and qcow2 volumes cannot be created with the legacy qcow encryption (\`<encryption
  format='qcow'>\` or \`'default'\`): "creation of qcow2 encrypted image is not supported"; use
  \`format='luks'\`.
Only a format written in the file is judged (pools that read no format ignore these elements).
libvirt's own tests expect vol-qcow2-0.10-lazy and vol-qcow2-encryption to fail this way.

No fix: which of the two to change is your choice.

Sources: libvirt \`src/storage/storage_util.c\` (\`virStorageBackendCreateQemuImgSetInfo\`,
\`storageBackendCreateQemuImgOpts\`, \`virStorageBackendCreateQemuImgCmdFromVol\`, \`storageBackendCreateRaw\`,
\`storageBackendVolBuildLocal\`), \`tests/storagevolxml2argvtest.c\`; formatstorage ("Storage volume target
elements": \`compat\`, \`features\`; "Backing store elements").`,
  check(ctx) {
    const m = ctx.model;
    const out: Finding[] = [];
    const target = m.target;
    const format = target?.child('format')?.attrValue('type');
    if (!target || format === undefined) return out;
    const encryption = target.child('encryption');
    const compat = target.child('compat');
    const features = target.child('features');
    // An unencrypted raw file is written by libvirt itself, which ignores compat and features.
    const qemuImg = format !== 'raw' || encryption !== undefined;
    if (format !== 'qcow2' && qemuImg) {
      if (compat) out.push({ ruleId: this.id, span: compat.nameSpan, message: `compatibility option only available with qcow2: <target><compat> on a ${format} volume.` });
      if (features) out.push({ ruleId: this.id, span: features.nameSpan, message: `format features only available with qcow2: <target><features> on a ${format} volume.` });
    }
    if (format === 'qcow2' && compat?.textContent() === '0.10' && features) {
      for (const f of features.children) {
        if (f.name === 'lazy_refcounts') out.push({ ruleId: this.id, span: f.nameSpan, message: 'lazy_refcounts not supported with compat level 0.10: <lazy_refcounts/> needs qcow2 v3 (<compat>1.1</compat>).' });
        if (f.name === 'extended_l2') out.push({ ruleId: this.id, span: f.nameSpan, message: "'extended_l2' not supported with compat level 0.10: <extended_l2/> needs qcow2 v3 (<compat>1.1</compat>)." });
      }
    }
    if (format === 'raw' && m.hasBackingStore) out.push({ ruleId: this.id, span: m.backingStore!.nameSpan, message: 'backing storage not supported for raw volumes: a raw image cannot refer to a <backingStore>; use qcow2.' });
    const encFormat = encryption?.attr('format');
    if (encFormat && (encFormat.value === 'qcow' || encFormat.value === 'default') && (format === 'qcow' || format === 'qcow2')) {
      out.push({ ruleId: this.id, span: encFormat.valueSpan, message: `creation of qcow2 encrypted image is not supported: <encryption format='${encFormat.value}'> is the legacy qcow encryption; use format='luks'.` });
    }
    return out;
  },
};
