import type { DomainRule } from './common/diskRule';
import { removeElement, replaceAttrValue } from '../../../edits';
import type { Finding, FixProposal, OffsetEdit } from '../../../types';
import { convertToVirtioBlk } from '../refactor/convert';
import { busSpan } from './common/spans';


const MESSAGE = 'IDE controllers are unsupported for this QEMU binary or machine type';

export const ideOnQ35: DomainRule = {
  id: 'ide-on-q35',
  title: 'The q35 machine type has no IDE bus',
  defaultSeverity: 'error',
  subjects: ['disk/target@bus', 'disk/target@bus=ide', 'devices/controller', 'devices/controller@type=ide', 'os/type@machine'],
  docs: `The q35 chipset (ICH9) has an AHCI (SATA) controller instead of the PIIX IDE controller of the
i440fx \`pc\` machine, and QEMU offers no IDE bus on it. libvirt's QEMU driver refuses an IDE disk
(\`bus='ide'\`, or no \`bus\` and an \`hdX\` name) or a \`<controller type='ide'>\` on a q35 machine with
"IDE controllers are unsupported for this QEMU binary or machine type". The first SATA controller
of q35 is built in, so SATA needs no extra controller.

Fix: \`bus='sata'\` with the first free \`sdX\` name (and the IDE drive address removed so that libvirt
assigns a SATA one); for data disks virtio is the faster choice. Guest-visible, never automatic.

Sources: libvirt \`src/qemu/qemu_validate.c\` (IDE controller support per machine type); virt-manager
\`virtinst/devices/disk.py\` (q35 cdroms default to sata); libvirt formatdomain "Controllers".`,
  check(ctx) {
    if (!ctx.model.isQ35) return [];
    const out: Finding[] = [];
    for (const disk of ctx.model.disks) {
      if (disk.bus !== 'ide') continue;
      out.push({ ruleId: this.id, span: busSpan(disk), message: `${MESSAGE}: the disk ${disk.label} uses bus 'ide' on the q35 machine '${ctx.model.machine}'; use bus='sata'.` });
    }
    for (const c of ctx.model.controllers) {
      if (c.type !== 'ide') continue;
      out.push({ ruleId: this.id, span: c.el.attr('type')!.span, message: `${MESSAGE}: <controller type='ide'> on the q35 machine '${ctx.model.machine}'; q35 has a built-in SATA controller instead.` });
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    if (!disk) {
      const c = ctx.model.controllers.find((x) => x.el.start <= finding.span.start && finding.span.end <= x.el.end);
      return c ? [{ title: "Remove <controller type='ide'>", edits: [removeElement(c.el, ctx.text)], safe: false }] : [];
    }
    const target = disk.target;
    if (!target) return [];
    const edits: OffsetEdit[] = [];
    const bus = target.attr('bus');
    const dev = target.attr('dev');
    const name = ctx.model.targetNames.nthFree('sd', 0);
    if (dev) edits.push(replaceAttrValue(dev, name));
    edits.push(bus ? replaceAttrValue(bus, 'sata') : { start: (dev ?? target.attrs[target.attrs.length - 1]).span.end, end: (dev ?? target.attrs[target.attrs.length - 1]).span.end, newText: ` bus=${dev?.quote || "'"}sata${dev?.quote || "'"}` });
    if (disk.address) edits.push(removeElement(disk.address, ctx.text));
    const fixes: FixProposal[] = [{ title: `Move the disk to bus='sata' as '${name}' (guest-visible)`, edits, safe: false }];
    if (disk.device === 'disk' && ctx.model.devices) fixes.push({ title: 'Convert the disk to virtio-blk (guest-visible)', edits: convertToVirtioBlk(ctx.model, disk), safe: false });
    return fixes;
  },
};
