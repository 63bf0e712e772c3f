import { isDirectCache } from '../model/cache';
import { diskRule } from './common/diskRule';
import { removeAttr } from '../../../edits';
import { setCacheFix } from './common/fixes';


export const ioNativeRequiresDirectCache = diskRule({
  id: 'io-native-requires-direct-cache',
  title: "io='native' needs cache='none' or cache='directsync'",
  defaultSeverity: 'error',
  subjects: ['disk/driver@cache', 'disk/driver@io', 'disk/driver@io=native'],
  docs: `Linux native AIO (\`<driver io='native'>\`) only works on files opened with O_DIRECT, which QEMU
does only for the cache modes \`none\` and \`directsync\`. libvirt's QEMU driver refuses any other
mode, including a missing \`cache\` (QEMU's default is \`writeback\`), with the error
"io='native' needs either no disk cache or directsync cache mode".

Fix: write \`cache='none'\` (preferred), or \`cache='directsync'\`, or drop \`io='native'\`.

Sources: libvirt \`src/qemu/qemu_validate.c\` (the error above); QEMU \`qemu-options.hx\` (\`aio=native\`
requires \`cache.direct=on\`).`,
  checkDisk(disk, ctx, out) {
    if (disk.io !== 'native') return;
    const io = disk.driverAttr('io')!;
    const cache = disk.cache;
    if (isDirectCache(cache)) return;
    const mode = cache === undefined ? 'no cache mode (QEMU default writeback)' : `cache='${cache}'`;
    out.push({
      ruleId: this.id,
      span: io.span,
      message: `io='native' needs either no disk cache or directsync cache mode: <driver io='native'> is used with ${mode}; set cache='none' or cache='directsync'.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const io = disk?.driverAttr('io');
    if (!disk || !io) return [];
    return [
      setCacheFix(disk, 'none', ctx.text, true),
      setCacheFix(disk, 'directsync', ctx.text, false),
      { title: "Remove io='native'", edits: [removeAttr(io, ctx.text)], safe: false },
    ];
  },
});
