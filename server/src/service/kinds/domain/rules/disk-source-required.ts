import { diskRule } from './common/diskRule';

/** The `<source>` attribute that names the storage, per disk type (libvirt's virStorageSourceIsEmpty). */
const SOURCE_ATTR: Readonly<Record<string, string>> = { file: 'file', block: 'dev', dir: 'dir', network: 'protocol' };

export const diskSourceRequired = diskRule({
  id: 'disk-source-required',
  title: "A hard disk needs a <source>; only CD-ROMs and floppies may be empty",
  defaultSeverity: 'error',
  subjects: ['devices/disk@device', 'devices/disk@type', 'disk/source', 'disk/source@file', 'disk/source@dev', 'disk/source@dir', 'disk/source@protocol'],
  docs: `A \`<disk device='disk'>\` (the default device) must name its storage: \`<source file>\` for \`type='file'\`,
\`<source dev>\` for block devices, \`<source dir>\` for directories, \`<source protocol>\` for network disks.
Only removable media — \`device='cdrom'\` and \`device='floppy'\` — may have no source (an empty drive), and
\`device='lun'\` has its own rule. libvirt refuses a hard disk without one with "missing source information
for device vda" (\`VIR_ERR_NO_SOURCE\`), in a domain and in a device file for \`virsh attach-device\`; a
network disk's \`<source>\` without \`protocol\` stops its parser earlier ("Missing required attribute 'protocol'
in element 'source'").

There is no fix: only you know which image or device the disk is. To add a drive without media, make it a
CD-ROM (\`device='cdrom'\`).

Sources: libvirt \`src/conf/domain_validate.c\` (\`virDomainDiskDefValidate\`: only CD-ROMs and floppies may lack
a source); \`src/conf/storage_source_conf.c\` (\`virStorageSourceIsEmpty\`); \`src/util/virerror.c\`
(\`VIR_ERR_NO_SOURCE\`); \`src/conf/domain_conf.c\` (\`virDomainDiskSourceNetworkParse\`); libvirt formatdomain "Hard drives, floppy disks, CDROMs" (\`source\`).`,
  checkDisk(disk, ctx, out) {
    if (disk.source && disk.type === 'network' && !disk.source.attr('protocol')) {
      // libvirt's parser stops at the <source> first (virDomainDiskSourceNetworkParse).
      out.push({ ruleId: this.id, span: disk.source.nameSpan, message: `Missing required attribute 'protocol' in element 'source': disk ${disk.targetDev ?? disk.label} is a network disk, so its <source> names the protocol (nbd, iscsi, rbd, http …).` });
      return;
    }
    if (disk.device !== 'disk') return;
    const attr = SOURCE_ATTR[disk.type];
    if (!attr || !disk.isSourceEmpty) return;
    const where = disk.source ? `its <source> has no ${attr}` : 'it has no <source>';
    out.push({
      ruleId: this.id,
      span: (disk.source ?? disk.el).nameSpan,
      message: `missing source information for device ${disk.targetDev ?? disk.label}: ${where}; a <disk type='${disk.type}' device='disk'> needs <source ${attr}='…'> (only a cdrom or floppy may be empty).`,
    });
  },
});
