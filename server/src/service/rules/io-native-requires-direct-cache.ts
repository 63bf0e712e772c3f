import { removeAttr } from '../edits';
import type { Finding } from '../types';
import { setCacheFix } from './helpers';
import type { Rule } from './rule';

export const ioNativeRequiresDirectCache: Rule = {
  id: 'io-native-requires-direct-cache',
  title: "io='native' needs cache='none' or cache='directsync'",
  defaultSeverity: 'error',
  docs: `Linux native AIO (\`<driver io='native'>\`) only works on files opened with O_DIRECT, which QEMU
does only for the cache modes \`none\` and \`directsync\`. libvirt's QEMU driver refuses any other
mode, including a missing \`cache\` (QEMU's default is \`writeback\`), with the error
"io='native' needs either no disk cache or directsync cache mode".

Fix: write \`cache='none'\` (preferred), or \`cache='directsync'\`, or drop \`io='native'\`.

Sources: libvirt \`src/qemu/qemu_validate.c\` (the error above); QEMU \`qemu-options.hx\` (\`aio=native\`
requires \`cache.direct=on\`).`,
  check(ctx) {
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      if (disk.io !== 'native') continue;
      const io = disk.driverAttr('io')!;
      const cache = disk.cache;
      if (cache === 'none' || cache === 'directsync') continue;
      const mode = cache === undefined ? 'no cache mode (QEMU default writeback)' : `cache='${cache}'`;
      out.push({
        ruleId: this.id,
        span: io.span,
        message: `io='native' needs either no disk cache or directsync cache mode: <driver io='native'> is used with ${mode}; set cache='none' or cache='directsync'.`,
      });
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.diskAt(finding.span);
    const io = disk?.driverAttr('io');
    if (!disk || !io) return [];
    return [
      setCacheFix(disk, 'none', ctx, true),
      setCacheFix(disk, 'directsync', ctx, false),
      { title: "Remove io='native'", edits: [removeAttr(io, ctx.text)], safe: false },
    ];
  },
};
