import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DomainModel } from '../../server/src/service/kinds/domain/model/domain';
import { formatPciAddress, readPciAddress } from '../../server/src/service/kinds/domain/model/pci';
import { domainRules } from '../../server/src/service/kinds/domain/rules/index';
import { LanguageService } from '../../server/src/service/languageService';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { RuleContext } from '../../server/src/service/rule';
import { corpusDir, readTsv } from '../support/corpus';
import { embedRoot, SKIP_NO_QEMU } from '../support/libvirtEnv';

/**
 * The PCI topology model (model/pci.ts) against libvirt's QEMU driver: how many hot-pluggable
 * PCIe ports a q35 guest has once libvirt has placed its devices, from libvirt's own test
 * outputs and from domains defined in qemu:///embed; and the hot-plug finding of a device file
 * checked with its domain.
 */
const service = new LanguageService({
  onRuleError: ({ ruleId, error }) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
});

function model(text: string): DomainModel {
  const xml = parseXml(text);
  assert.ok(xml.root && xml.root.name === 'domain', 'a domain');
  return new DomainModel(xml, xml.root);
}

/** Ports of a domain libvirt has addressed: every port and which have no device on them. */
function portsOf(defined: string): { total: number; free: number } {
  const m = model(defined);
  let total = 0;
  let free = 0;
  const used = new Set(m.pci.uses.map((u) => u.addr.bus));
  for (const [index, el] of m.pci.controllers) {
    const kind = el.attrValue('model');
    if (kind !== 'pcie-root-port' && kind !== 'pcie-switch-downstream-port') continue;
    total++;
    if (!used.has(index) && el.child('target')?.attrValue('hotplug') !== 'off') free++;
  }
  return { total, free };
}

/** A q35 domain around some devices. */
function q35Domain(name: string, devices: string, type = 'qemu'): string {
  return `<domain type='${type}'>
  <name>${name}</name>
  <memory unit='MiB'>256</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
${devices}
  </devices>
</domain>
`;
}

/** A virtio-blk disk (indented for <devices>), with more markup inside, e.g. an address. */
function virtioDisk(dev: string, extra = ''): string {
  return `    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source file='/var/lib/libvirt/images/${dev}.img'/>
      <target dev='${dev}' bus='virtio'/>${extra}
    </disk>`;
}

/** pcie-root-ports with indexes from `from`. */
function rootPorts(n: number, from = 1): string {
  return Array.from({ length: n }, (_, i) => `    <controller type='pci' index='${from + i}' model='pcie-root-port'/>`).join('\n');
}

const PCIE_ROOT = "    <controller type='pci' index='0' model='pcie-root'/>";

describe('PCI addresses', () => {
  it('print and read like libvirt', () => {
    const addr = readPciAddress(parseXml("<address type='pci' domain='0x0000' bus='0x0a' slot='31' function='7'/>").root!);
    assert.deepEqual(addr, { domain: 0, bus: 10, slot: 31, function: 7 });
    assert.equal(formatPciAddress(addr!), '0000:0a:1f.7');
    assert.equal(readPciAddress(parseXml("<address type='pci' slot='0x20'/>").root!), undefined, 'out of range: refused when parsed');
    assert.equal(readPciAddress(parseXml("<address type='drive' unit='1'/>").root!), undefined);
  });
});

