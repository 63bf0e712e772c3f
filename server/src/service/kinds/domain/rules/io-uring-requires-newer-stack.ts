import { diskRule } from './common/diskRule';


export const ioUringRequiresNewerStack = diskRule({
  id: 'io-uring-requires-newer-stack',
  title: "io='io_uring' needs libvirt 6.3 and QEMU 5.0 or newer",
  defaultSeverity: 'info',
  subjects: ['disk/driver@io', 'disk/driver@io=io_uring'],
  docs: `\`<driver io='io_uring'>\` asks QEMU to submit disk I/O through Linux io_uring. libvirt accepts the
value since 6.3.0 and QEMU implements it since 5.0; with an older QEMU binary libvirt's QEMU driver
refuses the domain with "io uring is not supported by this QEMU binary", and the host kernel must
support io_uring too (Linux 5.1 or newer). On current hosts the setting is fine, hence info only.

Fix: none needed on current stacks. On older hosts use \`io='native'\` together with \`cache='none'\`
(native AIO needs O_DIRECT), or leave \`io\` out (QEMU's default is a thread pool).

Sources: libvirt formatdomain "Hard drives, floppy disks, CDROMs" (\`io\`: io_uring since 6.3.0, QEMU 5.0);
libvirt \`src/qemu/qemu_validate.c\` (the error above); QEMU \`qemu-options.hx\` (\`aio\` defaults to threads).`,
  checkDisk(disk, ctx, out) {
    const io = disk.driverAttr('io');
    if (io?.value !== 'io_uring') return;
    out.push({
      ruleId: this.id,
      span: io.span,
      message: "<driver io='io_uring'> needs libvirt 6.3 and QEMU 5.0 or newer; older QEMU binaries fail with 'io uring is not supported by this QEMU binary'.",
    });
  },
});
