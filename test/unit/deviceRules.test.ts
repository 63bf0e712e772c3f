import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type CompletionEntry, doComplete } from '../../server/src/service/completion';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { deviceKind } from '../../server/src/service/kinds/device/index';
import { allRoots } from '../../server/src/service/kinds/index';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { completeXml, hoverXml } from '../support/domainTarget';
import { cursor } from '../support/cursor';
import { sharedDir } from '../support/fixtures';

/**
 * The rules about devices beyond disks (interfaces, character devices, TPM, IOMMU) as completion
 * and hover use them: the values a device rule reports are the values completion marks, in a
 * domain and in a device file alone.
 */

function domain(devices: string, machine = 'pc-q35-8.2', arch = 'x86_64', features = ''): string {
  return `<domain type='kvm'>\n  <name>g</name>\n  <memory>1</memory>\n  <os>\n    <type arch='${arch}' machine='${machine}'>hvm</type>\n  </os>\n${features}  <devices>\n${devices}\n  </devices>\n</domain>\n`;
}

function complete(marked: string): CompletionEntry[] {
  const { text, offset } = cursor(marked);
  return completeXml(parseXml(text), offset);
}

function completeFragment(marked: string): CompletionEntry[] {
  const { text, offset } = cursor(marked);
  const xml = parseXml(text);
  return doComplete(xml, offset, { kind: deviceKind, model: deviceKind.buildModel(xml, xml.root!), rules: deviceKind.rules, settings: {} }, { roots: allRoots });
}

const marked = (items: CompletionEntry[]) => items.filter((i) => i.unsafe).map((i) => i.label);

describe('completion marks the values the device rules report', () => {
  it('<iommu model> on ARM virt: intel is marked with libvirt\'s wording', () => {
    const items = complete(domain("    <iommu model='|'/>", 'virt', 'aarch64', '  <features>\n    <acpi/>\n  </features>\n'));
    assert.deepEqual(items.map((i) => i.label).sort(), ['intel', 'smmuv3', 'virtio']);
    assert.deepEqual(marked(items), ['intel']);
    assert.match(items.find((i) => i.label === 'intel')!.unsafe!, /IOMMU device: 'intel' is only supported with Q35 machines/);
  });

  it('<iommu model> on i440fx: no model fits, so none is singled out (the machine is the matter)', () => {
    const items = complete(domain("    <iommu model='|'/>", 'pc-i440fx-8.2', 'x86_64', '  <features>\n    <acpi/>\n  </features>\n'));
    assert.deepEqual(marked(items), []);
  });

  it('<iommu model> on q35 with ACPI: intel and virtio fit, smmuv3 does not', () => {
    const items = complete(domain("    <iommu model='|'/>", 'pc-q35-8.2', 'x86_64', '  <features>\n    <acpi/>\n  </features>\n'));
    assert.deepEqual(marked(items), ['smmuv3']);
  });

  it("<backend version> of a tpm-crb: '1.2' is marked with libvirt's wording", () => {
    const items = complete(domain("    <tpm model='tpm-crb'>\n      <backend type='emulator' version='|'/>\n    </tpm>"));
    assert.deepEqual(marked(items), ['1.2']);
    assert.match(items.find((i) => i.label === '1.2')!.unsafe!, /TPM 1\.2 is not supported for model 'tpm-crb'/);
  });

  it('<serial><target type> on q35: the ports of other machines are marked', () => {
    const items = complete(domain("    <serial type='pty'>\n      <target type='|'/>\n    </serial>"));
    assert.deepEqual(marked(items).sort(), ['sclp-serial', 'spapr-vio-serial']);
    assert.ok(items.some((i) => i.label === 'isa-serial' && !i.unsafe));
  });

  it('<channel><target type> offers the channel kinds, <console><target type> the console kinds', () => {
    assert.deepEqual(complete(domain("    <channel type='unix'>\n      <target type='|'/>\n    </channel>")).map((i) => i.label), ['virtio', 'guestfwd', 'xen']);
    const consoles = complete(domain("    <console type='pty'>\n      <target type='|'/>\n    </console>"));
    assert.ok(consoles.some((i) => i.label === 'virtio'));
    assert.deepEqual(marked(consoles).sort(), ['lxc', 'openvz', 'uml', 'xen']);
  });

  it('in a device file: <tpm model> on its root is advised from the same rule', () => {
    const items = completeFragment("<tpm model='|'>\n  <backend type='emulator' version='1.2'/>\n</tpm>\n");
    assert.deepEqual(marked(items).sort(), ['spapr-tpm-proxy', 'tpm-crb', 'tpm-spapr']);
  });

  it('an emulated NIC model is advice (info), not marked', () => {
    const items = complete(domain("    <interface type='network'>\n      <source network='default'/>\n      <model type='|'/>\n    </interface>"));
    assert.ok(items.some((i) => i.label === 'e1000'));
    assert.deepEqual(marked(items), []);
  });
});

