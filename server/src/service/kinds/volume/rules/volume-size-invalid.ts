import type { Rule } from '../../../rule';
import type { Finding } from '../../../types';
import { readSize } from '../../storage/sizes';
import type { VolumeModel } from '../model';

const ULLONG_MAX = (1n << 64n) - 1n;

export const volumeSizeInvalid: Rule<VolumeModel> = {
  id: 'volume-size-invalid',
  title: 'Volume sizes need a whole number and a unit libvirt knows',
  defaultSeverity: 'error',
  subjects: ['volume/capacity', 'volume/capacity@unit', 'volume/allocation', 'volume/allocation@unit', 'target/clusterSize', 'target/clusterSize@unit'],
  docs: `\`<capacity>\` and \`<allocation>\` hold a whole number of the unit in \`unit\`: bytes (b, byte, bytes),
binary units (k, m, g, t, p, e alone or with iB: powers of 1024) or decimal units (KB, MB, GB, TB, PB, EB:
powers of 1000), in any case. libvirt refuses anything else when the volume is created: a number it
cannot read ("malformed capacity element", for both elements), a unit it does not know ("unknown suffix
'%s'") and more than 2^63-1 bytes ("value too large"). \`<target><clusterSize>\` is read the same way
("Invalid value '%s' for element or attribute './target/clusterSize'").

No fix: only you know the size you meant.

Sources: libvirt \`src/conf/storage_conf.c\` (\`virStorageSize\`, \`virStorageVolDefParseXML\`),
\`src/util/virutil.c\` (\`virScaleInteger\`), \`src/util/virxml.c\` (\`virParseScaledValue\`); formatstorage
("Storage volume general metadata": \`allocation\`, \`capacity\` and their units).`,
  check(ctx) {
    const m = ctx.model;
    const out: Finding[] = [];
    const cluster = m.target?.child('clusterSize');
    const sizes = [m.capacity, m.allocation, cluster ? readSize(cluster, ULLONG_MAX, `Invalid value '${cluster.textContent()}' for element or attribute './target/clusterSize'`) : undefined];
    for (const s of sizes) if (s?.problem && s.problemSpan) out.push({ ruleId: this.id, span: s.problemSpan, message: `${s.problem}.` });
    return out;
  },
};
