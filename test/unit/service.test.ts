import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { domainKind } from '../../server/src/service/kinds/domain/index';
import { buildDomainModel } from '../../server/src/service/kinds/domain/model/domain';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { formatRange } from '../support/ranges';

const service = new LanguageService();
const unsafe = `<domain type='kvm'>
  <devices>
    <disk type='block' device='disk'>
      <driver name='qemu' type='raw' cache='writeback' io='native'/>
      <source dev='/dev/sdb'/>
      <target dev='vdb' bus='virtio'/>
      <shareable/>
    </disk>
  </devices>
</domain>`;

describe('language service', () => {
  it('lints only documents whose root element names a kind (<domain>, a device, <network>, <pool>, <volume>)', () => {
    for (const t of ['<project><name>x</name></project>', '<poolx/>', '<html/>', '', 'plain text', '<domainx/>']) {
      assert.deepEqual(service.validate(service.parse(t)), [], t);
    }
  });
  it('reports one not-well-formed error at the place the parser stopped', () => {
    const t = `<domain>\n  <devices>\n    <disk>\n  </devices>\n</domain>`;
    const d = service.validate(service.parse(t));
    assert.equal(d.length, 1);
    assert.equal(d[0].ruleId, 'not-well-formed');
    assert.equal(d[0].severity, 'error');
    assert.match(d[0].message, /not well-formed XML: .*(disk|devices)/);
    // xmldom points at the start tag left open, which names the element to close.
    assert.equal(formatRange(t, d[0].span), '2:5-2:9');
  });
  it('broken XML that is not a libvirt document stays silent', () => {
    assert.deepEqual(service.validate(service.parse('<project><a></project>')), []);
  });
  it('settings turn a rule off or change its level', () => {
    const doc = service.parse(unsafe);
    const all = service.validate(doc).map((d) => d.ruleId);
    assert.ok(all.includes('io-native-requires-direct-cache'));
    const off = service.validate(doc, { rules: { 'io-native-requires-direct-cache': 'off' } }).map((d) => d.ruleId);
    assert.ok(!off.includes('io-native-requires-direct-cache'));
    const hint = service.validate(doc, { rules: { 'shared-disk-cache-enabled': 'hint' } }).find((d) => d.ruleId === 'shared-disk-cache-enabled');
    assert.equal(hint?.severity, 'hint');
  });
  it('documents over the size limit get one info diagnostic and no analysis', () => {
    const doc = service.parse(unsafe, { maxFileSize: 100 });
    assert.equal(doc.tooLarge, true);
    const d = service.validate(doc, { maxFileSize: 100 });
    assert.deepEqual(d.map((x) => [x.ruleId, x.severity]), [['too-large', 'info']]);
  });
  it('fixAll applies the safe fixes until none applies and keeps the rest of the text', () => {
    const { text } = service.fixAll(unsafe);
    assert.equal(text, unsafe.replace("cache='writeback'", "cache='none'"));
    const fixed = service.parse(text);
    const left = service.validate(fixed);
    assert.deepEqual(left.filter((d) => d.severity === 'error' || d.ruleId === 'shared-disk-cache-enabled' || d.ruleId === 'io-native-requires-direct-cache'), []);
    // Whatever is left has no safe fix (a bus move would be guest-visible).
    assert.deepEqual(service.allFixes(fixed, {}).filter((a) => a.fix.safe), []);
  });
  it('fixes are recomputed for the diagnostics the client sends, matched by rule id and span', () => {
    const doc = service.parse(unsafe);
    const diag = service.validate(doc).find((d) => d.ruleId === 'io-native-requires-direct-cache')!;
    const actions = service.fixes(doc, {}, diag.span, [{ ruleId: diag.ruleId, span: diag.span }]);
    assert.deepEqual(actions.map((a) => [a.fix.title, a.fix.safe]), [
      ["Set <driver cache='none'>", true],
      ["Set <driver cache='directsync'>", false],
      ["Remove io='native'", false],
    ]);
    assert.deepEqual(service.fixes(doc, {}, diag.span, [{ ruleId: diag.ruleId, span: { start: 0, end: 1 } }]), []);
  });
  it('a rule that throws is reported and skipped, the others still run', () => {
    const errors: string[] = [];
    const boom = { id: 'boom', title: 'boom', defaultSeverity: 'error' as const, docs: '', subjects: [], check: () => { throw new Error('bug'); } };
    // A custom rule list runs on every document: the domain's rules, for a domain.
    const s = new LanguageService({ rules: [boom, ...domainKind.rules], onRuleError: (f) => errors.push(f.ruleId) });
    const d = s.validate(s.parse(unsafe));
    assert.deepEqual(errors, ['boom']);
    assert.ok(d.length > 0);
  });
});

describe('domain model', () => {
  const model = (t: string) => buildDomainModel(parseXml(t))!;
  it('infers the bus from the target name like libvirt and reads the machine type', () => {
    const m = model(`<domain type='kvm'><os><type arch='x86_64' machine='pc-q35-9.0'>hvm</type></os><devices>
      <disk><target dev='hda'/></disk><disk><target dev='sdb'/></disk><disk><target dev='vdc'/></disk>
      <disk device='floppy'><target dev='fda'/></disk><disk><target dev='xvda'/></disk><disk><target dev='vdd' bus='scsi'/></disk>
      <controller type='scsi' index='1' model='virtio-scsi'/></devices></domain>`);
    assert.deepEqual(m.disks.map((d) => d.bus), ['ide', 'scsi', 'virtio', 'fdc', 'xen', 'scsi']);
    assert.equal(m.isQ35, true);
    assert.equal(m.controller('scsi', 1)?.isVirtioScsi, true);
    assert.equal(m.targetNames.nthFree('vd', 0), 'vda');
    assert.equal(m.targetNames.nthFree('sd', 0), 'sda');
    assert.equal(m.targetNames.nthFree('hd', 0), 'hdb');
  });
  it('defaults: disk type file, device disk; empty cdrom', () => {
    const m = model(`<domain><devices><disk device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk></devices></domain>`);
    const d = m.disks[0];
    assert.equal(d.type, 'file');
    assert.equal(d.device, 'cdrom');
    assert.equal(d.isEmpty, true);
    assert.equal(d.isWritable, false);
  });
});