describe('hover on device elements names the device rules', () => {
  const hoverAt = (m: string) => {
    const { text, offset } = cursor(m);
    return hoverXml(parseXml(text), offset)?.contents ?? '';
  };
  it('interface model type', () => {
    const h = hoverAt(domain("    <interface type='network'>\n      <source network='default'/>\n      <model type='e1|000'/>\n    </interface>"));
    assert.match(h, /Emulated Intel 82540EM/);
    assert.match(h, /interface-model-virtio/);
  });
  it('interface type names what <source> needs', () => {
    const h = hoverAt(domain("    <interface type='bri|dge'>\n      <source bridge='br0'/>\n    </interface>"));
    assert.match(h, /<source bridge=/);
    assert.match(h, /interface-source-required/);
  });
  it('os/boot dev, cputune/iothreadpin, iommu/driver intremap', () => {
    assert.match(hoverAt("<domain><os><boot dev='n|etwork'/></os></domain>"), /PXE[\s\S]*boot-device-order/);
    assert.match(hoverAt("<domain><cputune><iothreadpin iothr|ead='1' cpuset='0'/></cputune></domain>"), /IOThread id[\s\S]*iothread-references/);
    assert.match(hoverAt("<domain><devices><iommu model='intel'><driver intre|map='on'/></iommu></devices></domain>"), /ioapic driver=[\s\S]*iommu-model-constraints/);
  });
});

