import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, setAttr } from '../../server/src/service/edits';
import { allFacts, attrValues, elementFact } from '../../server/src/service/kinds/domain/facts/index';
import { hoverXml } from '../support/domainTarget';
import { parseXml } from '../../server/src/service/parse/parseXml';
import type { XElement } from '../../server/src/service/parse/xmlTree';
import { allRules } from '../../server/src/service/registry';
import { allKinds } from '../../server/src/service/kinds/index';
import type { Rule } from '../../server/src/service/rule';
import { readFixture, sharedDir } from '../support/fixtures';
import { cursor } from '../support/cursor';

function hoverAt(marked: string, kind: 'markdown' | 'plaintext' = 'markdown') {
  const { text, offset } = cursor(marked);
  return hoverXml(parseXml(text), offset, kind);
}

const DISK = (driver: string, extra = '') => `<domain type='kvm'><devices>
  <disk type='block' device='disk'>
    ${driver}
    <source dev='/dev/sdb'/>
    <target dev='vdb' bus='virtio'/>${extra}
  </disk>
</devices></domain>`;

describe('hover on disk attributes and values', () => {
  it('cache attribute: values, shared/migration safety table, since, rules', () => {
    const h = hoverAt(DISK("<driver name='qemu' type='raw' ca|che='none'/>"))!;
    assert.ok(h);
    assert.equal(h.kind, 'markdown');
    assert.match(h.contents, /^\*\*`cache`\*\* on `<driver>` — How the host caches/);
    for (const mode of ['none', 'directsync', 'writethrough', 'writeback', 'default', 'unsafe']) assert.ok(h.contents.includes('`' + mode + '`'), mode);
    assert.match(h.contents, /\| Mode \| Shared disk \| Live migration \|/);
    assert.match(h.contents, /\| `none` \| safe \| safe \|/);
    assert.match(h.contents, /\| `writeback` \| unsafe \| unsafe \|/);
    assert.match(h.contents, /Safe for `<shareable\/>` disks: `none`, `directsync`\./);
    assert.match(h.contents, /Since libvirt 0\.6\.0\./);
    assert.match(h.contents, /`shared-disk-cache-enabled`\]\(https:\/\/[^)]+#shared-disk-cache-enabled\) \(warning\)/);
    assert.match(h.contents, /`io-native-requires-direct-cache`/);
    assert.match(h.contents, /\[libvirt documentation\]\(https:\/\/libvirt\.org\/formatdomain\.html#hard-drives-floppy-disks-cdroms\)/);
  });

  it('the hover span is the attribute name', () => {
    const marked = DISK("<driver name='qemu' type='raw' ca|che='none'/>");
    const { text } = cursor(marked);
    const h = hoverAt(marked)!;
    assert.equal(text.slice(h.span.start, h.span.end), 'cache');
  });

  it("cache='unsafe' value: caution, unsafe for shared disks and migration, its own version", () => {
    const marked = DISK("<driver name='qemu' type='raw' cache='uns|afe'/>");
    const h = hoverAt(marked)!;
    const { text } = cursor(marked);
    assert.equal(text.slice(h.span.start, h.span.end), 'unsafe');
    assert.match(h.contents, /^\*\*`cache='unsafe'`\*\* on `<driver>` — Like writeback, but the guest's flush requests are ignored/);
    assert.match(h.contents, /\*\*Caution:\*\* Guest flushes are ignored/);
    assert.match(h.contents, /Shared disks: unsafe\. Live migration: refused by libvirt/);
    assert.match(h.contents, /Since libvirt 0\.9\.7\./);
    assert.match(h.contents, /Other values: `none`, `directsync`/);
    assert.match(h.contents, /Safe for `<shareable\/>` disks: `none`, `directsync`\. Accepted by libvirt for live migration: `none`, `directsync`/);
    assert.doesNotMatch(h.contents, /\| Mode \|/, 'the full table is on the attribute hover');
  });

  it("cache='none' value: safe for both", () => {
    const h = hoverAt(DISK("<driver name='qemu' type='raw' cache='|none'/>"))!;
    assert.match(h.contents, /Shared disks: safe\. Live migration: safe\./);
    assert.match(h.contents, /Since libvirt 0\.6\.0\./);
  });

  it('a host-caching mode on a shareable disk says what the linter reports and what to use instead', () => {
    const h = hoverAt(DISK("<driver name='qemu' type='raw' cache='write|back'/>", '\n    <shareable/>'))!;
    assert.match(h.contents, /\*\*Reported here:\*\* <driver cache='writeback'> on a shareable <disk> keeps blocks in the host page cache.*use cache='none'\./);
    const plain = hoverAt(DISK("<driver name='qemu' type='raw' cache='write|back'/>"))!;
    assert.doesNotMatch(plain.contents, /Reported here/);
  });

  it("io='native' names the rule that requires a direct cache mode", () => {
    const h = hoverAt(DISK("<driver name='qemu' type='raw' cache='none' io='nat|ive'/>"))!;
    assert.match(h.contents, /^\*\*`io='native'`\*\*/);
    assert.match(h.contents, /libvirt requires cache none or directsync/);
    assert.match(h.contents, /io-native-requires-direct-cache/);
  });

  it('an unknown value falls back to the attribute hover over the value span', () => {
    const marked = DISK("<driver name='qemu' type='raw' cache='bo|gus'/>");
    const h = hoverAt(marked)!;
    const { text } = cursor(marked);
    assert.equal(text.slice(h.span.start, h.span.end), 'bogus');
    assert.match(h.contents, /^\*\*`cache`\*\*/);
  });

  it('element hover on <shareable/> names its rules', () => {
    const h = hoverAt(DISK("<driver name='qemu' type='raw' cache='none'/>", '\n    <share|able/>'))!;
    assert.match(h.contents, /^\*\*`<shareable>`\*\* in `<disk>` — The disk is used by several domains at once/);
    assert.match(h.contents, /shareable-requires-raw/);
    assert.match(h.contents, /shared-disk-cache-enabled/);
  });

  it('hover on an end tag describes the element', () => {
    const h = hoverAt(`<domain><devices><disk type='file'><serial>x</ser|ial></disk></devices></domain>`)!;
    assert.match(h.contents, /^\*\*`<serial>`\*\* in `<disk>`/);
    assert.match(h.contents, /Since libvirt 0\.7\.1/);
  });

  it('controller model values depend on the controller type', () => {
    const h = hoverAt(`<domain><devices><controller type='scsi' index='0' model='virtio-sc|si'/></devices></domain>`)!;
    assert.match(h.contents, /^\*\*`model='virtio-scsi'`\*\* on `<controller>`/);
    assert.match(h.contents, /\[libvirt documentation\]\(https:\/\/libvirt\.org\/formatdomain\.html#controllers\)/);
    const auto = hoverAt(`<domain><devices><controller type='scsi' model='au|to'/></devices></domain>`)!;
    assert.match(auto.contents, /Caution:\*\* May not be virtio-scsi/);
    const pci = hoverAt(`<domain><devices><controller type='pci' model='pcie-root-p|ort'/></devices></domain>`)!;
    assert.match(pci.contents, /One hot-pluggable PCIe slot/);
  });

  it('controller <driver> is not described as a disk driver', () => {
    const h = hoverAt(`<domain><devices><controller type='scsi' model='virtio-scsi'><driver que|ues='4'/></controller></devices></domain>`)!;
    assert.match(h.contents, /Number of request queues/);
    const d = hoverAt(`<domain><devices><controller type='scsi' model='virtio-scsi'><dri|ver queues='4'/></controller></devices></domain>`)!;
    assert.match(d.contents, /Tuning of the controller/);
  });

  it('source attributes say which disk type they belong to', () => {
    const h = hoverAt(`<domain><devices><disk type='file'><source fi|le='/a.img'/></disk></devices></domain>`)!;
    assert.match(h.contents, /Applies to `<disk type='file'>`\./);
  });

  it('plain text when the client wants it: no markdown syntax', () => {
    const h = hoverAt(DISK("<driver name='qemu' type='raw' ca|che='none'/>"), 'plaintext')!;
    assert.equal(h.kind, 'plaintext');
    assert.doesNotMatch(h.contents, /[`*|]|\]\(/);
    assert.match(h.contents, /^cache on <driver> — How the host caches/);
    assert.match(h.contents, /none, Shared disk: safe, Live migration: safe/);
    assert.match(h.contents, /shared-disk-cache-enabled \(warning\)/);
    assert.match(h.contents, /libvirt documentation: https:\/\/libvirt\.org\/formatdomain\.html#hard-drives-floppy-disks-cdroms/);
  });

  it('works in a document that is not well-formed', () => {
    const marked = `<domain><devices>
  <disk type='file'>
    <driver name='qemu' cache='writeth|rough'/>
    <source file='/a.img'>
  </disk>
  <controller type='scsi'
</devices>`;
    assert.notEqual(parseXml(cursor(marked).text).syntaxError, null);
    const h = hoverAt(marked)!;
    assert.match(h.contents, /^\*\*`cache='writethrough'`\*\*/);
  });

  it('a rule id in a suppression comment shows the rule', () => {
    const h = hoverAt(`<domain><devices>\n<!-- libvirt-lint-disable-next-line shared-disk-ca|che-enabled -->\n<disk/></devices></domain>`)!;
    assert.match(h.contents, /^\*\*`shared-disk-cache-enabled`\*\* \(warning\) — A writable shareable disk/);
    assert.match(h.contents, /next element/);
    const bad = hoverAt(`<domain><!-- libvirt-lint-disable no-su|ch-rule --></domain>`)!;
    assert.match(bad.contents, /is not a libvirt-xml rule id/);
  });

  it('nothing between elements, in comments, or on unknown elements', () => {
    assert.equal(hoverAt(`<domain><devices> | <disk/></devices></domain>`), null);
    assert.equal(hoverAt(`<domain><devices><!-- <disk cac|he='none'/> --></devices></domain>`), null);
    assert.equal(hoverAt(`<domain><devices><frob|nicate/></devices></domain>`), null);
  });
});

describe('hover coverage over a disk with every element', () => {
  const text = readFixture('editor', 'kitchen-sink.xml');
  const xml = parseXml(text);
  assert.equal(xml.syntaxError, null);
  const devices = xml.root!.child('devices')!;
  const covered: XElement[] = [];
  for (const d of devices.children) if (['disk', 'controller'].includes(d.name)) covered.push(d, ...d.descendants());

  it('the fixture uses every child element that disk facts list', () => {
    const used = new Set(covered.map((e) => e.name));
    const missing = allFacts.disk.children!.filter((c) => !used.has(c));
    assert.deepEqual(missing, []);
  });

  it('every element name under <disk> and <controller> has a hover', () => {
    const missing = covered.filter((e) => !hoverXml(xml, e.nameSpan.start + 1)).map((e) => `<${e.parent?.name}/${e.name}>`);
    assert.deepEqual(missing, []);
  });

  it('every attribute under <disk> and <controller> has a hover on its name and on its value', () => {
    const missing: string[] = [];
    for (const e of covered) {
      for (const a of e.attrs) {
        const onName = hoverXml(xml, a.nameSpan.start);
        const onValue = hoverXml(xml, a.valueSpan.start);
        if (!onName || !onName.contents.startsWith(`**\`${a.name}\`**`)) missing.push(`${e.name}@${a.name} (name)`);
        if (!onValue) missing.push(`${e.name}@${a.name} (value)`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('every enumerated value of every attribute there has its own hover', () => {
    let checked = 0;
    const missing: string[] = [];
    for (const e of covered) {
      const found = elementFact(e.name, e.parent?.name)!;
      for (const a of e.attrs) {
        const values = attrValues(found.fact.attrs![a.name], (n) => e.attrValue(n)) ?? [];
        for (const v of values) {
          const changed = applyEdits(text, [setAttr(e, a.name, v.value, text)]);
          const at = e.start + (a.valueSpan.start - e.start);
          const h = hoverXml(parseXml(changed), at);
          checked++;
          if (!h || !h.contents.startsWith(`**\`${a.name}='${v.value}'\`**`)) missing.push(`${e.name}@${a.name}=${v.value}`);
        }
      }
    }
    assert.deepEqual(missing, []);
    assert.ok(checked > 100, `only ${checked} values checked`);
  });

  it('every element fact has a summary, and every version looks like x.y.z', () => {
    for (const [key, f] of Object.entries(allFacts)) {
      assert.ok(f.summary.length > 5, key);
      const versions = [f.since, ...Object.values(f.attrs ?? {}).flatMap((a) => [a.since, ...(a.values ?? []).map((v) => v.since)])];
      for (const v of versions) if (v !== undefined) assert.match(v, /^\d+\.\d+\.\d+$/, key);
    }
  });
});

describe('rules named by hovers', () => {
  const catalogue = (() => {
    const file = path.join(sharedDir, 'docs', 'rules.md');
    const ids = new Set<string>();
    if (fs.existsSync(file)) for (const m of fs.readFileSync(file, 'utf8').matchAll(/^### \d+\. `([a-z0-9-]+)`/gm)) ids.add(m[1]);
    return ids;
  })();

  it('every registered rule is a catalogue rule or says what it checks, and names facts that exist', () => {
    assert.ok(catalogue.size >= 40, 'rule catalogue not found in ../shared/docs/rules.md');
    const bad: string[] = [];
    // Each rule's subjects are looked up in the facts of the kinds that run it.
    for (const kind of allKinds) for (const rule of kind.rules as readonly Rule[]) {
      if (rule.subjects.length === 0) bad.push(`${rule.id}: no subjects`);
      for (const key of rule.subjects) {
        // parent/element[@attr[=value]], the keys hover and completion look facts up by.
        const m = /^(?:([\w-]+)\/)?([\w-]+)(?:@([\w-]+)(?:=([^=]+))?)?$/.exec(key);
        const found = m ? kind.facts.elementFact(m[2], m[1]) : undefined;
        if (!m || !found) {
          bad.push(`${rule.id}: ${key} names no element with facts`);
          continue;
        }
        if (m[3] === undefined) continue;
        const attr = found.fact.attrs?.[m[3]];
        if (!attr) bad.push(`${rule.id}: ${key} names no attribute with facts`);
        else if (m[4] !== undefined) {
          const values = attr.values ?? Object.values(attr.valuesBy?.cases ?? {}).flat();
          if (!values.some((v) => v.value === m[4])) bad.push(`${rule.id}: ${key} names no value with facts`);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  it('hovers list only registered rules', () => {
    const h = hoverAt(DISK("<driver name='qemu' type='raw' ca|che='none'/>"))!;
    const listed = [...h.contents.matchAll(/\[`([a-z0-9-]+)`\]/g)].map((m) => m[1]);
    assert.ok(listed.length > 0);
    for (const id of listed) assert.ok(allRules.some((r) => r.id === id), id);
  });
});

describe('hover coverage on the libvirt corpus', () => {
  const dir = path.join(sharedDir, 'corpus', 'libvirt');
  it('every element and attribute under <disk> and <controller> in the corpus has a hover', { skip: fs.existsSync(dir) ? false : 'corpus not found' }, () => {
    let total = 0;
    const missing = new Map<string, number>();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.xml'))) {
      const xml = parseXml(fs.readFileSync(path.join(dir, f), 'utf8'));
      for (const e of xml.elements) {
        let inDevice = false;
        for (let p: XElement | null = e; p; p = p.parent) if (p.name === 'disk' || p.name === 'controller') inDevice = true;
        if (!inDevice) continue;
        const key = `${e.parent?.name}/${e.name}`;
        const probes: [string, number][] = [[key, e.nameSpan.start + 1], ...e.attrs.map((a): [string, number] => [`${key}@${a.name}`, a.nameSpan.start])];
        for (const [what, at] of probes) {
          total++;
          if (!hoverXml(xml, at)) missing.set(what, (missing.get(what) ?? 0) + 1);
        }
      }
    }
    assert.ok(total > 30000, `only ${total} names checked`);
    assert.deepEqual([...missing], []);
  });
});
