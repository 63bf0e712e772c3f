import { diskRule } from './common/diskRule';
import { setDriverAttr } from './common/fixes';


export const detectZeroesUnmapWithoutDiscard = diskRule({
  id: 'detect-zeroes-unmap-without-discard',
  title: "detect_zeroes='unmap' needs discard='unmap'",
  defaultSeverity: 'warning',
  subjects: ['disk/driver@discard', 'disk/driver@detect_zeroes'],
  docs: `\`<driver detect_zeroes='unmap'>\` asks QEMU to turn writes of zeroes into discards, but a discard
only reaches the storage when \`discard='unmap'\` is set as well. Without it (\`discard\` missing or
\`ignore\`) QEMU behaves exactly as with \`detect_zeroes='on'\`: zero writes are detected (which costs CPU
time) and turned into write-zeroes requests that keep the space allocated — while the XML suggests
that space is given back.

The rule reports such a \`detect_zeroes\` on writable disks.

Fix: add \`discard='unmap'\` to get what \`detect_zeroes='unmap'\` asks for (this also passes the guest's
own discards to the host, so it is not applied automatically); or write \`detect_zeroes='on'\`, which
states what already happens and is applied by fix-all.

Sources: libvirt formatdomain, *Hard drives, floppy disks, CDROMs* (\`detect_zeroes\`: \`unmap\` acts as
\`on\` unless \`discard\` is \`unmap\`); QEMU \`qemu-options.hx\` (\`detect-zeroes=unmap\` needs
\`discard=unmap\`); libvirt \`src/qemu/qemu_command.c\` (the downgrade to \`on\`).`,
  checkDisk(disk, ctx, out) {
    const dz = disk.driverAttr('detect_zeroes');
    if (!dz || dz.value !== 'unmap' || !disk.isWritable) return;
    const discard = disk.driverAttr('discard')?.value;
    if (discard !== undefined && discard !== 'ignore') return;
    const why = discard === undefined ? 'without <driver discard>' : "with discard='ignore'";
    out.push({
      ruleId: this.id,
      span: dz.span,
      message: `<driver detect_zeroes='unmap'> ${why} acts like detect_zeroes='on': zero writes are not unmapped; add discard='unmap' or write detect_zeroes='on'.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const dz = disk?.driverAttr('detect_zeroes');
    if (!disk || !dz) return [];
    return [
      { title: "Set <driver discard='unmap'>", edits: [setDriverAttr(disk, 'discard', 'unmap', ctx.text)], safe: false },
      { title: "Set <driver detect_zeroes='on'> (what QEMU does now)", edits: [setDriverAttr(disk, 'detect_zeroes', 'on', ctx.text)], safe: true },
    ];
  },
});
