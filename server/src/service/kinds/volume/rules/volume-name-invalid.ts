import type { Rule } from '../../../rule';
import type { VolumeModel } from '../model';

export const volumeNameInvalid: Rule<VolumeModel> = {
  id: 'volume-name-invalid',
  title: "A volume needs a <name> without '/'",
  defaultSeverity: 'error',
  subjects: ['volume/name'],
  docs: `A volume's name is its name in the pool and, in directory-like pools (dir, fs, netfs, vstorage), the
name of its file in the pool's directory. libvirt refuses a volume without \`<name>\` ("missing volume
name element") and, when it creates the file, a name with a slash, which would escape to another
directory ("volume name '%s' cannot contain '/'").

No fix: choose the name yourself.

Sources: libvirt \`src/conf/storage_conf.c\` (\`virStorageVolDefParseXML\`: "missing volume name element"),
\`src/storage/storage_util.c\` (\`virStorageBackendVolCreateLocal\`: "volume name '%s' cannot contain
'/'"); formatstorage ("Storage volume general metadata": \`name\`).`,
  check(ctx) {
    const m = ctx.model;
    const el = m.nameEl;
    if (!el || el.textContent() === '') return [{ ruleId: this.id, span: (el ?? m.root).nameSpan, message: `missing volume name element: this <volume> has ${el ? 'an empty' : 'no'} <name>; write the volume's name in its pool.` }];
    const name = el.textContent();
    if (!name.includes('/')) return [];
    return [{ ruleId: this.id, span: el.endTag ? el.contentSpan : el.nameSpan, message: `volume name '${name}' cannot contain '/': <volume><name> is a file name in the pool's directory, not a path.` }];
  },
};
