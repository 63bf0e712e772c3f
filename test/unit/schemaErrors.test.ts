import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { CompiledSchema, SCHEMA_RULE_ID, schemaDiagnostics, schemasMissingDiagnostic } from '../../server/src/service/schema/validate';
import { fixturesDir } from '../support/fixtures';
import { formatRange } from '../support/ranges';
import { SCHEMA_VERSIONS, schemaDir, testSchema } from '../support/schemas';

/**
 * test/fixtures/schema/: valid-*.xml must give no schema diagnostic; invalid-*.xml gives
 * exactly the diagnostics of invalid-*.expected.json ({range, severity, message}; message
 * is a substring or a list of substrings), with both schema versions.
 */
const dir = path.join(fixturesDir, 'schema');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml'));

interface Expected {
  range: string;
  severity: string;
  message: string | string[];
}

for (const version of SCHEMA_VERSIONS) {
  describe(`schema ${version}: fixtures`, () => {
    it('has valid and invalid cases', () => {
      assert.ok(files.some((f) => f.startsWith('valid-')));
      assert.ok(files.some((f) => f.startsWith('invalid-')));
    });
    for (const file of files) {
      it(file, () => {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        const doc = parseXml(text);
        assert.equal(doc.syntaxError, null, 'fixture must be well-formed');
        const diags = schemaDiagnostics(testSchema(version).validate(doc));
        const got = diags.map((d) => ({ range: formatRange(text, d.span), severity: d.severity, message: d.message }));
        if (file.startsWith('valid-')) {
          assert.deepEqual(got, []);
          return;
        }
        const expected = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.xml$/, '.expected.json')), 'utf8')) as Expected[];
        assert.deepEqual(
          got.map((g) => `${g.range} ${g.severity}`),
          expected.map((e) => `${e.range} ${e.severity}`),
          JSON.stringify(got, null, 1),
        );
        expected.forEach((e, i) => {
          for (const part of Array.isArray(e.message) ? e.message : [e.message]) {
            assert.ok(got[i].message.includes(part), `message ${JSON.stringify(got[i].message)} lacks ${JSON.stringify(part)}`);
          }
        });
        for (const d of diags) assert.equal(d.ruleId, SCHEMA_RULE_ID);
      });
    }
  });
}

