import { diskRule, qemuOnly } from './common/diskRule';


export const networkDiskSourceConstraints = diskRule({
  id: 'network-disk-source-constraints',
  title: 'An iSCSI network disk needs exactly one host',
  defaultSeverity: 'error',
  subjects: ['disk/source@protocol', 'source/host', 'devices/disk@type'],
  docs: `QEMU's iSCSI block driver connects to one portal: libvirt builds it from the single \`<host name port>\`
of \`<disk type='network'><source protocol='iscsi'>\`. Without a \`<host>\` there is nothing to connect
to and libvirt stops when it builds the QEMU command line: "iSCSI protocol accepts only one host"
(error). With several \`<host>\` elements only the first becomes the portal and the others are
ignored (warning): list the other portals of a multipath target as separate disks, or use
multipath on the host and a \`<disk type='block'>\`.

No fix is offered: the portal's address is only known to the administrator.

Sources: libvirt \`src/qemu/qemu_block.c\` (iSCSI portal from the first host; "… protocol accepts only
one host" for single-host protocols); libvirt test \`disk-network-iscsi-zero-hosts-invalid\`; libvirt
formatdomain (\`source\` \`host\`).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const source = disk.source;
    if (disk.type !== 'network' || !source || source.attrValue('protocol') !== 'iscsi') return;
    const hosts = source.childrenNamed('host');
    const name = disk.label;
    if (hosts.length === 0) {
      out.push({ ruleId: this.id, span: source.nameSpan, message: `iSCSI protocol accepts only one host: the iSCSI <source> of disk ${name} has no <host>.` });
    } else if (hosts.length > 1) {
      out.push({
        ruleId: this.id,
        span: hosts[1].nameSpan,
        severity: 'warning',
        message: `iSCSI protocol accepts only one host: disk ${name} lists ${hosts.length} <host> elements, QEMU connects only to the first.`,
      });
    }
  },
});
