import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { deviceKind } from '../../server/src/service/kinds/device/index';
import { spliceDevice } from '../../server/src/service/kinds/device/attach';
import type { DomainModel } from '../../server/src/service/kinds/domain/model/domain';
import { LanguageService } from '../../server/src/service/languageService';
import { parseXml } from '../../server/src/service/parse/parseXml';
import type { Rule } from '../../server/src/service/rule';
import { qemuAcceptedInputs } from '../support/corpus';
import { q35Domain } from '../support/scratch';

/**
 * A device file checked as attached to its domain (`--domain`, `deviceFiles.domain`): the
 * domain's rules run on the domain with the device added where `virsh attach-device` adds it,
 * and what they find in the device comes back to the device file, with its fixes.
 */
const service = new LanguageService({
  onRuleError: ({ ruleId, error }) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
});

const DOMAIN = q35Domain(
  'vm1',
  `    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source file='/var/lib/libvirt/images/a.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
`,
);

const SAME_TARGET = `<disk type='file' device='disk'>
  <driver name='qemu' type='raw' cache='none'/>
  <source file='/var/lib/libvirt/images/b.img'/>
  <target dev='vda' bus='virtio'/>
</disk>
`;

const context = (text = DOMAIN, label = 'vm1.xml') => ({ domain: { text, label } });
const found = (text: string, ctx?: ReturnType<typeof context>) =>
  service.validate(service.parse(text, {}, ctx)).map((d) => `${d.ruleId} ${JSON.stringify(text.slice(d.span.start, d.span.end))}`);