describe('schema diagnostics', () => {
  const text = fs.readFileSync(path.join(dir, 'invalid-bad-enum.xml'), 'utf8');
  const errors = testSchema('10.7.0').validate(parseXml(text));

  it('take their level from the schema rule setting', () => {
    assert.equal(schemaDiagnostics(errors, { rules: { schema: 'warning' } })[0].severity, 'warning');
    assert.deepEqual(schemaDiagnostics(errors, { rules: { schema: 'off' } }), []);
  });

  it('honour libvirt-lint-disable comments that name schema, which the lint pass accepts as an id', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('nnone'));
    const suppressed = [...lines.slice(0, at), '      <!-- libvirt-lint-disable-next-line schema -->', ...lines.slice(at)].join('\n');
    const doc = parseXml(suppressed);
    const found = testSchema('10.7.0').validate(doc);
    assert.equal(found.length, 1);
    assert.deepEqual(schemaDiagnostics(found, {}, doc), []);
    const service = new LanguageService();
    const unused = service.validate(service.parse(suppressed)).filter((d) => d.ruleId === 'unused-suppression');
    assert.deepEqual(unused, [], 'schema is a known id, not an unused or unknown one');
    const other = [...lines.slice(0, at), '      <!-- libvirt-lint-disable-next-line shareable-requires-raw -->', ...lines.slice(at)].join('\n');
    assert.equal(schemaDiagnostics(testSchema('10.7.0').validate(parseXml(other)), {}, parseXml(other)).length, 1);
  });

  it('point at the exact source token', () => {
    const [e] = errors;
    assert.equal(text.slice(e.span.start, e.span.end), 'nnone');
  });

  it('are not produced for documents that are not well-formed', () => {
    assert.deepEqual(testSchema('10.7.0').validate(parseXml('<domain><name>x</domain>')), []);
  });

  it('say once how to get the schemas when none are installed', () => {
    const d = schemasMissingDiagnostic(['/nowhere']);
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 'info');
    assert.match(d[0].message, /libvirt0/);
    assert.match(d[0].message, /libvirt\.schema\.path/);
    assert.match(d[0].message, /\/nowhere/);
    assert.deepEqual(schemasMissingDiagnostic([], { rules: { schema: 'off' } }), []);
  });

  it('drop their memo tables when they grow past the limit, with the same results', () => {
    const load = (memoEntries?: number) => CompiledSchema.load((f) => fs.readFileSync(path.join(schemaDir('10.7.0'), f), 'utf8'), 'domain.rng', { memoEntries });
    const doc = parseXml(text);
    // a limit below what one validation of the document makes
    const probe = load();
    probe.validate(doc);
    const made = (probe as unknown as { deriver: { entries: number } }).deriver.entries;
    assert.ok(made > 20, String(made));
    const small = load(Math.floor(made / 2));
    const first = small.validate(doc);
    assert.equal(small.rebuilds, 0);
    assert.deepEqual(small.validate(doc), first);
    assert.equal(small.rebuilds, 1);
    assert.deepEqual(first, errors);
  });

  it('derive values with the same verdict once: distinct paths and serials cost a memo entry each, with the same errors', () => {
    const domain = (n: number, bad: number) => {
      const disks = Array.from({ length: n }, (_, i) => {
        const dev = `vd${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`;
        const cache = i === bad ? 'sometimes' : i % 2 ? 'none' : 'writeback';
        return `<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='${cache}'/><source file='/var/lib/libvirt/images/guest-${i}.qcow2'/><target dev='${dev}' bus='virtio'/><serial>SER${1000 + i}</serial></disk>`;
      });
      return `<domain type='kvm'><name>d</name><memory>1048576</memory><os><type arch='x86_64'>hvm</type></os><devices>${disks.join('\n')}</devices></domain>`;
    };
    const load = () => CompiledSchema.load((f) => fs.readFileSync(path.join(schemaDir('10.7.0'), f), 'utf8'));
    const entries = (n: number) => {
      const s = load();
      s.validate(parseXml(domain(n, -1)));
      return (s as unknown as { deriver: { entries: number } }).deriver.entries;
    };
    const perDisk = (entries(220) - entries(20)) / 200;
    // a memo keyed by value made ~45 entries a disk (each path and serial derived at every level)
    assert.ok(perDisk > 0 && perDisk <= 6, `memo entries per added disk: ${perDisk}`);
    const doc = parseXml(domain(40, 17));
    const fresh = load().validate(doc);
    assert.equal(fresh.length, 1);
    assert.match(fresh[0].message, /cache='sometimes'>: expected one of default, none, writeback/);
    // the same errors after other documents filled the memo with other values
    const used = load();
    used.validate(parseXml(domain(30, 3)));
    used.validate(parseXml(text));
    assert.deepEqual(used.validate(doc), fresh);
  });

  it('tell completion what is allowed at a place (same schema, same rules)', () => {
    const typical = fs.readFileSync(path.join(dir, 'valid-typical.xml'), 'utf8');
    const doc = parseXml(typical);
    const v = testSchema('10.7.0');
    const el = (name: string) => doc.elements.find((e) => e.name === name)!;
    const disk = v.expectationsAt(doc, el('disk'), el('disk').contentSpan.start)!;
    assert.ok(disk.attributes.includes('snapshot'), disk.attributes.join());
    assert.ok(!disk.attributes.includes('type'), 'written attributes are not offered again');
    // type='file' rules out device='lun' (block and network disks only), as libvirt's schema says.
    assert.deepEqual(disk.values('device'), ['floppy', 'disk', 'cdrom']);
    assert.ok(disk.children.includes('driver') && disk.children.includes('target'), disk.children.join());
    const driver = v.expectationsAt(doc, el('driver'), el('driver').contentSpan.start)!;
    assert.deepEqual(driver.values('cache'), ['default', 'none', 'writeback', 'writethrough', 'directsync', 'unsafe']);
    const domain = v.expectationsAt(doc, el('domain'), el('domain').contentSpan.end)!;
    assert.ok(domain.children.includes('on_crash'), domain.children.join());
    assert.ok(!domain.children.includes('name'), 'one <name> is already there');
    const devices = v.expectationsAt(doc, el('devices'), el('disk').start)!;
    assert.ok(['disk', 'controller', 'interface'].every((n) => devices.children.includes(n)), devices.children.join());
    const bad = parseXml(fs.readFileSync(path.join(dir, 'invalid-unknown-element.xml'), 'utf8'));
    assert.equal(v.expectationsAt(bad, bad.elements.find((e) => e.name === 'dsik')!, 0), null);
  });

  it('check datatypes: integer ranges, patterns with literal $, token values', () => {
    const v = testSchema('10.7.0');
    const base = (devices: string): string =>
      `<domain type='kvm'><name>d</name><memory>1024</memory><os><type>hvm</type></os><devices>${devices}</devices></domain>`;
    const one = (devices: string): string[] => v.validate(parseXml(base(devices))).map((e) => e.message);
    assert.deepEqual(one(`<controller type='pci' index='0' model='pci-root'/>`), []);
    assert.match(one(`<controller type='pci' index='x' model='pci-root'/>`)[0], /<controller index='x'>: expected/);
    // The value "virtio" is compared as a token: surrounding white space does not matter.
    assert.deepEqual(one(`<disk type='file'><source file='/a'/><target dev='vda' bus=' virtio '/></disk>`), []);
  });
});
