import type { Rule } from '../../../rule';
import type { Finding } from '../../../types';
import { requiredSourceParts } from '../../storage/poolTypes';
import type { PoolModel } from '../model';

export const poolSourceMissingParts: Rule<PoolModel> = {
  id: 'pool-source-missing-parts',
  title: 'A pool type needs its source parts (host, device, dir, name, initiator, adapter)',
  defaultSeverity: 'error',
  subjects: ['pool/source', 'source/host', 'source/host@name', 'source/device', 'source/device@path', 'source/dir', 'source/dir@path', 'source/name', 'source/initiator', 'source/adapter', 'pool@type'],
  docs: `libvirt knows for each pool type which parts of \`<source>\` it needs and refuses the pool without
them, in these words:
- netfs, iscsi, iscsi-direct, rbd, sheepdog, gluster: a \`<host name>\` ("missing storage pool source host name");
- netfs: a \`<dir path>\` ("missing storage pool source path");
- fs and disk: a \`<device path>\` ("missing storage pool source device name");
- rbd: a \`<name>\` (the Ceph pool; "element 'name' is mandatory for RBD pool");
- iscsi-direct: an \`<initiator><iqn name>\` ("missing initiator IQN");
- scsi: an \`<adapter>\` ("missing storage pool source adapter").
A \`<host>\` without \`name\` and a \`<device>\` without \`path\` are refused as well ("missing storage pool
host name", "missing storage pool source device path"). logical, iscsi and zfs pools may leave the device
out of the definition (libvirt checks it when the pool is built or started).

No fix: only you know the server, the export or the device.

Sources: libvirt \`src/conf/storage_conf.c\` (\`poolTypeInfo\` flags, \`virStoragePoolDefParseXML\`,
\`virStoragePoolDefParseSource\`), \`src/conf/storage_adapter_conf.c\` (\`virStorageAdapterValidate\`);
formatstorage ("Source elements").`,
  check(ctx) {
    const m = ctx.model;
    const p = m.poolType;
    const out: Finding[] = [];
    const src = m.source;
    if (src) {
      for (const host of src.childrenNamed('host')) if (host.attrValue('name') === undefined) out.push({ ruleId: this.id, span: host.nameSpan, message: 'missing storage pool host name: this <source><host> has no name attribute.' });
      for (const dev of src.childrenNamed('device')) if (dev.attrValue('path') === undefined) out.push({ ruleId: this.id, span: dev.nameSpan, message: 'missing storage pool source device path: this <source><device> has no path attribute.' });
    }
    if (!p) return out;
    for (const need of requiredSourceParts(p)) {
      const el = src?.child(need.element);
      const present = need.part === 'initiator' ? el?.child('iqn')?.attrValue('name') !== undefined : need.attr ? el?.attrValue(need.attr) !== undefined : el !== undefined;
      if (present) continue;
      // A host or device written without its attribute is reported above, once.
      if (el && (need.part === 'host' || need.part === 'device')) continue;
      const what = need.part === 'initiator' ? '<source><initiator><iqn name>' : need.attr ? `<source><${need.element} ${need.attr}>` : `<source><${need.element}>`;
      out.push({ ruleId: this.id, span: (el ?? src ?? m.root).nameSpan, message: `${need.message}: ${p.type} pools need ${what}.` });
    }
    return out;
  },
};
