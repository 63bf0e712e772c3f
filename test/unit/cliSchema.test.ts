import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir, sharedDir } from '../support/fixtures';
import { runCli as run } from '../support/run';
import { schemaDir } from '../support/schemas';

const fixture = (name: string): string => path.join(fixturesDir, 'schema', name);

describe('cli --schema / --no-schema', () => {
  it('--schema DIR reports schema errors at 1-based positions with rule id schema', async () => {
    const r = await run(['--schema', schemaDir('10.7.0'), fixture('invalid-bad-enum.xml'), fixture('valid-uuid-after-memory.xml')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    // Other rules may report the same disk; look at the schema lines.
    const lines = r.stdout.trim().split('\n').filter((l) => l.includes(' schema '));
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0], /invalid-bad-enum\.xml:12:47: error schema <driver cache='nnone'>: expected one of default, none, writeback, writethrough, directsync, unsafe\.$/);
    // libxml2 rejects the uuid-after-memory order; libvirt and this validator accept it.
    assert.ok(!r.stdout.includes('valid-uuid-after-memory.xml:'), r.stdout);
  });

  it('one finding per cause: an out-of-range SCSI target gets the rule\'s error with the strictest limit, not a schema repeat', async () => {
    const r = await run(['--schema', schemaDir('10.7.0'), '-'], {
      input: `<domain type='kvm'>
  <name>g</name>
  <memory>1048576</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <controller type='scsi' index='0' model='virtio-scsi'/>
    <disk type='block' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source dev='/dev/sdb'/>
      <target dev='sda' bus='scsi'/>
      <address type='drive' controller='0' bus='0' target='150' unit='0'/>
    </disk>
  </devices>
</domain>
`,
    });
    const onTarget = r.stdout.split('\n').filter((l) => l.startsWith('<stdin>:11:'));
    assert.equal(onTarget.length, 1, r.stdout);
    assert.match(onTarget[0], /error virtio-scsi-address-range <address target='150'> is more than libvirt's schema allows .*\(at most 99\)/);
  });

  it('--no-schema skips schema validation', async () => {
    const r = await run(['--no-schema', fixture('invalid-bad-enum.xml')]);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout, / schema /);
  });

  it('--rule schema=warning changes the level; SARIF lists the schema rule', async () => {
    const r = await run(['--schema', schemaDir('9.0.0'), '--rule', 'schema=warning', '--format', 'sarif', fixture('invalid-unknown-element.xml')]);
    assert.equal(r.code, 0);
    const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number; endColumn: number } } }[] }[] }[] };
    assert.ok(sarif.runs[0].tool.driver.rules.some((x) => x.id === 'schema'));
    const [result] = sarif.runs[0].results.filter((x) => x.ruleId === 'schema');
    assert.equal(result.ruleId, 'schema');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 11, startColumn: 6, endLine: 11, endColumn: 10 });
  });

  it('--schema with a directory without domain.rng is an error (exit 2)', async () => {
    const r = await run(['--schema', path.join(sharedDir, 'corpus'), fixture('valid-typical.xml')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--schema .*: no domain\.rng there/);
  });

  it('--schema and --no-schema together are a usage error', async () => {
    const r = await run(['--schema', schemaDir('10.7.0'), '--no-schema', fixture('valid-typical.xml')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /exclude each other/);
  });
});
