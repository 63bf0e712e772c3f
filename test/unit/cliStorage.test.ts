import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_CONFIG_FILE } from '../../server/src/projectConfig';
import { readFixture } from '../support/fixtures';
import { runCli } from '../support/run';
import { scratchDir } from '../support/scratch';
import { schemaDir } from '../support/schemas';

/** A dir pool without its target path (error) and a volume allocating more than its capacity (warning). */
const POOL = readFixture('rules', 'pool-target-path-missing', 'invalid-nofix-dir.xml');
const VOLUME = readFixture('rules', 'volume-allocation-above-capacity', 'invalid.xml');
const FIXABLE_VOLUME = readFixture('rules', 'volume-format-unknown', 'invalid.xml');

interface JsonReport {
  files: { path: string; diagnostics: { ruleId: string; severity: string; message: string; fixes: { title: string; preferred: boolean }[] }[] }[];
  skipped: { path: string; reason: string }[];
}

const scratch = scratchDir('libvirt-xml-cli-storage-', { needsCli: true });

describe('the CLI lints storage pools and volumes', () => {
  it('pool and volume files are linted, not skipped; JSON has their findings and fixes', async () => {
    const pool = scratch.write('json/pool.xml', POOL);
    const vol = scratch.write('json/vol.xml', VOLUME);
    const r = await runCli(['--format', 'json', '--no-schema', pool, vol]);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(
      report.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.ruleId} ${d.severity}`)]),
      [
        [pool, ['pool-target-path-missing error']],
        [vol, ['volume-allocation-above-capacity warning']],
      ],
    );
    assert.deepEqual(report.files[1].diagnostics[0].fixes.map((f) => [f.title, f.preferred]), [['Allocate the whole capacity (10 G = 10737418240 bytes)', false]]);
  });

  it('SARIF lists the storage rules and their results', async () => {
    const pool = scratch.write('sarif/pool.xml', POOL);
    const r = await runCli(['--format', 'sarif', '--no-schema', pool]);
    const log = JSON.parse(r.stdout);
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
    for (const id of ['pool-target-path-missing', 'volume-format-unknown', 'storage-permissions-malformed']) assert.ok(ids.includes(id), id);
    assert.deepEqual(
      run.results.map((x: { ruleId: string; level: string }) => `${x.ruleId} ${x.level}`),
      ['pool-target-path-missing error'],
    );
  });

  it('.libvirt-lint.json rule levels and --rule apply to storage rules', async () => {
    scratch.write(path.join('config', PROJECT_CONFIG_FILE), JSON.stringify({ rules: { 'pool-target-path-missing': 'info', 'volume-allocation-above-capacity': 'off' } }));
    const pool = scratch.write('config/pool.xml', POOL);
    const vol = scratch.write('config/vol.xml', VOLUME);
    const r = await runCli(['--format', 'json', '--no-schema', pool, vol]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => f.diagnostics.map((d) => `${d.ruleId} ${d.severity}`)),
      [['pool-target-path-missing info'], []],
    );
    const cli = await runCli(['--format', 'json', '--no-schema', '--rule', 'pool-target-path-missing=error', pool]);
    assert.deepEqual((JSON.parse(cli.stdout) as JsonReport).files[0].diagnostics.map((d) => d.severity), ['error']);
  });

  it('validates against storagepool.rng and storagevol.rng with --schema', async () => {
    const pool = scratch.write('schema/pool.xml', readFixture('corpus', 'pool', 'dir-missing-target-path-invalid.xml'));
    const vol = scratch.write('schema/vol.xml', "<volume>\n  <name>v</name>\n  <capacity>1</capacity>\n  <target>\n    <format type='raw'/>\n    <nocow>yes</nocow>\n  </target>\n</volume>\n");
    const r = await runCli(['--format', 'json', '--schema', schemaDir('10.7.0'), pool, vol]);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => f.diagnostics.map((d) => d.ruleId)),
      [['pool-target-path-missing'], ['schema']],
    );
  });

  it('--fix applies the safe fixes of storage rules', async () => {
    const vol = scratch.write('fix/vol.xml', FIXABLE_VOLUME);
    const r = await runCli(['--fix', '--no-schema', vol]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const fs = await import('node:fs');
    assert.equal(fs.readFileSync(vol, 'utf8'), readFixture('rules', 'volume-format-unknown', 'invalid.fixed.xml'));
  });
});
