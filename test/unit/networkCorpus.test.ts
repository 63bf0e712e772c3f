import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { networkKind } from '../../server/src/service/kinds/network/index';
import { CompiledSchema } from '../../server/src/service/schema/validate';
import { fixturesDir } from '../support/fixtures';
import { formatRange } from '../support/ranges';
import { SCHEMA_VERSIONS, schemaDir } from '../support/schemas';

/**
 * libvirt's own network test inputs (test/fixtures/corpus/network, LGPL-2.1+, see its README),
 * labelled by scripts/label-network-corpus.sh: libvirt's test driver (`virsh net-define`) and
 * xmllint with network.rng.
 */
const corpus = path.join(fixturesDir, 'corpus', 'network');
const rows = (() => {
  const lines = fs.readFileSync(path.join(corpus, 'labels.tsv'), 'utf8').trimEnd().split('\n').filter((l) => !l.startsWith('#'));
  const cols = lines[0].split('\t');
  return lines.slice(1).map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])) as Record<string, string>);
})();
const service = new LanguageService({
  onRuleError: ({ ruleId, error }) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
});
const ruleIds = new Set(networkKind.rules.map((r) => r.id));

/**
 * Rules whose checks come from libvirt's network driver (src/network/bridge_driver.c,
 * networkValidate), which `virsh net-define` on a host runs and the test driver does not. Their
 * errors on inputs the test driver accepts are pinned here, each checked against the code.
 */
const NETWORK_DRIVER_RULES: ReadonlySet<string> = new Set(['network-mode-host-settings', 'network-multiple-dhcp', 'network-forward-pool-mode']);
const NETWORK_DRIVER_REFUSES: Record<string, string> = {
  // passthrough mode with an <ip>: "Unsupported <ip> element in network local with forward mode='passthrough'".
  'networkxml2xmlin/passthrough-pf.xml': 'network-mode-host-settings',
  // a regression input for a parser crash: a PCI address in a passthrough pool.
  'networkxml2xmlin/passthrough-address-crash.xml': 'network-forward-pool-mode',
};

describe('network corpus (libvirt tests/networkxml2*)', () => {
  it('has every file labelled and every labelled file present', () => {
    const files = fs.readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xml')).map((f) => f.split(path.sep).join('/')).sort();
    assert.deepEqual(rows.map((r) => r.file).sort(), files);
    assert.ok(rows.length >= 75, `${rows.length} files`);
    for (const r of rows) assert.ok(service.isLibvirtDocument(service.parse(fs.readFileSync(path.join(corpus, r.file), 'utf8'))), `${r.file} is a network document`);
  });

  it('no error-severity finding on the files libvirt accepts; the rejected ones are flagged', () => {
    const falseErrors: string[] = [];
    const driverErrors: Record<string, string> = {};
    const missed: string[] = [];
    let accepted = 0;
    let rejected = 0;
    let flagged = 0;
    for (const row of rows) {
      const text = fs.readFileSync(path.join(corpus, row.file), 'utf8');
      const diags = service.validate(service.parse(text)).filter((d) => ruleIds.has(d.ruleId));
      const errors = diags.filter((d) => d.severity === 'error');
      if (row.define_ok === 'yes') {
        accepted++;
        for (const d of errors.filter((e) => NETWORK_DRIVER_RULES.has(e.ruleId))) driverErrors[row.file] = d.ruleId;
        for (const d of errors.filter((e) => !NETWORK_DRIVER_RULES.has(e.ruleId))) falseErrors.push(`${row.file} ${formatRange(text, d.span)} ${d.ruleId}: ${d.message}`);
      } else {
        rejected++;
        if (errors.length > 0) flagged++;
        else missed.push(`${row.file}: libvirt says "${row.define_error}"`);
      }
    }
    console.log(`network corpus: ${accepted} accepted by libvirt's test driver, ${falseErrors.length} false errors, ${Object.keys(driverErrors).length} refused by the network driver only; ${flagged} of ${rejected} rejected files flagged`);
    assert.deepEqual(falseErrors, []);
    assert.deepEqual(driverErrors, NETWORK_DRIVER_REFUSES);
    assert.ok(rejected >= 4, 'libvirt rejects the parse-error inputs of networkxml2xmltest.c');
    // Every rejection in the corpus is within the rules' scope (duplicates in the device pool,
    // forward dev on an open network, records in a disabled DNS).
    assert.deepEqual(missed, []);
  });

  it('the inputs libvirt\'s own tests expect to fail parsing are the ones the test driver rejects', () => {
    for (const row of rows.filter((r) => r.libvirt_test !== '-')) {
      assert.equal(row.define_ok === 'no', row.libvirt_test === 'parse-error', row.file);
    }
  });

  for (const version of SCHEMA_VERSIONS) {
    it(`network.rng (${version}): the project's validator agrees with xmllint where it is labelled, and finds no error on the accepted files`, () => {
      const dir = schemaDir(version);
      if (!fs.existsSync(path.join(dir, 'network.rng'))) return;
      const schema = CompiledSchema.load((f) => fs.readFileSync(path.join(dir, f), 'utf8'), 'network.rng');
      const disagreements: string[] = [];
      let valid = 0;
      for (const row of rows) {
        const text = fs.readFileSync(path.join(corpus, row.file), 'utf8');
        const errors = schema.validate(service.parse(text).xml!);
        if (errors.length === 0) valid++;
        // The labels are xmllint with the 10.7.0 schemas; with 9.0.0's, newer elements are errors (e.g. <domain register>).
        if (version === '10.7.0' && (errors.length === 0) !== (row.schema_ok === 'yes')) disagreements.push(`${row.file}: xmllint ${row.schema_ok}, ours ${errors.map((e) => e.message).join('; ') || 'valid'}`);
        if (version === '10.7.0' && row.define_ok === 'yes' && errors.length > 0) disagreements.push(`${row.file}: accepted by libvirt, schema errors ${errors.map((e) => e.message).join('; ')}`);
      }
      console.log(`network.rng ${version}: ${valid} of ${rows.length} corpus files valid`);
      assert.deepEqual(disagreements, []);
      assert.ok(valid > 0);
    });
  }
});

