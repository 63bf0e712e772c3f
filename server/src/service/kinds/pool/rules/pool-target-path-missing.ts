import { insertElement, eolOf, indentOf } from '../../../edits';
import type { Rule } from '../../../rule';
import type { PoolModel } from '../model';

export const poolTargetPathMissing: Rule<PoolModel> = {
  id: 'pool-target-path-missing',
  title: 'A pool of this type needs <target><path>',
  defaultSeverity: 'error',
  subjects: ['pool/target', 'target/path', 'pool@type'],
  docs: `dir, fs, netfs, disk, iscsi, scsi, mpath and vstorage pools live at a directory of the host: the
directory of their image files, the mount point, or the directory of their device nodes. libvirt refuses
such a pool without \`<target><path>\` with "missing storage pool target path" (\`virsh pool-define\`).
logical and zfs pools make the path from the source name (/dev/VG, /dev/zvol/POOL) and network pools (rbd,
sheepdog, gluster, iscsi-direct) have no target, so they are not reported.

Fix (not applied automatically): for device pools, add the conventional directory (disk: /dev; iscsi and
scsi: /dev/disk/by-path; mpath: /dev/mapper). For directory-like pools the path is where the data goes,
so no fix is offered: write it yourself.

Sources: libvirt \`src/conf/storage_conf.c\` (\`virStoragePoolDefParseXML\`: "missing storage pool target
path"; the \`VIR_STORAGE_POOL_SOURCE_NETWORK\` flag and the logical/zfs defaults); formatstorage ("Storage
pool target elements").`,
  check(ctx) {
    const m = ctx.model;
    const p = m.poolType;
    if (!p || p.target !== 'required') return [];
    const path = m.target?.child('path');
    if (path && path.textContent() !== '') return [];
    const where = !m.target ? 'it has no <target>' : !path ? 'its <target> has no <path>' : 'its <target><path> is empty';
    return [
      {
        ruleId: this.id,
        span: (path ?? m.target ?? m.root).nameSpan,
        message: `missing storage pool target path: ${p.type} pools need <target><path>, the host directory of their ${p.volumeFormats === 'file' ? 'volumes' : 'device nodes'}, and ${where}.`,
      },
    ];
  },
  fix(finding, ctx) {
    const m = ctx.model;
    const dir = m.poolType?.conventionalTarget;
    if (!dir) return [];
    const title = `Use ${dir} as the target path (where ${m.poolType!.type} pools usually find their devices)`;
    const path = m.target?.child('path');
    if (path && path.endTag) return [{ title, edits: [{ ...path.contentSpan, newText: dir }], safe: false }];
    if (path) return [{ title, edits: [{ start: path.start, end: path.end, newText: `<path>${dir}</path>` }], safe: false }];
    if (m.target) return [{ title, edits: [insertElement(m.target, `<path>${dir}</path>`, ctx.text, m.target.children[0] ? { before: m.target.children[0] } : {})], safe: false }];
    const eol = eolOf(ctx.text);
    const step = (m.source && indentOf(m.source, ctx.text)) ?? '  ';
    const markup = `<target>${eol}${step}${step}<path>${dir}</path>${eol}${step}</target>`;
    const after = m.source ?? m.root.children[m.root.children.length - 1];
    return [{ title, edits: [insertElement(m.root, markup, ctx.text, after ? { after } : {})], safe: false }];
  },
};
