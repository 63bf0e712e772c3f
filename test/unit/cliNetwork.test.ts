import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli as run } from '../support/run';
import { scratchDir } from '../support/scratch';
import { schemaDir } from '../support/schemas';

/** A network with a `<nat>` in a routed network (error) and a bridge name too long (warning). */
const NETWORK = `<network>
  <name>lab</name>
  <forward mode='route'>
    <nat/>
  </forward>
  <bridge name='virbr-laboratory0'/>
  <ip address='192.0.2.1' prefix='24'/>
</network>
`;

describe('cli on network files', () => {
  const { write } = scratchDir('libvirt-xml-cli-network-', { needsCli: true });

  it('lints them (not skipped), with rule ids, positions and JSON fixes', async () => {
    const file = write('net.xml', NETWORK);
    const text = await run(['--no-schema', file]);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /net\.xml:4:6: error network-nat-outside-nat-mode The <nat> element can only be used when <forward> 'mode' is 'nat' in network lab/);
    assert.match(text.stdout, /net\.xml:6:17: warning network-bridge-name-length Network interface name 'virbr-laboratory0' is too long/);
    assert.doesNotMatch(text.stdout, /skipped/);
    const json = JSON.parse((await run(['--no-schema', '--format', 'json', file])).stdout);
    assert.deepEqual(json.skipped, []);
    const d = json.files[0].diagnostics.find((x: { ruleId: string }) => x.ruleId === 'network-nat-outside-nat-mode');
    assert.deepEqual(d.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 8 } });
    assert.deepEqual(d.fixes.map((f: { title: string; preferred: boolean }) => [f.title, f.preferred]), [['Remove <nat>', false], ["Set <forward mode='nat'>", false]]);
  });

  it('SARIF lists the network rules it reports', async () => {
    const sarif = JSON.parse((await run(['--no-schema', '--format', 'sarif', write('sarif/net.xml', NETWORK)])).stdout);
    const run0 = sarif.runs[0];
    const ids = run0.results.map((r: { ruleId: string }) => r.ruleId);
    assert.deepEqual(ids, ['network-nat-outside-nat-mode', 'network-bridge-name-length']);
    const rules = run0.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const id of ids) assert.ok(rules.includes(id), id);
  });

  it('.libvirt-lint.json rule levels apply to network rules', async () => {
    write('cfg/.libvirt-lint.json', JSON.stringify({ rules: { 'network-nat-outside-nat-mode': 'off', 'network-bridge-name-length': 'error' } }));
    const r = await run(['--no-schema', write('cfg/net.xml', NETWORK)]);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stdout, /network-nat-outside-nat-mode/);
    assert.match(r.stdout, /error network-bridge-name-length/);
  });

  it('validates them with network.rng', async () => {
    const r = await run(['--schema', schemaDir('10.7.0'), '-'], { input: "<network>\n  <name>x</name>\n  <forward mode='natt'/>\n</network>\n" });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /<stdin>:3:18: error schema <forward mode='natt'>: expected one of nat, route, open, bridge, passthrough, private, vepa, hostdev/);
    const ok = await run(['--schema', schemaDir('10.7.0'), '-'], { input: "<network>\n  <name>x</name>\n  <bridge name='virbr3'/>\n</network>\n" });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  });
});
