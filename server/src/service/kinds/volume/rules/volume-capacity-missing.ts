import type { Rule } from '../../../rule';
import type { VolumeModel } from '../model';

export const volumeCapacityMissing: Rule<VolumeModel> = {
  id: 'volume-capacity-missing',
  title: 'A new volume needs <capacity>',
  defaultSeverity: 'error',
  subjects: ['volume/capacity', 'volume/backingStore'],
  docs: `\`virsh vol-create\` needs to know how large the volume is: libvirt refuses a volume without
\`<capacity>\` (or with an empty one) with "missing capacity element". A volume with a backing store may
leave it out (libvirt's storage driver takes the backing image's size), and so may the XML given to
\`virsh vol-create-from\` (the size of the volume it copies); those are not reported. libvirt's test
driver is stricter and refuses both.

No fix: only you know the size.

Sources: libvirt \`src/conf/storage_conf.c\` (\`virStorageVolDefParseXML\`: "missing capacity element",
\`VIR_VOL_XML_PARSE_OPT_CAPACITY\`), \`src/storage/storage_driver.c\` (\`storageVolCreateXML\`,
\`storageVolCreateXMLFrom\`); formatstorage ("Storage volume general metadata": \`capacity\`).`,
  check(ctx) {
    const m = ctx.model;
    if ((m.capacity && !m.capacity.empty) || m.hasBackingStore) return [];
    return [
      {
        ruleId: this.id,
        span: (m.capacity?.el ?? m.root).nameSpan,
        message: `missing capacity element: ${m.label} has ${m.capacity ? 'an empty <capacity>' : 'no <capacity>'} and no backing store to take the size from; add <capacity unit='G'>…</capacity>.`,
      },
    ];
  },
};