describe('free PCIe hot-plug ports on q35, as libvirt places devices', () => {
  // libvirt's test inputs next to the outputs its QEMU driver wrote for them (x86_64-latest).
  const manifest = (() => {
    try {
      return readTsv(path.join(corpusDir, 'libvirt-manifest.tsv'));
    } catch {
      return [];
    }
  })();
  // Capabilities of libvirt's test suite that the XML does not show.
  const KNOWN: Record<string, string> = {
    'usb-controller-automatic-unavailable-q35': 'the test QEMU has no USB controller at all, so libvirt adds none',
  };

  it("agree with libvirt's own test outputs", { skip: manifest.length ? false : 'corpus not found' }, () => {
    const outputs = new Map<string, string>();
    for (const r of manifest) if (r.role === 'output' && r.file.endsWith('.x86_64-latest.xml')) outputs.set(path.basename(r.file, '.x86_64-latest.xml'), r.file);
    let compared = 0;
    let withFinding = 0;
    const problems: string[] = [];
    for (const r of manifest) {
      if (r.role !== 'input' || r.qemu_expected_error) continue;
      const base = path.basename(r.file, '.xml');
      const out = outputs.get(base);
      if (!out) continue;
      const input = model(fs.readFileSync(path.join(corpusDir, r.file), 'utf8'));
      if (input.chipset !== 'q35') continue;
      const predicted = input.pci.hotplug();
      const actual = portsOf(fs.readFileSync(path.join(corpusDir, out), 'utf8'));
      compared++;
      if (predicted.free === 0) withFinding++;
      if (KNOWN[base.replace(/^qemuxmlconfdata__/, '')]) continue;
      if (predicted.free !== actual.free) problems.push(`${base}: ${predicted.free} free predicted, libvirt left ${actual.free}`);
      if (predicted.total !== actual.total) problems.push(`${base}: ${predicted.total} ports predicted, libvirt has ${actual.total}`);
    }
    console.log(`q35 inputs compared with libvirt's outputs: ${compared} (free ports and port count), ${withFinding} without a free hot-plug port`);
    assert.ok(compared >= 80, `only ${compared} compared`);
    assert.deepEqual(problems, []);
  });

  it('agree with domains defined in qemu:///embed', { skip: SKIP_NO_QEMU }, () => {
    const cases: [string, string][] = [
      // left to libvirt: a port per device and one for hot-plug
      ['managed', [virtioDisk('vda'), virtioDisk('vdb'), "    <interface type='user'>\n      <model type='virtio'/>\n    </interface>"].join('\n')],
      // ports written, more devices than ports: libvirt adds ports, none stays free
      ['crowded', [PCIE_ROOT, rootPorts(2), virtioDisk('vda'), virtioDisk('vdb'), virtioDisk('vdc')].join('\n')],
      // ports written, enough for the devices and the implicit USB controller and balloon: two stay free
      ['roomy', [PCIE_ROOT, rootPorts(6), virtioDisk('vda'), virtioDisk('vdb')].join('\n')],
      // a device written on a port, one port without hot-plug (libvirt still places a device there), a conventional PCI NIC
      [
        'mixed',
        [
          PCIE_ROOT,
          rootPorts(1),
          `    <controller type='pci' index='2' model='pcie-root-port'>\n      <target hotplug='off'/>\n    </controller>`,
          rootPorts(2, 3),
          virtioDisk('vda', "\n      <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>"),
          "    <interface type='user'>\n      <model type='e1000'/>\n    </interface>",
          "    <controller type='usb' model='none'/>",
        ].join('\n'),
      ],
    ];
    const root = embedRoot();
    try {
      const summary: string[] = [];
      for (const [name, devices] of cases) {
        const text = q35Domain(name, devices);
        const file = path.join(root.dir, `${name}.xml`);
        fs.writeFileSync(file, text);
        execFileSync('virsh', ['-c', root.uri, 'define', '--file', file], { stdio: 'pipe' });
        const defined = execFileSync('virsh', ['-c', root.uri, 'dumpxml', name], { encoding: 'utf8' });
        const predicted = model(text).pci.hotplug();
        const actual = portsOf(defined);
        summary.push(`${name}: ${actual.total} ports, ${actual.free} free`);
        assert.deepEqual({ total: predicted.total, free: predicted.free }, actual, `${name}: predicted vs libvirt's\n${defined}`);
        // the finding follows the count
        const found = service.validate(service.parse(text)).some((d) => d.ruleId === 'pcie-hotplug-capacity');
        assert.equal(found, actual.free === 0, `${name}: finding`);
        // and libvirt's addressed domain says the same as the domain written
        assert.equal(model(defined).pci.hotplug().free, actual.free, `${name}: the defined domain`);
      }
      console.log(`qemu:///embed: ${summary.join('; ')}`);
    } finally {
      root.cleanup();
    }
  });
});

