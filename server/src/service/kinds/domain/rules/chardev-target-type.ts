import { quoteFor, replaceAttrValue } from '../../../edits';
import type { FixProposal } from '../../../types';
import { CHR_TARGET_TYPES, defaultSerialModel, defaultSerialType, QEMU_CONSOLE_TARGETS, SERIAL_MODELS, serialFitsMachine, serialModelType } from '../model/chardev';
import { machineFacts } from '../model/machine';
import { deviceAt, deviceRule } from './common/deviceRule';

export const chardevTargetType = deviceRule({
  id: 'chardev-target-type',
  title: 'Serial, console and channel targets need a type libvirt knows for that device and machine',
  defaultSeverity: 'error',
  devices: ['serial', 'console', 'channel'],
  subjects: ['serial/target@type', 'console/target@type', 'channel/target@type', 'target/model@name', 'devices/channel', 'os/type@machine', 'os/type@arch'],
  docs: `The \`<target type>\` of a character device says what the guest sees, and each device has its own list:
- \`<serial>\`: isa-serial, usb-serial, pci-serial, spapr-vio-serial (pSeries), system-serial (ARM, RISC-V and
  LoongArch \`virt\`), sclp-serial (s390), isa-debug;
- \`<console>\`: serial, virtio, sclp, sclplm for QEMU (xen, uml, lxc and openvz belong to other drivers);
- \`<channel>\`: virtio (the guest agent, SPICE), guestfwd, xen — and a channel must name one.

libvirt refuses other values with "unknown target type 'X' specified for character device", a channel
without one with "target type must be specified for channel device" (which reaches the user as "unknown
target type '(null)' specified for character device"), and a console target QEMU cannot
create with "unsupported console target type X". A serial \`<target><model name>\` must belong to the target
type ("Target model 'pl011' requires target type 'system-serial'"), and a serial type or model that the
machine does not have is refused with "Serial device with target type 'T' and target model 'M' not
compatible with guest architecture or machine type" (pl011 needs an ARM \`virt\` machine, spapr-vio-serial
pSeries, sclp-serial s390). A written \`isa-serial\` stands for the machine's default.

Fix: a channel without a type gets \`type='virtio'\`, the guest-agent channel's type; a serial port with the
wrong model for its type gets the type's model. Both change what the guest sees, so neither is applied
automatically.

Sources: libvirt \`src/conf/domain_conf.c\` (\`virDomainChrDefParseTargetXML\`, \`virDomainChrDefaultTargetType\`,
the \`virDomainChr*Target\` enums); \`src/qemu/qemu_validate.c\` (\`qemuValidateDomainChrTargetDef\`,
\`qemuValidateDomainChrDef\`, \`qemuValidateDomainDefConsole\`); \`src/qemu/qemu_domain.c\` (\`qemuDomainChrDefPostParse\`);
libvirt formatdomain "Consoles, serial, parallel & channel devices".`,
  checkDevice(el, ctx, out) {
    const kind = el.name;
    const target = el.child('target');
    const typeAttr = target?.attr('type');
    if (!typeAttr) {
      if (kind === 'channel') out.push({ ruleId: this.id, span: (target ?? el).nameSpan, message: `target type must be specified for channel device (libvirt then reports "unknown target type '(null)' specified for character device"): write <target type='virtio' name='…'/> (or guestfwd) in the <channel>.`, payload: { fix: 'channel-type' } });
      if (kind !== 'serial' || !target) return;
    }
    const type = typeAttr?.value;
    if (typeAttr && type !== undefined && !CHR_TARGET_TYPES[kind].includes(type)) {
      out.push({ ruleId: this.id, span: typeAttr.valueSpan, message: `unknown target type '${type}' specified for character device: <${kind}><target type> is one of ${CHR_TARGET_TYPES[kind].join(', ')}.` });
      return;
    }
    const qemu = ctx.model.isQemu && !ctx.model.isFragment;
    if (kind === 'console' && typeAttr && type && ctx.model.isQemu && ctx.model.hypervisor !== undefined && !QEMU_CONSOLE_TARGETS.includes(type)) {
      out.push({ ruleId: this.id, span: typeAttr.valueSpan, message: `unsupported console target type ${type}: QEMU guests take <console><target type> ${QEMU_CONSOLE_TARGETS.join(', ')}.` });
      return;
    }
    if (kind !== 'serial' || !target) return;
    const modelAttr = target.child('model')?.attr('name');
    const model = modelAttr?.value;
    if (modelAttr && model !== undefined && !serialModelType(model)) {
      out.push({ ruleId: this.id, span: modelAttr.valueSpan, message: `unknown target model '${model}' specified for character device: <serial><target><model name> is one of ${SERIAL_MODELS.join(', ')}.` });
      return;
    }
    if (!qemu) return;
    const m = machineFacts(ctx.model);
    const effectiveType = type && type !== 'isa-serial' ? type : defaultSerialType(m);
    if (!effectiveType) return;
    if (modelAttr && model && serialModelType(model) !== effectiveType) {
      out.push({ ruleId: this.id, span: modelAttr.valueSpan, message: `Target model '${model}' requires target type '${serialModelType(model)}': this <serial> has target type '${effectiveType}'${type ? '' : ' (the machine\'s default)'}.`, payload: { fix: 'model', model: defaultSerialModel(effectiveType, m) } });
      return;
    }
    const effectiveModel = model ?? defaultSerialModel(effectiveType, m);
    if (!serialFitsMachine(effectiveType, effectiveModel, m)) {
      out.push({
        ruleId: this.id,
        span: (typeAttr ?? modelAttr)?.valueSpan ?? target.nameSpan,
        message: `Serial device with target type '${effectiveType}' and target model '${effectiveModel ?? 'none'}' not compatible with guest architecture or machine type: the ${m.machine ?? m.arch ?? 'guest'} machine has no such port.`,
      });
    }
  },
  fix(finding, ctx) {
    const p = finding.payload as { fix?: string; model?: string } | undefined;
    const el = deviceAt(ctx, finding.span.start);
    const target = el?.child('target');
    const fixes: FixProposal[] = [];
    if (p?.fix === 'channel-type' && el) {
      if (target) {
        // libvirt writes type first.
        const q = quoteFor(target, ctx.text);
        const at = target.nameSpan.end;
        fixes.push({ title: "Set <target type='virtio'> (guest-visible)", edits: [{ start: at, end: at, newText: ` type=${q}virtio${q}` }], safe: false });
      }
    } else if (p?.fix === 'model' && p.model && target) {
      const a = target.child('model')?.attr('name');
      if (a) fixes.push({ title: `Use target model '${p.model}' (guest-visible)`, edits: [replaceAttrValue(a, p.model)], safe: false });
    }
    return fixes;
  },
});
