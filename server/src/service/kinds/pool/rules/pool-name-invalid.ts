import type { Rule } from '../../../rule';
import type { Finding } from '../../../types';
import { sourceNameNamesPool } from '../../storage/poolTypes';
import type { PoolModel } from '../model';

export const poolNameInvalid: Rule<PoolModel> = {
  id: 'pool-name-invalid',
  title: "A pool needs a <name> without '/'",
  defaultSeverity: 'error',
  subjects: ['pool/name', 'source/name'],
  docs: `A pool's name identifies it on the host (\`virsh pool-start NAME\`) and names its configuration file, so
libvirt refuses a name that contains a slash ("name %s cannot contain '/'") and a pool without a name
("missing pool source name element"). logical, rbd, sheepdog, gluster, zfs and vstorage pools may leave
\`<name>\` out: they take the source name (\`<source><name>\`) instead, and only a pool with neither is
reported.

Fix (not applied automatically, the name is the pool's identity): write the name with '-' for each '/'.

Sources: libvirt \`src/conf/storage_conf.c\` (\`virStoragePoolDefParseXML\`: "missing pool source name
element", "name %s cannot contain '/'"); formatstorage ("Storage pool general metadata": \`name\`).`,
  check(ctx) {
    const m = ctx.model;
    const out: Finding[] = [];
    if (m.nameEl) {
      const name = m.nameEl.textContent();
      if (name.includes('/')) out.push({ ruleId: this.id, span: m.nameEl.endTag ? m.nameEl.contentSpan : m.nameEl.nameSpan, message: `name ${name} cannot contain '/': libvirt names the pool's files after <pool><name>.` });
      return out;
    }
    if (m.poolType && sourceNameNamesPool(m.poolType) && m.name) return out;
    const how = m.poolType && sourceNameNamesPool(m.poolType) ? 'write <name> or a <source><name> it can take' : 'add <name>';
    out.push({ ruleId: this.id, span: m.root.nameSpan, message: `missing pool source name element: this <pool> has no <name>; ${how}.` });
    return out;
  },
  fix(finding, ctx) {
    const el = ctx.model.nameEl;
    if (!el?.endTag) return [];
    const name = el.textContent();
    if (!name.includes('/')) return [];
    const fixed = name.replace(/\//g, '-');
    return [{ title: `Rename the pool to '${fixed}'`, edits: [{ ...el.contentSpan, newText: fixed }], safe: false }];
  },
};