describe('a device file attached to a q35 domain', () => {
  const DOMAIN = (ports: number) =>
    q35Domain(
      'vm1',
      [
        PCIE_ROOT,
        rootPorts(ports),
        "    <controller type='usb' index='0' model='qemu-xhci'>\n      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n    </controller>",
        virtioDisk('vda', "\n      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>"),
        "    <memballoon model='none'/>",
      ].join('\n'),
      'kvm',
    );
  // a device file: the disk at column 0
  const VIRTIO_DISK = `${virtioDisk('vdb').replace(/^    /gm, '')}\n`;
  const SCSI_DISK = VIRTIO_DISK.replace("dev='vdb' bus='virtio'", "dev='sdb' bus='scsi'");
  const attached = (device: string, domain: string) =>
    service.validate(service.parse(device, {}, { domain: { text: domain, label: 'vm1.xml' } })).filter((d) => d.ruleId === 'pcie-hotplug-capacity');

  it('reports a virtio-blk disk that finds no free pcie-root-port, on the device', () => {
    const full = DOMAIN(2);
    assert.ok(service.validate(service.parse(full)).some((d) => d.ruleId === 'pcie-hotplug-capacity'), 'the domain alone has no free port');
    const d = attached(VIRTIO_DISK, full);
    assert.deepEqual(d.map((x) => [x.severity, VIRTIO_DISK.slice(x.span.start, x.span.end)]), [['info', 'disk']]);
    assert.match(d[0].message, /^No free pcie-root-port for hot-plug on this q35 guest \(2 hot-pluggable ports, 2 with a device written on them, 1 device that libvirt places on one/);
    assert.match(d[0].message, /\(in domain 'vm1', once this device is attached\)$/);
  });

  it('reports the disk that takes the last free port', () => {
    const one = DOMAIN(3);
    assert.ok(!service.validate(service.parse(one)).some((d) => d.ruleId === 'pcie-hotplug-capacity'), 'one port free');
    assert.equal(attached(VIRTIO_DISK, one).length, 1);
  });

  it('says nothing when ports stay free, or of a disk that needs no PCI slot', () => {
    assert.deepEqual(attached(VIRTIO_DISK, DOMAIN(4)), []);
    assert.deepEqual(attached(SCSI_DISK, DOMAIN(2)), [], 'virtio-scsi disks hot-plug onto the SCSI bus');
  });

  it('is not judged on a device file alone', () => {
    assert.deepEqual(service.validate(service.parse(VIRTIO_DISK)).filter((d) => d.ruleId === 'pcie-hotplug-capacity' || d.ruleId === 'pci-bus-missing'), []);
  });
});

describe('PCI rules on the 5,000-disk synthetic domain', () => {
  const file = path.join(corpusDir, 'synthetic', 'synthetic-disks-5000.xml');
  it('run in linear time: one pass, maps keyed by address', { skip: fs.existsSync(file) ? false : 'corpus not found' }, () => {
    const text = fs.readFileSync(file, 'utf8');
    // the same domain with 4x the devices: the PCI rules' time grows about 4x, not 16x
    const i = text.indexOf('<devices>') + '<devices>'.length;
    const j = text.lastIndexOf('</devices>');
    const big = text.slice(0, i) + text.slice(i, j).repeat(4) + text.slice(j);
    const ids = new Set(['duplicate-pci-address', 'pci-address-reserved', 'pci-address-bus-fit', 'pci-bus-missing', 'pcie-hotplug-capacity', 'pci-controller-constraints']);
    const rules = domainRules.filter((r) => ids.has(r.id));
    assert.equal(rules.length, ids.size);
    // the model's PCI topology (built on first use) and the rules, best of 3
    const time = (t: string) => {
      const xml = parseXml(t);
      let best = Infinity;
      let findings = 0;
      for (let k = 0; k < 3; k++) {
        const start = process.hrtime.bigint();
        const ctx = new RuleContext(t, new DomainModel(xml, xml.root!), {});
        findings = rules.reduce((n, r) => n + r.check(ctx).length, 0);
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      return { best, findings };
    };
    const { best: small, findings: few } = time(text);
    const { best: large, findings: many } = time(big);
    assert.ok(many > few, 'the repeated devices are duplicates: the large domain is analysed');
    console.log(`PCI rules: ${small.toFixed(1)} ms on 5,000 disks, ${large.toFixed(1)} ms on 20,000`);
    assert.ok(large < small * 10 + 50, `${large} ms vs ${small} ms: not linear`);
  });
});
