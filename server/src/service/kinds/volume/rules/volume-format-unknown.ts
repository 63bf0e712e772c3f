import { replaceAttrValue } from '../../../edits';
import type { Rule } from '../../../rule';
import type { Finding } from '../../../types';
import { volumeFormatProblem } from '../../storage/poolTypes';
import type { VolumeModel } from '../model';

export const volumeFormatUnknown: Rule<VolumeModel> = {
  id: 'volume-format-unknown',
  title: "A volume's <format type> must be one a pool can hold",
  defaultSeverity: 'error',
  subjects: ['target/format', 'target/format@type', 'backingStore/format', 'backingStore/format@type'],
  docs: `A volume's \`<target><format type>\` (and its \`<backingStore><format type>\`) is read by the pool it is
created in: dir, fs, netfs, gluster, rbd and vstorage pools take image file formats (raw, dir, bochs,
cloop, dmg, iso, vpc, vdi, fat, vhd, ploop, cow, qcow, qcow2, qed, vmdk), disk pools take partition types
(none, linux, fat16, fat32, linux-swap, linux-lvm, linux-raid, extended), and the other pool types
(logical, iscsi, scsi, mpath, zfs …) ignore the format. libvirt refuses a value the pool does not know
with "unknown volume format type %s"; names are case-sensitive.

A volume file does not say which pool it goes to, so a value is reported when no pool type that reads
formats knows it: a format valid in some pool (qcow2, or a partition type) is not reported, even though
a logical pool would ignore qcow2 and a dir pool would refuse linux-swap.

Fix (safe): when the value is a known format in another case (\`QCOW2\`), write it in lower case.

Sources: libvirt \`src/conf/storage_conf.c\` (\`poolTypeInfo\` volume options, \`virStorageVolDefParseXML\`:
"unknown volume format type %s"), \`src/conf/storage_source_conf.c\` (\`virStorageFileFormat\`);
formatstorage ("Storage volume target elements": \`format\`), libvirt's storage driver page.`,
  check(ctx) {
    const out: Finding[] = [];
    for (const fmt of ctx.model.formats) {
      const attr = fmt.attr('type');
      if (!attr) continue;
      const problem = volumeFormatProblem(attr.value);
      if (problem) out.push({ ruleId: this.id, span: attr.valueSpan, message: `${problem}; <${fmt.parent?.name}><format type> is read by the pool.` });
    }
    return out;
  },
  fix(finding, ctx) {
    const attr = ctx.model.formats.map((f) => f.attr('type')).find((a) => a?.valueSpan.start === finding.span.start);
    if (!attr) return [];
    const lower = attr.value.toLowerCase();
    if (lower === attr.value || volumeFormatProblem(lower)) return [];
    return [{ title: `Write the format as '${lower}'`, edits: [replaceAttrValue(attr, lower)], safe: true }];
  },
};
