import { replaceAttrValue } from '../../../edits';
import type { Rule } from '../../../rule';
import type { Finding } from '../../../types';
import { sourceFormatProblem } from '../../storage/poolTypes';
import type { PoolModel } from '../model';

export const poolSourceFormatUnknown: Rule<PoolModel> = {
  id: 'pool-source-format-unknown',
  title: "A pool's <source><format type> must be one its type knows",
  defaultSeverity: 'error',
  subjects: ['source/format', 'source/format@type', 'pool@type', 'source/protocol', 'source/protocol@ver'],
  docs: `fs, netfs, disk and logical pools read \`<source><format type>\`: a file system (fs: auto, ext2, ext3,
ext4, ufs, iso9660, udf, gfs, gfs2, vfat, hfs+, xfs, ocfs2, vmfs), a network file system (netfs: auto,
nfs, glusterfs, cifs), a partition table (disk: unknown, dos, dvh, gpt, mac, bsd, pc98, sun, lvm2) or the
LVM metadata (logical: unknown, lvm2). libvirt refuses any other value with "unknown pool format type %s";
the names are case-sensitive. For netfs, \`<protocol ver>\` only goes with the nfs and auto formats
("storage pool protocol ver unsupported for pool type '%s'") and may not contain a comma.

Fix (safe): when the value is a known format written in another case (\`NFS\`), write it in lower case.

Sources: libvirt \`src/conf/storage_conf.c\` (\`poolTypeInfo\` format enums, \`virStoragePoolDefParseSource\`:
"unknown pool format type %s", the protocol checks); formatstorage ("Source elements": \`format\`, \`protocol\`).`,
  check(ctx) {
    const m = ctx.model;
    const p = m.poolType;
    const src = m.source;
    if (!p || !src) return [];
    const out: Finding[] = [];
    const fmt = src.child('format');
    const attr = fmt?.attr('type');
    if (attr) {
      const problem = sourceFormatProblem(attr.value, p);
      if (problem) out.push({ ruleId: this.id, span: attr.valueSpan, message: `${problem}.` });
    }
    const ver = src.child('protocol')?.attr('ver');
    if (ver && p.type === 'netfs') {
      const format = attr?.value ?? 'auto';
      if (format !== 'nfs' && format !== 'auto') out.push({ ruleId: this.id, span: ver.nameSpan, message: `storage pool protocol ver unsupported for pool type '${format}': <source><protocol ver> is for NFS (format nfs or auto).` });
      else if (ver.value.includes(',')) out.push({ ruleId: this.id, span: ver.valueSpan, message: `storage pool protocol ver '${ver.value}' must not contain ',': write one NFS version in <source><protocol ver>.` });
    }
    return out;
  },
  fix(finding, ctx) {
    const attr = ctx.model.source?.child('format')?.attr('type');
    const p = ctx.model.poolType;
    if (!attr || !p || attr.valueSpan.start !== finding.span.start) return [];
    const lower = attr.value.toLowerCase();
    if (lower === attr.value || sourceFormatProblem(lower, p)) return [];
    return [{ title: `Write the format as '${lower}'`, edits: [replaceAttrValue(attr, lower)], safe: true }];
  },
};