describe('device files: alone, and checked with their domain', () => {
  const service = new LanguageService({
    onRuleError: ({ ruleId, error }) => {
      throw new Error(`rule ${ruleId} threw: ${String(error)}`);
    },
  });
  const DOMAIN = domain("    <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/a.img'/>\n      <target dev='vda' bus='virtio'/>\n      <boot order='1'/>\n    </disk>\n    <tpm model='tpm-crb'>\n      <backend type='emulator' version='2.0'/>\n    </tpm>");
  const OS_BOOT = domain("    <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/a.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>").replace('  </os>', "    <boot dev='hd'/>\n  </os>");
  const found = (text: string, domainText?: string) =>
    service.validate(service.parse(text, {}, domainText === undefined ? undefined : { domain: { text: domainText, label: 'vm.xml' } })).map((d) => [d.ruleId, d.severity, text.slice(d.span.start, d.span.end), d.message] as const);
  const NIC = "<interface type='network'>\n  <source network='default'/>\n  <model type='virtio'/>\n  <boot order='1'/>\n</interface>\n";

  it('<boot order> in a device attached to a domain with <os><boot>: at the device, fixed there', () => {
    assert.deepEqual(found(NIC), []);
    const d = found(NIC, OS_BOOT);
    assert.deepEqual(d.map(([id, sev, at]) => [id, sev, at]), [['boot-device-order', 'error', 'boot']]);
    assert.match(d[0][3], /^per-device boot elements cannot be used together with os\/boot elements/);
    const doc = service.parse(NIC, {}, { domain: { text: OS_BOOT, label: 'vm.xml' } });
    const fixes = service.allFixes(doc, {}).filter((f) => f.diagnostic.ruleId === 'boot-device-order');
    assert.equal(applyEdits(NIC, fixes[0].fix.edits), NIC.replace("  <boot order='1'/>\n", ''));
  });

  it("a boot order the domain's devices use: attach-device's wording", () => {
    const d = found(NIC, DOMAIN).filter(([id]) => id === 'boot-device-order');
    assert.deepEqual(d.map(([, , at, m]) => [at, m.split(':')[0]]), [['1', 'boot order 1 is already used by another device']]);
  });

  it('a second TPM: only with the domain in view', () => {
    const tpm = "<tpm model='tpm-tis'>\n  <backend type='emulator' version='2.0'/>\n</tpm>\n";
    assert.deepEqual(found(tpm), []);
    assert.deepEqual(found(tpm, DOMAIN).map(([id, , at, m]) => [id, at, m.split(':')[0]]), [['tpm-model-version', 'tpm', 'only a single TPM non-proxy device is supported']]);
  });

  it('a virtio IOMMU alone says nothing of ACPI or the machine; attached, the domain decides', () => {
    const iommu = "<iommu model='virtio'/>\n";
    assert.deepEqual(found(iommu), []);
    assert.deepEqual(found(iommu, DOMAIN).map(([id, , , m]) => [id, m.split(':')[0]]), [['iommu-model-constraints', "IOMMU device"]]);
    assert.match(found(iommu, DOMAIN)[0][3], /'virtio' requires ACPI/);
    const i440fx = DOMAIN.replace('pc-q35-8.2', 'pc-i440fx-8.2').replace('  <devices>', '  <features>\n    <acpi/>\n  </features>\n  <devices>');
    assert.match(found(iommu, i440fx)[0][3], /only supported with Q35 and ARM Virt machines/);
  });

  it('a NIC without a model: advice only once the domain says it is x86 QEMU/KVM', () => {
    const nic = "<interface type='bridge'>\n  <source bridge='br0'/>\n</interface>\n";
    assert.deepEqual(found(nic), []);
    assert.deepEqual(found(nic, DOMAIN).map(([id, sev]) => [id, sev]), [['interface-model-virtio', 'info']]);
    assert.deepEqual(found(nic, DOMAIN.replace("type='kvm'", "type='xen'")), []);
  });

  it('the source an interface type needs, in a file alone', () => {
    const d = found("<interface type='direct'>\n  <source mode='bridge'/>\n  <model type='virtio'/>\n</interface>\n");
    assert.deepEqual(d.map(([id, sev, at, m]) => [id, sev, at, m.split(':')[0]]), [['interface-source-required', 'error', 'source', "Missing required attribute 'dev' in element 'source'"]]);
  });
});

describe('hover coverage of the device elements on the libvirt corpus', () => {
  /** The elements these rules read, by `parent/element`. */
  const KEYS = new Set([
    'devices/interface', 'interface/source', 'interface/model', 'interface/mac', 'interface/driver', 'interface/target', 'interface/boot', 'interface/link', 'interface/mtu',
    'devices/serial', 'devices/console', 'devices/channel', 'serial/target', 'console/target', 'channel/target', 'serial/source', 'console/source', 'channel/source', 'target/model',
    'devices/tpm', 'tpm/backend', 'backend/device', 'backend/encryption', 'devices/iommu', 'iommu/driver',
    'os/boot', 'cputune/iothreadpin', 'cputune/iothreadsched', 'iothreadids/iothread', 'features/ioapic',
  ]);
  const dir = path.join(sharedDir, 'corpus', 'libvirt');
  it('every such element and each of its attributes in the corpus has a hover', { skip: fs.existsSync(dir) ? false : 'corpus not found' }, () => {
    let total = 0;
    const missing = new Map<string, number>();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.xml'))) {
      const xml = parseXml(fs.readFileSync(path.join(dir, f), 'utf8'));
      for (const e of xml.elements) {
        const key = `${e.parent?.name}/${e.name}`;
        if (!KEYS.has(key)) continue;
        for (const [what, at] of [[key, e.nameSpan.start + 1], ...e.attrs.map((a): [string, number] => [`${key}@${a.name}`, a.nameSpan.start])] as [string, number][]) {
          total++;
          if (!hoverXml(xml, at)) missing.set(what, (missing.get(what) ?? 0) + 1);
        }
      }
    }
    assert.ok(total > 8000, `only ${total} names checked`);
    assert.deepEqual([...missing], []);
  });
});
