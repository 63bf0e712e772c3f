import { insertAttr, insertElement, quoteFor, replaceAttrValue } from '../../../edits';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding, FixProposal } from '../../../types';
import { machineFacts } from '../model/machine';
import { defaultTpmModel, defaultTpmVersion, TPM_BACKENDS, TPM_MODEL_FAMILIES, TPM_MODELS, TPM_VERSIONS } from '../model/tpm';
import { enumFinding } from './common/enums';
import { deviceAt, deviceRule } from './common/deviceRule';

export const tpmModelVersion = deviceRule({
  id: 'tpm-model-version',
  title: 'A TPM needs one back end, a model the architecture has, and TPM 2.0 outside tpm-tis on x86',
  defaultSeverity: 'error',
  devices: ['tpm'],
  subjects: ['devices/tpm', 'devices/tpm@model', 'tpm/backend', 'tpm/backend@type', 'tpm/backend@version', 'os/type@arch'],
  docs: `A \`<tpm>\` has exactly one \`<backend>\` ("missing TPM device backend", "only one TPM backend is
supported"): \`emulator\` (swtpm, the usual choice), \`passthrough\` (a host TPM) or \`external\`. Its \`model\` is
what the guest sees: \`tpm-tis\` (x86, and ARM as a sysbus device), \`tpm-crb\` (x86 only), \`tpm-spapr\` and
\`spapr-tpm-proxy\` (ppc64 pSeries only; the proxy needs a passthrough back end: "TPM Proxy model
spapr-tpm-proxy requires 'Passthrough' backend"). A model the architecture's QEMU does not have is refused
with "The QEMU executable … does not support TPM model …".

An emulated TPM 1.2 exists only as tpm-tis on x86: libvirt refuses "TPM 1.2 is not supported for model
'tpm-crb'" and "TPM 1.2 is not supported on architecture 'aarch64'". Without \`version\`, libvirt picks 1.2
for tpm-tis on x86 and 2.0 otherwise — write \`version='2.0'\` for Windows 11 and current Linux measured boot.
A domain has one TPM (and at most one proxy): "only a single TPM non-proxy device is supported". Values
libvirt does not know are refused with "Invalid value for attribute 'version' in element 'backend': '3'.".

Fix: set \`version='2.0'\`; add \`<backend type='emulator' version='2.0'/>\` to a TPM without one. The guest sees a
different TPM, so neither is applied automatically.

Sources: libvirt \`src/conf/domain_conf.c\` (\`virDomainTPMDefParseXML\`, the virDomainTPM* enums); \`src/util/virxml.c\`
(\`virXMLPropEnum\`);
\`src/qemu/qemu_validate.c\` (\`qemuValidateDomainDeviceDefTPM\`, \`qemuValidateDomainDefTPMs\`);
\`src/qemu/qemu_domain.c\` (\`qemuDomainTPMDefPostParse\`); libvirt formatdomain "TPM device".`,
  appliesTo: (ctx) => ctx.model.isQemu,
  checkDevice(el, ctx, out) {
    const unknown = enumFinding(this.id, el, 'model', TPM_MODELS) ?? enumFinding(this.id, el.child('backend'), 'type', TPM_BACKENDS) ?? enumFinding(this.id, el.child('backend'), 'version', TPM_VERSIONS);
    if (unknown) {
      out.push(unknown);
      return;
    }
    const backends = el.childrenNamed('backend');
    if (backends.length === 0) {
      out.push({ ruleId: this.id, span: el.nameSpan, message: `missing TPM device backend: a <tpm> needs <backend type='emulator' version='2.0'/> (or passthrough, external).`, payload: { fix: 'backend' } });
      return;
    }
    if (backends.length > 1) {
      out.push({ ruleId: this.id, span: backends[1].nameSpan, message: `only one TPM backend is supported: this <tpm> has ${backends.length} <backend> elements.` });
      return;
    }
    const backend = backends[0];
    const m = machineFacts(ctx.model);
    const modelAttr = el.attr('model');
    const model = modelAttr?.value ?? defaultTpmModel(m.family);
    const type = backend.attrValue('type');
    const families = TPM_MODEL_FAMILIES[model];
    if (modelAttr && families && m.family !== undefined && !families.includes(m.family)) {
      out.push({ ruleId: this.id, span: modelAttr.valueSpan, message: `The QEMU executable does not support TPM model ${model}: <tpm model='${model}'> exists on ${families.join(', ')} guests only, this one is ${m.arch ?? m.family}.` });
      return;
    }
    if (model === 'spapr-tpm-proxy' && type !== undefined && type !== 'passthrough') {
      out.push({ ruleId: this.id, span: backend.attr('type')!.valueSpan, message: `TPM Proxy model spapr-tpm-proxy requires 'Passthrough' backend: <backend type='${type}'> cannot serve <tpm model='spapr-tpm-proxy'>.` });
      return;
    }
    if (type !== 'emulator') return;
    const versionAttr = backend.attr('version');
    const version = versionAttr?.value ?? defaultTpmVersion(model, m.family);
    if (version !== '1.2') return;
    const span = versionAttr?.valueSpan ?? modelAttr?.valueSpan ?? el.nameSpan;
    if (model !== 'tpm-tis') {
      out.push({ ruleId: this.id, span, message: `TPM 1.2 is not supported for model '${model}': only tpm-tis emulates TPM 1.2; write <backend type='emulator' version='2.0'/>.`, payload: { fix: 'version' } });
    } else if (m.family !== undefined && m.family !== 'x86') {
      out.push({ ruleId: this.id, span, message: `TPM 1.2 is not supported on architecture '${m.arch}': an emulated TPM 1.2 exists on x86 only; write <backend type='emulator' version='2.0'/>.`, payload: { fix: 'version' } });
    }
  },
  checkDomain(ctx, devices, out) {
    const tpms = devices.filter((el) => el.name === 'tpm');
    let proxy: XElement | undefined;
    let regular: XElement | undefined;
    for (const el of tpms) {
      const isProxy = el.attrValue('model') === 'spapr-tpm-proxy';
      if (isProxy ? proxy : regular) {
        out.push({ ruleId: this.id, span: el.nameSpan, message: isProxy ? 'only a single TPM Proxy device is supported: this domain has a <tpm model=\'spapr-tpm-proxy\'> already.' : 'only a single TPM non-proxy device is supported: this domain has a <tpm> already.' } satisfies Finding);
      } else if (isProxy) proxy = el;
      else regular = el;
    }
  },
  fix(finding, ctx) {
    const p = finding.payload as { fix?: string } | undefined;
    const el = deviceAt(ctx, finding.span.start);
    if (!el || !p?.fix) return [];
    const q = quoteFor(el, ctx.text);
    const fixes: FixProposal[] = [];
    if (p.fix === 'backend') {
      fixes.push({ title: "Add <backend type='emulator' version='2.0'/> (guest-visible)", edits: [insertElement(el, `<backend type=${q}emulator${q} version=${q}2.0${q}/>`, ctx.text)], safe: false });
    } else {
      const backend = el.child('backend');
      const v = backend?.attr('version');
      if (backend) fixes.push({ title: "Use TPM 2.0 (version='2.0', guest-visible)", edits: [v ? replaceAttrValue(v, '2.0') : insertAttr(backend, 'version', '2.0', ctx.text, ['type'])], safe: false });
    }
    return fixes;
  },
});
