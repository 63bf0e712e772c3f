import { removeElement } from '../../../edits';
import type { Rule } from '../../../rule';
import type { PoolModel } from '../model';

export const poolCowFeatureType: Rule<PoolModel> = {
  id: 'pool-cow-feature-type',
  title: "<features><cow> only on 'dir' and 'fs' pools",
  defaultSeverity: 'error',
  subjects: ['features/cow', 'features/cow@state', 'pool@type'],
  docs: `\`<features><cow state>\` controls copy-on-write of the image files in a btrfs directory: it only means
something for pools whose volumes are files in a local directory, and libvirt refuses it on any other
pool type with "cow feature may only be used for 'fs' and 'dir' pools".

Fix (safe: the pool never had the feature): remove \`<features>\` when \`<cow>\` is all it holds, else
the \`<cow>\` element.

Sources: libvirt \`src/conf/storage_conf.c\` (\`virStoragePoolDefParseFeatures\`); formatstorage
("Features": \`cow\`).`,
  check(ctx) {
    const m = ctx.model;
    const cow = m.root.child('features')?.child('cow');
    if (!cow || cow.attrValue('state') === undefined || !m.poolType || m.type === 'dir' || m.type === 'fs') return [];
    return [{ ruleId: this.id, span: cow.nameSpan, message: `cow feature may only be used for 'fs' and 'dir' pools: this is a ${m.type} pool, whose volumes are not files of a local directory.` }];
  },
  fix(finding, ctx) {
    const features = ctx.model.root.child('features');
    const cow = features?.child('cow');
    if (!features || !cow) return [];
    const target = features.children.length === 1 ? features : cow;
    return [{ title: `Remove <${target.name}> (${ctx.model.type} pools have no copy-on-write setting)`, edits: [removeElement(target, ctx.text)], safe: true }];
  },
};
