import { insertElement, quoteFor } from '../../../edits';
import type { FixProposal } from '../../../types';
import { PREFIX_OF_BUS } from '../model/names';
import { diskRule } from './common/diskRule';

/** The bus a new `<target>` gets: what libvirt and virt-install use for the device. */
function busFor(device: string, q35: boolean): string {
  if (device === 'floppy') return 'fdc';
  if (device === 'cdrom') return q35 ? 'sata' : 'ide';
  if (device === 'lun') return 'scsi';
  return 'virtio';
}

export const diskMissingTarget = diskRule({
  id: 'disk-missing-target',
  title: 'A disk needs <target dev>',
  defaultSeverity: 'error',
  subjects: ['devices/disk', 'disk/target', 'disk/target@dev'],
  docs: `Every \`<disk>\` needs a \`<target>\` with a \`dev\` name (\`vda\`, \`sdb\`, \`hdc\` …): libvirt orders the
disks by it, derives the bus and the drive address from it when they are not written, and refuses a disk
without it with "missing target information for device …" — in a domain at \`virsh define\`, and in a
device file at \`virsh attach-device\`.

Fix: add \`<target dev='…' bus='…'/>\` with the first name of the bus that no other disk of the document
uses (virtio for disks, sata or ide for CD-ROMs, scsi for LUNs, fdc for floppies). The guest sees a new
device name and bus, so the fix is never applied automatically.

Sources: libvirt \`src/conf/domain_conf.c\` (\`virDomainDiskDefParseXML\`: \`VIR_ERR_NO_TARGET\`, "missing
target information for device %s"); libvirt formatdomain ("Hard drives, floppy disks, CDROMs": \`target\`).`,
  checkDisk(disk, ctx, out) {
    if (disk.targetDev) return;
    const where = disk.target ? 'its <target> has no dev' : 'it has no <target>';
    out.push({
      ruleId: this.id,
      span: (disk.target ?? disk.el).nameSpan,
      message: `missing target information for device ${disk.sourcePath ?? disk.label}: ${where}; add <target dev='…' bus='…'/>.`,
    });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) return [];
    const written = disk.target?.attrValue('bus');
    const bus = written && PREFIX_OF_BUS[written] ? written : busFor(disk.device, ctx.model.isQ35);
    const name = ctx.model.targetNames.nthFree(PREFIX_OF_BUS[bus], 0);
    const q = quoteFor(disk.el, ctx.text);
    if (disk.target) {
      // dev first, where libvirt writes it.
      const at = disk.target.nameSpan.end;
      return [{ title: `Name the target '${name}' (guest-visible)`, edits: [{ start: at, end: at, newText: ` dev=${q}${name}${q}` }], safe: false }];
    }
    // libvirt writes <target> after <source> (and <backingStore>); before <readonly>, <address> and the rest.
    const after = disk.el.childrenNamed('backingStore')[0] ?? disk.source ?? disk.driver;
    const markup = `<target dev=${q}${name}${q} bus=${q}${bus}${q}/>`;
    const fix: FixProposal = { title: `Add <target dev='${name}' bus='${bus}'> (guest-visible)`, edits: [insertElement(disk.el, markup, ctx.text, after ? { after } : {})], safe: false };
    return [fix];
  },
});
