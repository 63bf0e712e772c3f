import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { allRules } from '../../server/src/service/registry';
import { corpusDir, readTsv } from '../support/corpus';
import { fixturesDir } from '../support/fixtures';

/**
 * Rule truth against libvirt's own expected failures: every corpus input with a
 * `qemu_expected_error` (from libvirt's tests/qemuxmlconfdata/*.err) is listed in
 * test/fixtures/libvirt-expected.tsv as `mapped` to the rule that must report it (with error or
 * warning severity), `out-of-scope` (a disk, controller or address matter that no catalogue rule
 * covers, with the reason) or `unrelated` (CPU, firmware, … with the reason).
 */
const MIN_HIT_RATE = 0.95;

describe('libvirt expected errors', () => {
  const manifest = readTsv(path.join(corpusDir, 'libvirt-manifest.tsv')).filter((r) => r.qemu_expected_error);
  const table = readTsv(path.join(fixturesDir, 'libvirt-expected.tsv'));
  const byFile = new Map(table.map((r) => [r.file, r]));
  const ruleIds = new Set(allRules.map((r) => r.id));

  it('the table lists every input with an expected error, each with a status and a reason or rule', () => {
    assert.equal(manifest.length, 212);
    assert.deepEqual(manifest.filter((m) => !byFile.has(m.file)).map((m) => m.file), []);
    assert.equal(table.length, manifest.length, 'the table lists files that are not in the manifest');
    for (const r of table) {
      assert.ok(['mapped', 'out-of-scope', 'unrelated'].includes(r.status), `${r.file}: status ${r.status}`);
      if (r.status === 'mapped') assert.ok(ruleIds.has(r.rule), `${r.file}: unknown rule ${r.rule}`);
      else assert.ok(r.reason.length > 10, `${r.file}: a case left out needs a reason`);
    }
  });

  it(`at least ${MIN_HIT_RATE * 100} % of the mapped cases get an error or warning of the mapped rule`, () => {
    const service = new LanguageService();
    const mapped = table.filter((r) => r.status === 'mapped');
    const misses: string[] = [];
    for (const r of mapped) {
      const text = fs.readFileSync(path.join(corpusDir, r.file), 'utf8');
      const diags = service.validate(service.parse(text));
      const hit = diags.some((d) => d.ruleId === r.rule && (d.severity === 'error' || d.severity === 'warning'));
      if (!hit) misses.push(`${r.file} (${r.rule})`);
    }
    const hits = mapped.length - misses.length;
    const rate = mapped.length ? hits / mapped.length : 0;
    const counts = ['mapped', 'out-of-scope', 'unrelated'].map((s) => `${table.filter((r) => r.status === s).length} ${s}`).join(', ');
    console.log(`libvirt expected errors: ${counts}; ${hits}/${mapped.length} mapped cases fire (hit rate ${(rate * 100).toFixed(1)} %)`);
    if (misses.length) console.log(`missed: ${misses.join('; ')}`);
    assert.ok(mapped.length >= 10, 'too few mapped cases');
    assert.ok(rate >= MIN_HIT_RATE, `hit rate ${rate} below ${MIN_HIT_RATE}: ${misses.join('; ')}`);
  });
});
