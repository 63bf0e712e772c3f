import { insertElement, quoteFor, replaceAttrValue } from '../../../edits';
import { DEFAULT_INTERFACE_TYPE, EMULATED_NET_MODELS, MODEL_FIXED_INTERFACE_TYPES } from '../model/interface';
import { machineFacts } from '../model/machine';
import { deviceAt, deviceRule } from './common/deviceRule';

export const interfaceModelVirtio = deviceRule({
  id: 'interface-model-virtio',
  title: 'virtio-net is the fast NIC model for KVM guests',
  defaultSeverity: 'info',
  devices: ['interface'],
  subjects: ['interface/model', 'interface/model@type', 'devices/interface@type'],
  docs: `An \`<interface>\` without \`<model type>\` on an x86 QEMU/KVM guest gets an emulated Realtek rtl8139
NIC (libvirt's QEMU driver picks the first of rtl8139, e1000 and virtio the QEMU binary has); \`e1000\`,
\`e1000e\`, \`igb\`, \`vmxnet3\` and \`rtl8139\` written out are emulated hardware too. Every packet then goes
through a device model that imitates real registers. \`<model type='virtio'/>\` is the paravirtualized
virtio-net NIC: far more throughput at less CPU, multiqueue and vhost-net in the host kernel. virt-install
uses it for every guest whose OS has virtio drivers (Linux, the BSDs; Windows with the virtio-win drivers).

This is advice (info), not an error: an emulated model is right for a guest without virtio drivers
(installers of old Windows, appliances). Only QEMU/KVM guests are concerned; a device file alone is
judged on a written model only, since the default depends on the domain it is attached to.

Fix: set or add \`<model type='virtio'/>\`. The guest sees a different NIC (a new driver, and possibly a new
interface name), so the fix is never applied automatically.

Sources: libvirt \`src/qemu/qemu_domain.c\` (\`qemuDomainDefaultNetModel\`); libvirt formatdomain "Network
interfaces" ("Setting the NIC model"); virt-install(1) \`--network\` (\`model.type\`, virtio by default for
guests that support it).`,
  appliesTo(ctx) {
    if (!ctx.model.isQemu) return false;
    const family = machineFacts(ctx.model).family;
    return family === undefined || family === 'x86';
  },
  checkDevice(el, ctx, out) {
    const type = el.attrValue('type') ?? DEFAULT_INTERFACE_TYPE;
    if (MODEL_FIXED_INTERFACE_TYPES.includes(type)) return;
    const modelEl = el.child('model');
    const a = modelEl?.attr('type');
    if (!a) {
      // Without a model libvirt picks one from the domain's machine: only judged where it is known to be x86.
      if (ctx.model.isFragment || machineFacts(ctx.model).family !== 'x86') return;
      out.push({ ruleId: this.id, span: (modelEl ?? el).nameSpan, message: `<interface type='${type}'> has no <model type>: libvirt gives an x86 QEMU guest an emulated rtl8139 NIC; <model type='virtio'/> is the paravirtualized, faster virtio-net (virt-install's choice for guests with virtio drivers).` });
      return;
    }
    if (!EMULATED_NET_MODELS.includes(a.value)) return;
    out.push({ ruleId: this.id, span: a.valueSpan, message: `<model type='${a.value}'> is an emulated NIC: <model type='virtio'/> is the paravirtualized, faster virtio-net for guests with virtio drivers (virt-install's choice).` });
  },
  fix(finding, ctx) {
    const el = deviceAt(ctx, finding.span.start);
    if (!el) return [];
    const modelEl = el.child('model');
    const a = modelEl?.attr('type');
    if (a) return [{ title: "Use <model type='virtio'/> (guest-visible)", edits: [replaceAttrValue(a, 'virtio')], safe: false }];
    const q = quoteFor(el, ctx.text);
    if (modelEl) {
      const at = modelEl.nameSpan.end;
      return [{ title: "Use <model type='virtio'/> (guest-visible)", edits: [{ start: at, end: at, newText: ` type=${q}virtio${q}` }], safe: false }];
    }
    // libvirt writes <model> after <mac>, <source> and <target>.
    const after = el.child('target') ?? el.child('source') ?? el.child('mac');
    return [{ title: "Add <model type='virtio'/> (guest-visible)", edits: [insertElement(el, `<model type=${q}virtio${q}/>`, ctx.text, after ? { after } : {})], safe: false }];
  },
});
