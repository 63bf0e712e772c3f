import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogBuilder, catalogEntryOf, mayDefineObject } from '../../server/src/service/catalog/catalog';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { cursor } from '../support/cursor';
import { completeXml } from '../support/domainTarget';
import { runCli } from '../support/run';
import { networkInterface, q35Domain, scratchDir } from '../support/scratch';

/** The networks, pools and volumes that domains' references are checked against. */
describe('the catalog of networks, pools and volumes', () => {
  it('reads the object a document defines from its root and <name>', () => {
    assert.deepEqual(catalogEntryOf('<network><name> lab </name></network>'), { kind: 'network', name: 'lab' });
    assert.deepEqual(catalogEntryOf("<pool type='dir'><name>images</name></pool>"), { kind: 'pool', name: 'images' });
    assert.deepEqual(catalogEntryOf('<volume><name>a.qcow2</name></volume>'), { kind: 'volume', name: 'a.qcow2' });
    // a logical pool may be named by its volume group alone, as libvirt takes it
    assert.deepEqual(catalogEntryOf("<pool type='logical'><source><name>vg0</name></source><target><path>/dev/vg0</path></target></pool>"), { kind: 'pool', name: 'vg0' });
    assert.equal(catalogEntryOf("<pool type='dir'><source><name>x</name></source></pool>"), undefined, 'a dir pool has no source name');
    for (const other of ['<domain><name>x</name></domain>', '<network><name></name></network>', '<network><name>x</name>', '', 'not xml']) assert.equal(catalogEntryOf(other), undefined, other);
  });

  it('tells from the first bytes whether a file may define one, erring on reading it', () => {
    const yes = ['<network>', "<?xml version='1.0'?>\n<!-- a comment -->\n<pool type='dir'>", '\uFEFF<volume>', '<!DOCTYPE x>\n<network/>', `<!-- ${'long '.repeat(300)}`, '<netw'];
    const no = ['<domain>', "<?xml version='1.0'?>\n<disk type='file'>", 'hello', '', '<networks>'];
    for (const p of yes) assert.equal(mayDefineObject(p), true, p);
    for (const p of no) assert.equal(mayDefineObject(p), false, p);
  });

  it('keeps one object per source; a source redefined or gone updates it', () => {
    const b = new CatalogBuilder();
    assert.equal(b.set('a', '<network><name>one</name></network>', 'a.xml'), true);
    assert.equal(b.set('a', '<network><name>one</name></network>', 'a.xml'), false, 'unchanged');
    const first = b.catalog();
    assert.equal(b.catalog(), first, 'the same object while nothing changes');
    assert.equal(b.set('a', '<network><name>two</name></network>', 'a.xml'), true);
    assert.deepEqual([...b.catalog().network.keys()], ['two']);
    assert.equal(b.set('a', '<domain/>', 'a.xml'), true, 'no longer defines one');
    assert.equal(b.size, 0);
    assert.equal(b.delete('a'), false);
  });
});

describe('the CLI checks references against the networks, pools and volumes among its files', () => {
  const scratch = scratchDir('libvirt-xml-cli-catalog-', { needsCli: true });
  const DOMAIN = q35Domain('web1', networkInterface('backend'));
  it('a network file on the same command line makes an unknown network name an info finding', async () => {
    const vm = scratch.write('web1.xml', DOMAIN);
    const lab = scratch.write('lab.xml', `<!-- lab network -->\n<network>\n  <name>lab</name>\n</network>\n`);
    const r = await runCli(['--format', 'json', vm, lab]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { path: string; diagnostics: { ruleId: string; severity: string }[] }[] };
    const own = report.files.find((f) => f.path.endsWith('web1.xml'))!;
    assert.deepEqual(own.diagnostics.map((d) => [d.ruleId, d.severity]), [['interface-unknown-network', 'info']]);
    // the network every libvirt host has is taken as known
    const onDefault = scratch.write('web2.xml', q35Domain('web2', networkInterface('default')));
    const withDefault = JSON.parse((await runCli(['--format', 'json', onDefault, lab])).stdout) as typeof report;
    assert.deepEqual(withDefault.files.find((f) => f.path.endsWith('web2.xml'))!.diagnostics, []);
    const alone = JSON.parse((await runCli(['--format', 'json', vm])).stdout) as typeof report;
    assert.deepEqual(alone.files[0].diagnostics, [], 'no network file: nothing is checked');
    const named = scratch.write('backend.xml', `<network>\n  <name>backend</name>\n</network>\n`);
    const both = JSON.parse((await runCli(['--format', 'json', vm, lab, named])).stdout) as typeof report;
    assert.deepEqual(both.files.find((f) => f.path.endsWith('web1.xml'))!.diagnostics, []);
    // standard input is checked against the files named with it
    const stdin = await runCli(['-', lab], { input: DOMAIN });
    assert.match(stdin.stdout, /<stdin>:9:15: info interface-unknown-network no network with matching name 'backend'/);
  });
});

describe('completion of the names a <source> refers to', () => {
  const catalog = { network: new Map([['lab', 'lab.xml'], ['default', 'default.xml']]), pool: new Map([['images', 'pools/images.xml']]), volume: new Map<string, string>() };
  const complete = (marked: string, withCatalog = true) => {
    const { text, offset } = cursor(marked);
    return completeXml(parseXml(text), offset, {}, withCatalog ? { catalog } : {});
  };
  it('offers the known networks and pools, with the file that defines each', () => {
    const nets = complete(`<domain><devices><interface type='network'><source network='|'/></interface></devices></domain>`);
    assert.deepEqual(nets.map((i) => [i.label, i.detail]), [['default', 'network defined in default.xml'], ['lab', 'network defined in lab.xml']]);
    const pools = complete(`<domain><devices><disk type='volume'><source pool='|'/></disk></devices></domain>`);
    assert.deepEqual(pools.map((i) => i.label), ['images']);
  });
  it('offers nothing of its own where no file of that kind is known, nor for other attributes', () => {
    assert.deepEqual(complete(`<domain><devices><disk type='volume'><source pool='x' volume='|'/></disk></devices></domain>`), []);
    assert.deepEqual(complete(`<domain><devices><interface type='network'><source network='|'/></interface></devices></domain>`, false), []);
    assert.deepEqual(complete(`<domain><devices><interface type='bridge'><source bridge='|'/></interface></devices></domain>`).map((i) => i.label), []);
  });
});