describe('a device file checked with its domain', () => {
  it('reports what only the domain shows, at the place in the device file', () => {
    assert.deepEqual(found(SAME_TARGET), []);
    const doc = service.parse(SAME_TARGET, {}, context());
    const d = service.validate(doc);
    assert.deepEqual(d.map((x) => [x.ruleId, SAME_TARGET.slice(x.span.start, x.span.end)]), [['duplicate-target-dev', "dev='vda'"]]);
    // attach-device's own wording, so that the message can be searched
    assert.match(d[0].message, /^target vda already exists: the domain's disk '\/var\/lib\/libvirt\/images\/a\.img' has <target dev='vda'>/);
  });

  it('offers fixes that edit the device file only, computed with the domain in view', () => {
    const doc = service.parse(SAME_TARGET, {}, context());
    const fixes = service.allFixes(doc, {});
    assert.deepEqual(fixes.map((f) => f.fix.title), ["Rename the target to 'vdb'"]);
    assert.equal(applyEdits(SAME_TARGET, fixes[0].fix.edits), SAME_TARGET.replace("dev='vda'", "dev='vdb'"));
  });

  it('leaves out fixes that would edit the domain, keeping the finding', () => {
    const scsi = `<disk type='file' device='disk'>\n  <source file='/var/lib/libvirt/images/b.img'/>\n  <target dev='sdb' bus='scsi'/>\n</disk>\n`;
    assert.deepEqual(found(scsi), [], 'alone, the controller is unknown');
    const doc = service.parse(scsi, {}, context());
    assert.deepEqual(service.validate(doc).map((x) => x.ruleId), ['scsi-disk-without-virtio-scsi-controller']);
    // its fix adds a controller to the domain: not something a device file can hold
    assert.deepEqual(service.allFixes(doc, {}).filter((f) => f.diagnostic.ruleId === 'scsi-disk-without-virtio-scsi-controller'), []);
    const withController = DOMAIN.replace('  </devices>', "    <controller type='scsi' index='0' model='virtio-scsi'/>\n  </devices>");
    assert.deepEqual(found(scsi, context(withController)), []);
  });

  it('keeps the findings of the device itself, and suppression comments of the device file', () => {
    const unsafe = SAME_TARGET.replace("cache='none'", "cache='unsafe'").replace("dev='vda'", "dev='vdc'");
    assert.deepEqual(found(unsafe, context()), found(unsafe));
    assert.ok(found(unsafe).some((f) => f.startsWith('cache-unsafe ')));
    const silenced = `<!-- libvirt-lint-disable duplicate-target-dev -->\n${SAME_TARGET}`;
    assert.deepEqual(found(silenced, context()), []);
  });

  it('says nothing of what the domain already has', () => {
    const unsafeDomain = DOMAIN.replace("cache='none'", "cache='unsafe'");
    const other = SAME_TARGET.replace("dev='vda'", "dev='vdb'");
    assert.deepEqual(found(other, context(unsafeDomain)), []);
  });

  /**
   * A rule that speaks of <devices> as a whole (as a slot or address budget would): more than
   * one disk, or with the profile 'strict' any disk.
   */
  const crowdedRule = (message: string): Rule =>
    ({
      id: 'test-crowded',
      title: 'more than one disk',
      defaultSeverity: 'warning',
      subjects: ['domain/devices'],
      docs: 'test rule',
      check: (ctx) => (ctx.model.devices && ctx.model.disks.length > (ctx.hasProfile('strict') ? 0 : 1) ? [{ ruleId: 'test-crowded', span: ctx.model.devices.nameSpan, message }] : []),
    }) satisfies Rule<DomainModel> as Rule;

  it('reports findings elsewhere in the domain that the attach causes on the device root', () => {
    const custom = new LanguageService({ rules: [crowdedRule('two disks')] });
    const other = SAME_TARGET.replace("dev='vda'", "dev='vdb'");
    const d = custom.validate(custom.parse(other, {}, context()));
    assert.deepEqual(d.map((x) => [x.ruleId, other.slice(x.span.start, x.span.end), x.message]), [['test-crowded', 'disk', "two disks (in domain 'vm1', once this device is attached)"]]);
    // the domain alone already has the finding: it is not the device's
    const two = DOMAIN.replace('  </devices>', `    ${other.trim()}\n  </devices>`);
    assert.deepEqual(custom.validate(custom.parse(other.replace("dev='vdb'", "dev='vdc'"), {}, context(two))), []);
  });

  it('follows the domain and the settings from one device file to the next (the domain is parsed and linted once for all)', () => {
    // the rule's finding in the domain alone depends on a profile
    const custom = new LanguageService({ rules: [crowdedRule('crowded')] });
    const device = SAME_TARGET.replace("dev='vda'", "dev='vdb'");
    const ids = (settings: { profiles?: string[] }, domain = DOMAIN) => custom.validate(custom.parse(device, settings, context(domain)), settings).map((x) => x.ruleId);
    const empty = DOMAIN.replace(/ {4}<disk[\s\S]*<\/disk>\n/, '');
    for (let round = 0; round < 2; round++) {
      // one disk in the domain: the device makes two, which the domain alone does not have
      assert.deepEqual(ids({}), ['test-crowded']);
      // with the profile the domain alone has it already: not the device's
      assert.deepEqual(ids({ profiles: ['strict'] }), []);
      // a domain without disks: one disk after the attach, crowded only with the profile
      assert.deepEqual(ids({}, empty), []);
      assert.deepEqual(ids({ profiles: ['strict'] }, empty), ['test-crowded']);
    }
  });

  it('places the device into <devices/>, or a new <devices>, like attach-device', () => {
    for (const domain of [DOMAIN.replace(/<devices>[\s\S]*<\/devices>/, '<devices/>'), DOMAIN.replace(/ *<devices>[\s\S]*<\/devices>\n/, '')]) {
      const root = parseXml(SAME_TARGET).root!;
      const spliced = spliceDevice(SAME_TARGET, root, { text: domain, label: 'd.xml' });
      assert.equal(spliced.model.attaching?.name, 'disk');
      assert.equal(spliced.text.slice(spliced.insertAt, spliced.insertAt + (root.end - root.start)), SAME_TARGET.trim());
      assert.equal(parseXml(spliced.text).syntaxError, null);
      assert.deepEqual(found(SAME_TARGET, context(domain)), [], 'no other disk: no duplicate');
    }
  });

  it('says why a domain cannot be used, and then checks the device alone', () => {
    const cases: [string, RegExp][] = [
      ['<domain type="kvm"><name>x</name><devices>', /not well-formed XML \(line 1\)/],
      ["<network><name>default</name></network>", /is not a libvirt domain \(its root element is <network>, not <domain>\)/],
      ['<domain/>', /is an empty <domain\/>/],
      ['', /is not well-formed XML/],
    ];
    for (const [text, why] of cases) {
      const doc = service.parse(SAME_TARGET, {}, context(text));
      assert.equal(doc.attached, undefined);
      assert.match(doc.attachProblem ?? '', why);
      const d = service.validate(doc);
      assert.deepEqual(d.map((x) => [x.ruleId, x.severity, SAME_TARGET.slice(x.span.start, x.span.end)]), [['domain-context', 'warning', 'disk']]);
      assert.match(d[0].message, /^This device file is checked alone: its domain cannot be used \(vm1\.xml /);
      assert.deepEqual(service.validate(doc, { rules: { 'domain-context': 'off' } }), []);
    }
  });

  it('is ignored for documents that are not device files', () => {
    const doc = service.parse(DOMAIN, {}, context());
    assert.equal(doc.attached, undefined);
    assert.equal(doc.attachProblem, undefined);
    assert.equal(service.parse('<disk', {}, context()).attached, undefined, 'not well-formed: checked alone');
  });

  it('fix-all with the domain picks names the domain leaves free', () => {
    assert.equal(service.fixAll(SAME_TARGET, {}, 10, context()).text, SAME_TARGET);
    const twice = SAME_TARGET.replace("cache='none'", "cache='unsafe'");
    assert.equal(service.fixAll(twice, {}, 10, context()).text, twice.replace("cache='unsafe'", "cache='none'"), 'only safe fixes: the rename is guest-visible');
  });
});

describe('devices of libvirt corpus domains, checked with the rest of their domain', () => {
  const accepted = (() => {
    try {
      return qemuAcceptedInputs();
    } catch {
      return [];
    }
  })();
  it('find in each device just what the whole domain finds there', { skip: accepted.length ? false : 'corpus not found' }, () => {
    // Rules whose finding depends on where a disk is in the device list: moving a disk to the end
    // moves the 29th virtio-blk disk, or which of two disks counts as the later one; PCI controllers
    // written without an index are numbered in document order, so moving one renumbers the buses.
    const orderDependent = new Set(['virtio-blk-slot-budget', 'pcie-hotplug-capacity']);
    let checked = 0;
    let withFindings = 0;
    let elsewhere = 0;
    const problems: string[] = [];
    const key = (d: { ruleId: string; message: string }, start: number, end: number) => `${d.ruleId}@${start}-${end}: ${d.message}`;
    for (const file of accepted) {
      const text = fs.readFileSync(file, 'utf8');
      const devices = parseXml(text).root?.child('devices');
      if (!devices?.endTag) continue;
      const whole = service.validate(service.parse(text)).filter((d) => !orderDependent.has(d.ruleId));
      for (const el of devices.children) {
        if (!deviceKind.roots.includes(el.name)) continue;
        // the device cut out and attached back: the same domain, with this device last
        const domainText = text.slice(0, el.start) + text.slice(el.end);
        const fragment = text.slice(el.start, el.end);
        const expected = whole.filter((d) => d.span.start >= el.start && d.span.end <= el.end).map((d) => key(d, d.span.start - el.start, d.span.end - el.start));
        const doc = service.parse(fragment, {}, context(domainText, 'domain.xml'));
        if (!doc.attached) {
          problems.push(`${file}: <${el.name}> not attached: ${doc.attachProblem}`);
          continue;
        }
        const all = service.validate(doc).filter((d) => !orderDependent.has(d.ruleId));
        // findings the attach causes elsewhere in the domain: each is one the whole domain has
        const ATTACHED = / \(in domain '[^']*', once this device is attached\)$/;
        for (const d of all.filter((x) => ATTACHED.test(x.message))) {
          const message = d.message.replace(ATTACHED, '');
          if (!whole.some((w) => w.ruleId === d.ruleId && w.message === message && (w.span.end <= el.start || w.span.start >= el.end))) {
            problems.push(`${file} <${el.name}>: ${d.ruleId} '${message}' is not a finding of the whole domain`);
          }
          elsewhere++;
        }
        const got = all.filter((x) => !ATTACHED.test(x.message));
        checked++;
        if (expected.length) withFindings++;
        const shown = got.map((d) => key(d, d.span.start, d.span.end));
        if (JSON.stringify(shown.sort()) !== JSON.stringify(expected.sort())) problems.push(`${file} <${el.name}>: got ${JSON.stringify(shown)}, the whole domain has ${JSON.stringify(expected)}`);
        for (const d of got) if (d.severity === 'error') problems.push(`${file} <${el.name}>: error in a domain libvirt accepts: ${d.ruleId}: ${d.message}`);
      }
    }
    console.log(`devices checked as attached to the rest of their domain: ${checked} (${withFindings} with findings of their own, ${elsewhere} findings caused elsewhere)`);
    assert.ok(checked > 3000 && withFindings > 10, `only ${checked} devices, ${withFindings} with findings`);
    assert.deepEqual(problems.slice(0, 10), [], `${problems.length} problems`);
  });
});
