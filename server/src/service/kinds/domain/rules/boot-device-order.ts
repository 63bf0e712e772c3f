import type { XAttr, XElement } from '../../../parse/xmlTree';
import { removeElement, replaceAttrValue } from '../../../edits';
import type { Finding, FixProposal } from '../../../types';
import { BOOT_DEV_SPELLINGS, BOOT_DEVS } from '../model/boot';
import type { DomainRule } from './common/diskRule';
import { enumFinding } from './common/enums';

/** The `<boot order>` elements of the devices, in document order. */
function perDeviceBoots(devices: readonly XElement[]): { device: XElement; boot: XElement; order: XAttr | undefined }[] {
  const out: { device: XElement; boot: XElement; order: XAttr | undefined }[] = [];
  for (const device of devices) {
    for (const boot of device.childrenNamed('boot')) out.push({ device, boot, order: boot.attr('order') });
  }
  return out;
}

export const bootDeviceOrder: DomainRule = {
  id: 'boot-device-order',
  title: '<os><boot dev> takes hd, cdrom, network or fd, and not together with per-device <boot order>',
  defaultSeverity: 'error',
  subjects: ['os/boot', 'os/boot@dev', 'disk/boot', 'disk/boot@order', 'interface/boot', 'interface/boot@order'],
  docs: `There are two ways to set the boot order, and libvirt takes one of them per domain:
- \`<os><boot dev='…'/>\`, one element per device class in order: \`hd\`, \`cdrom\`, \`network\` or \`fd\` — any other
  value is refused with "Invalid value for attribute 'dev' in element 'boot'";
- \`<boot order='N'/>\` inside the devices (\`<disk>\`, \`<interface>\`, \`<hostdev>\` …), which can pick one disk
  among several; each N once ("boot order '1' used for more than one device"; for a device being attached,
"boot order 1 is already used by another device").

Both at once are refused with "per-device boot elements cannot be used together with os/boot elements" —
at \`virsh define\`, and at \`virsh attach-device\` when the device file has a \`<boot order>\` and the domain
uses \`<os><boot>\`.

Fix: a value written in other words (\`disk\`, \`pxe\`, \`floppy\` …) becomes libvirt's spelling; with both kinds,
remove the \`<os><boot>\` elements (the per-device order is the finer one), or for a device being attached,
its \`<boot>\`. The guest may boot from another device afterwards, so no fix is applied automatically.

Sources: libvirt \`src/conf/domain_conf.c\` (\`virDomainDefParseBootXML\`, the virDomainBoot enum,
\`virDomainDefCompatibleDevice\`,
\`virDomainDeviceInfoCheckBootIndex\`); \`src/conf/domain_postparse.c\` (\`virDomainDefBootOrderPostParse\`,
\`virDomainDefCollectBootOrder\`); \`src/util/virxml.c\` (\`virXMLPropEnum\`); libvirt formatdomain "BIOS
bootloader" and "Hard drives, floppy disks, CDROMs" (\`boot\`).`,
  check(ctx) {
    const out: Finding[] = [];
    const model = ctx.model;
    const osBoots = model.os?.childrenNamed('boot') ?? [];
    for (const b of osBoots) {
      const dev = b.attr('dev');
      if (!dev) {
        out.push({ ruleId: this.id, span: b.nameSpan, message: `Missing required attribute 'dev' in element 'boot': <os><boot dev> is one of ${BOOT_DEVS.join(', ')}.` });
      } else {
        const spelled = BOOT_DEV_SPELLINGS[dev.value.toLowerCase()];
        const f = enumFinding(this.id, b, 'dev', BOOT_DEVS, () => (spelled ? `'${spelled}' here` : undefined));
        if (f) out.push({ ...f, payload: { spelled } });
      }
    }
    const perDevice = perDeviceBoots(model.deviceElements);
    const seen = new Map<string, XElement>();
    for (const { device, order } of perDevice) {
      if (!order) continue;
      const first = seen.get(order.value);
      if (first && device === model.attaching) out.push({ ruleId: this.id, span: order.valueSpan, message: `boot order ${order.value} is already used by another device: the domain's <${first.name}> has <boot order='${order.value}'>; give this device another number.` });
      else if (first) out.push({ ruleId: this.id, span: order.valueSpan, message: `boot order '${order.value}' used for more than one device: the <${first.name}> before this <${device.name}> has it too; give each device its own <boot order>.` });
      else seen.set(order.value, device);
    }
    if (osBoots.length && perDevice.length) {
      const attaching = model.attaching ? perDevice.find((p) => p.device === model.attaching) : undefined;
      if (attaching) {
        out.push({ ruleId: this.id, span: attaching.boot.nameSpan, message: `per-device boot elements cannot be used together with os/boot elements: the domain sets its boot order with <os><boot dev>, so this device cannot have <boot order>.`, payload: { remove: 'device' } });
      } else {
        const p = perDevice[0];
        out.push({ ruleId: this.id, span: osBoots[0].nameSpan, message: `per-device boot elements cannot be used together with os/boot elements: <${p.device.name}> has <boot order>; keep either the <os><boot> elements or the per-device ones.`, payload: { remove: 'os' } });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const p = finding.payload as { spelled?: string; remove?: string } | undefined;
    const fixes: FixProposal[] = [];
    const osBoots = ctx.model.os?.childrenNamed('boot') ?? [];
    if (p?.spelled) {
      const b = osBoots.find((x) => x.attr('dev')?.valueSpan.start === finding.span.start);
      const a = b?.attr('dev');
      if (a) fixes.push({ title: `Write dev='${p.spelled}'`, edits: [replaceAttrValue(a, p.spelled)], safe: false });
    } else if (p?.remove === 'os') {
      fixes.push({ title: 'Remove the <os><boot> elements (the per-device <boot order> decides)', edits: osBoots.map((b) => removeElement(b, ctx.text)), safe: false });
    } else if (p?.remove === 'device') {
      const boot = ctx.model.attaching?.childrenNamed('boot').find((b) => b.nameSpan.start === finding.span.start);
      if (boot) fixes.push({ title: 'Remove this device\'s <boot order> (the domain\'s <os><boot> decides)', edits: [removeElement(boot, ctx.text)], safe: false });
    }
    return fixes;
  },
};
