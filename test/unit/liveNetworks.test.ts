// Live networks and storage pools: libvirt://<connection>/networks/<name>.xml and
// /pools/<name>.xml, read with net-dumpxml / pool-dumpxml and saved with net-define /
// pool-define after this project's checks, and libvirt's verdicts on them (test driver).
import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { installVscodeStub, resetStubState, stubState, Uri, type Diagnostic } from '../support/vscodeStub';
import { fsError, questions, saveFails } from '../support/liveSaves';
import { NETWORK, NETWORK_RANGE, POOL } from '../support/liveDocuments';
import { onlyRules, SKIP_NO_VIRSH } from '../support/libvirtEnv';
import { persistentTestDriver } from '../support/persistentTestDriver';
import { serviceChecker } from '../support/liveChecker';
import { LiveDomainStore, libvirtDocumentUri } from '../../client/src/liveDomainStore';
import { connectionSkipReason, embedSkipReason, execFileAsync, libvirtVerdicts, liveKindOf, ThrowawayLibvirt, Virsh, VirshError, type ExecFn } from '../../client/src/virsh';
import { libvirtDiagnostics } from '../../server/src/service/libvirt/index';

installVscodeStub();
// Loaded after the stub is installed: these modules import 'vscode'.
const fsMod: typeof import('../../client/src/libvirtFs') = require('../../client/src/libvirtFs');
const treeMod: typeof import('../../client/src/domainTree') = require('../../client/src/domainTree');
const live: typeof import('../../client/src/liveDomains') = require('../../client/src/liveDomains');

/**
 * Tests that need this project's own checks of networks (a `network` document kind in the
 * language service) skip until it is there; without it a network is checked by libvirt only.
 */

const enc = (s: string) => Buffer.from(s, 'utf8');
const dec = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** The define commands a list of virsh calls ran. */
const defines = (calls: readonly (readonly string[])[]) => calls.filter((c) => /define$/.test(c[0])).map((c) => c[0]);

test('libvirt: URIs: domains at the connection root as before, networks/ and pools/ folders', () => {
  assert.equal(fsMod.domainUri('system', 'web-1').toString(), 'libvirt://system/web-1.xml');
  assert.equal(fsMod.objectUri('system', 'network', 'default').toString(), 'libvirt://system/networks/default.xml');
  assert.equal(fsMod.objectUri('system', 'pool', 'default').toString(), 'libvirt://system/pools/default.xml');
  const parse = (s: string) => fsMod.parseLibvirtUri(Uri.parse(s) as never);
  assert.deepEqual(parse('libvirt://system/web-1.xml'), { connection: 'system', kind: 'domain', name: 'web-1' });
  assert.deepEqual(parse('libvirt://system/networks/default.xml'), { connection: 'system', kind: 'network', name: 'default' });
  assert.deepEqual(parse('libvirt://system/pools/default.xml'), { connection: 'system', kind: 'pool', name: 'default' });
  assert.deepEqual(parse('libvirt://system/'), { connection: 'system', kind: 'domain' });
  assert.deepEqual(parse('libvirt://system/networks'), { connection: 'system', kind: 'network' });
  assert.deepEqual(parse('libvirt://system/pools/'), { connection: 'system', kind: 'pool' });
  // A domain may be named like a folder: its file has the .xml suffix.
  assert.deepEqual(parse('libvirt://system/networks.xml'), { connection: 'system', kind: 'domain', name: 'networks' });
  for (const bad of ['libvirt://system/a/b.xml', 'libvirt://system/networks/a/b.xml', 'libvirt://system/networks/.xml', 'libvirt://system/volumes/v.xml', 'libvirt://system/x.txt']) {
    assert.throws(() => parse(bad), (e: Error) => e.constructor.name === 'FileSystemError', bad);
  }
  assert.throws(() => fsMod.parseDomainUri(Uri.parse('libvirt://system/networks/default.xml') as never));
  // The URI the settings of a save are resolved for is the editor's.
  assert.equal(libvirtDocumentUri('Sys', 'my net', 'network'), 'libvirt://sys/networks/my%20net.xml');
  assert.equal(libvirtDocumentUri('Sys', 'p', 'pool'), 'libvirt://sys/pools/p.xml');
  assert.equal(libvirtDocumentUri('Sys', 'd'), 'libvirt://sys/d.xml');
});

test('document kinds and root elements name the live kinds', () => {
  assert.deepEqual(['domain', 'network', 'pool', 'volume', 'device', null, undefined].map(liveKindOf), ['domain', 'network', 'pool', undefined, undefined, undefined, undefined]);
});

describe('virsh commands for networks and pools', () => {
  test('argument arrays: net-dumpxml / pool-dumpxml --inactive, net-define / pool-define --validate, the lists', async () => {
    const calls: (readonly string[])[] = [];
    const exec: ExecFn = async (_f, args) => {
      calls.push(args.slice(2));
      return { stdout: 'a\nb  \n\n', stderr: '' };
    };
    const virsh = new Virsh({ exec });
    const name = "x; rm -rf / 'q'";
    await virsh.dumpObjectXml('qemu:///system', 'network', name);
    await virsh.dumpObjectXml('qemu:///system', 'pool', name);
    assert.deepEqual(await virsh.listObjects('qemu:///system', 'network'), ['a', 'b']);
    assert.deepEqual(await virsh.listObjects('qemu:///system', 'pool'), ['a', 'b']);
    await virsh.defineObject('qemu:///system', 'network', NETWORK);
    await virsh.defineObject('qemu:///system', 'pool', POOL, { validate: false });
    assert.deepEqual(calls.slice(0, 4), [
      ['net-dumpxml', '--inactive', '--network', name],
      ['pool-dumpxml', '--inactive', '--pool', name],
      ['net-list', '--all', '--name'],
      ['pool-list', '--all', '--name'],
    ]);
    assert.deepEqual([calls[4][0], calls[4].at(-1), calls[5][0], calls[5].length], ['net-define', '--validate', 'pool-define', 3]);
  });

  test('only a driver that refuses --inactive (the test driver) is read without it; other failures stand', async () => {
    const calls: (readonly string[])[] = [];
    const refusing: ExecFn = async (_f, args) => {
      calls.push(args.slice(2));
      if (args.includes('--inactive')) throw Object.assign(new Error('Command failed'), { code: 1, stdout: '', stderr: 'error: unsupported flags (0x1) in function testNetworkGetXMLDesc\n' });
      return { stdout: '<network/>\n', stderr: '' };
    };
    assert.equal(await new Virsh({ exec: refusing }).dumpObjectXml('test:///default', 'network', 'n'), '<network/>\n');
    assert.deepEqual(calls, [['net-dumpxml', '--inactive', '--network', 'n'], ['net-dumpxml', '--network', 'n']]);
    // A domain is never read without --inactive (that would be its live definition).
    await assert.rejects(new Virsh({ exec: refusing }).dumpObjectXml('test:///default', 'domain', 'd'), (e: unknown) => e instanceof VirshError && e.kind === 'failed');
  });

  test('untrusted: no process for networks and pools either', async () => {
    const calls: unknown[] = [];
    const virsh = new Virsh({ exec: async (...a) => (calls.push(a), { stdout: '', stderr: '' }), isTrusted: () => false });
    for (const p of [virsh.listObjects('test:///default', 'network'), virsh.dumpObjectXml('test:///default', 'pool', 'p'), virsh.defineObject('test:///default', 'network', NETWORK), virsh.listWithActivity('test:///default', 'pool')]) {
      await assert.rejects(p, (e: unknown) => e instanceof VirshError && e.kind === 'untrusted');
    }
    assert.deepEqual(calls, []);
  });
});

describe('networks and pools on the real test driver (test:///default)', { skip: SKIP_NO_VIRSH }, () => {
  const virsh = new Virsh();

  test('list with state, dump (the test driver refuses --inactive: read without), unknown names', async () => {
    assert.deepEqual(await virsh.listWithActivity('test:///default', 'network'), [{ name: 'default', state: 'active' }]);
    assert.deepEqual(await virsh.listWithActivity('test:///default', 'pool'), [{ name: 'default-pool', state: 'active' }]);
    const net = await virsh.dumpObjectXml('test:///default', 'network', 'default');
    assert.equal(net, (await execFileAsync('virsh', ['-c', 'test:///default', 'net-dumpxml', 'default'], { timeout: 60_000, env: process.env, maxBuffer: 1 << 20 })).stdout);
    assert.match(net, /^<network>\n {2}<name>default<\/name>/);
    assert.match(await virsh.dumpObjectXml('test:///default', 'pool', 'default-pool'), /<pool type='dir'>\n {2}<name>default-pool<\/name>/);
    const missingNet = await virsh.dumpObjectXml('test:///default', 'network', 'nope').catch((e: unknown) => e);
    assert.ok(missingNet instanceof VirshError && missingNet.kind === 'not-found', String(missingNet));
    assert.match(missingNet.message, /no network with matching name 'nope'/);
    const missingPool = await virsh.dumpObjectXml('test:///default', 'pool', 'nope').catch((e: unknown) => e);
    assert.ok(missingPool instanceof VirshError && missingPool.kind === 'not-found', String(missingPool));
  });

  test('net-define / pool-define messages: our temp file wrapper is left out', async () => {
    const err = await virsh.defineObject('test:///default', 'network', NETWORK.replace("mode='nat'", "mode='bogus'"), { validate: false }).catch((e: unknown) => e);
    assert.ok(err instanceof VirshError && err.kind === 'failed', String(err));
    assert.deepEqual(err.messages, ["unsupported configuration: unknown forwarding type 'bogus'"]);
    const perr = await virsh.defineObject('test:///default', 'pool', POOL.replace('</name>', '</nam>')).catch((e: unknown) => e);
    assert.ok(perr instanceof VirshError);
    assert.deepEqual(perr.messages, ['(storage_pool_definition):2: Opening and ending tag mismatch: name line 2 and nam']);
  });
});

describe("libvirt's verdicts on networks and pools (throwaway test driver)", { skip: SKIP_NO_VIRSH }, () => {
  const calls: string[] = [];
  const virsh = new Virsh({ exec: (f, args, o) => (calls.push(args[1]), execFileAsync(f, args, o)) });
  const oracle = new ThrowawayLibvirt(virsh);
  after(() => oracle.dispose());

  test('accepted: a clean network and pool; the network named like the default one does not clash (empty node)', async () => {
    for (const [kind, text] of [['network', NETWORK], ['pool', POOL], ['network', NETWORK.replace('<name>lab</name>', '<name>default</name>')]] as const) {
      assert.deepEqual(await libvirtVerdicts(virsh, oracle, 'test:///default', text, { kind }), [{ driver: 'test', ok: true, messages: [] }], `${kind} ${text}`);
    }
  });

  test("refused: libvirt's own wording, the parser's precise message before the schema's", async () => {
    const [net] = await libvirtVerdicts(virsh, oracle, 'test:///default', NETWORK.replace("mode='nat'", "mode='bogus'"), { kind: 'network' });
    assert.equal(net.ok, false);
    assert.equal(net.messages[0], "unsupported configuration: unknown forwarding type 'bogus'");
    assert.match(net.messages[1], /failed to validate against schema: Unable to validate doc against \S*network\.rng/);
    const [pool] = await libvirtVerdicts(virsh, oracle, 'test:///default', POOL.replace(/<target>[\s\S]*<\/target>\n/, ''), { kind: 'pool' });
    assert.equal(pool.ok, false);
    assert.equal(pool.messages[0], 'XML error: missing storage pool target path');
    const [name] = await oracle.validate(NETWORK.replace('<name>lab</name>', '<name>a/b</name>'), { kind: 'network', qemu: false });
    assert.deepEqual(name.messages, ['invalid char in name: /']);
  });

  test('qemu:///embed and other URIs: the test driver, and a skipped verdict saying why; nothing runs on that URI', async () => {
    calls.length = 0;
    const embed = await libvirtVerdicts(virsh, oracle, 'qemu:///embed', NETWORK, { kind: 'network' });
    assert.deepEqual(embed, [{ driver: 'test', ok: true, messages: [] }, { driver: 'qemu', ok: false, messages: [], skipped: embedSkipReason('network') }]);
    assert.match(embedSkipReason('pool'), /^libvirt's storage driver does not run embedded \(qemu:\/\/\/embed\)/);
    const system = await libvirtVerdicts(virsh, oracle, 'qemu:///system', POOL, { kind: 'pool' });
    assert.deepEqual(system, [{ driver: 'test', ok: true, messages: [] }, { driver: 'connection', uri: 'qemu:///system', ok: false, messages: [], skipped: connectionSkipReason('pool', 'qemu:///system') }]);
    assert.match(connectionSkipReason('pool', 'qemu:///system'), /pool-define would define it there/);
    assert.ok(calls.every((uri) => /^test:\/\/\//.test(uri)), calls.join(' '));
    // "Validate with libvirt" (the client): the same, with the QEMU driver's reason.
    assert.deepEqual((await oracle.validate(POOL, { kind: 'pool' }))[1].skipped, embedSkipReason('pool'));
  });

  test('libvirt messages of a broken network land on its line', async () => {
    const text = NETWORK.replace('<bridge name=\'virbr7\'/>', "<bridge name='virbr7'>");
    const verdicts = await libvirtVerdicts(virsh, oracle, 'test:///default', text, { kind: 'network' });
    const [d] = libvirtDiagnostics(text, verdicts);
    assert.match(d.message, /^libvirt: \(network_definition\):\d+: /);
    // libxml2 names the line where it noticed the mismatch: the end tag of <network>.
    assert.equal(text.slice(0, d.span.start).split('\n').length, Number(/\):(\d+):/.exec(d.message)![1]));
  });
});

describe('live networks and pools: read, save, refuse (a test driver that keeps them)', { skip: SKIP_NO_VIRSH }, () => {
  const driver = persistentTestDriver();
  after(driver.cleanup);
  const checker = serviceChecker(() => onlyRules());
  const store = new LiveDomainStore(new Virsh({ exec: driver.exec }), (name) => (name === 'lab' ? driver.uri : undefined), checker);

  test('read a network, edit, save: libvirt stores it, nothing of the document is lost', async () => {
    await driver.define('network', NETWORK);
    const text = await store.read('lab', 'lab', { kind: 'network' });
    assert.equal(text, driver.stored('network', 'lab'));
    assert.match(text, /<uuid>[0-9a-f-]{36}<\/uuid>/);
    const edited = text.replace(NETWORK_RANGE, `${NETWORK_RANGE}\n      <host mac='52:54:00:00:00:01' name='web' ip='192.0.2.5'/>`);
    assert.notEqual(edited, text);
    const snap = await store.save('lab', 'lab', edited, questions().q, { kind: 'network' });
    assert.equal(snap.xml, driver.stored('network', 'lab'));
    assert.equal(snap.xml, edited, 'libvirt stores the edit exactly as written');
    assert.deepEqual(defines(driver.calls), ['net-define']);
    assert.ok(driver.calls.some((c) => c[0] === 'net-define' && c.includes('--validate')));
    // Checked with the settings of the libvirt: document itself.
    assert.equal(checker.uris.at(-1), 'libvirt://lab/networks/lab.xml');
    const diff = await checker.definedDiff({ sent: edited, stored: snap.xml });
    assert.deepEqual([diff.droppedElements, diff.droppedAttributes, diff.droppedComments, diff.addedElements, diff.changedValues], [[], [], 0, [], []]);
  });

  test('a pool round trip; a comment libvirt does not keep is reported by the diff, the rest is kept', async () => {
    await driver.define('pool', POOL);
    const text = await store.read('lab', 'images', { kind: 'pool' });
    const edited = text.replace('<path>/var/lib/libvirt/images</path>', '<path>/var/lib/libvirt/images</path>\n    <!-- moved from /srv -->\n    <permissions>\n      <mode>0711</mode>\n    </permissions>');
    const snap = await store.save('lab', 'images', edited, questions().q, { kind: 'pool' });
    assert.match(snap.xml, /<mode>0711<\/mode>/);
    const diff = await checker.definedDiff({ sent: edited, stored: snap.xml });
    assert.equal(diff.droppedComments, 1);
    assert.deepEqual([diff.droppedElements, diff.droppedAttributes], [[], []]);
  });

  test('libvirt refuses: its message, nothing changed in libvirt', async () => {
    const before = driver.stored('network', 'lab');
    const text = await store.read('lab', 'lab', { kind: 'network' });
    const err = await saveFails(store.save('lab', 'lab', text.replace("mode='nat'", "mode='bogus'"), questions().q, { kind: 'network' }), 'rejected', /^libvirt rejected the network definition: XML document failed to validate against schema[\s\S]*\nExtra element forward in interleave/);
    assert.ok(err.libvirtMessages.length > 0);
    assert.equal(driver.stored('network', 'lab'), before);
    const pool = await store.read('lab', 'images', { kind: 'pool' });
    await saveFails(store.save('lab', 'images', pool.replace("type='dir'", "type='bogus'"), questions().q, { kind: 'pool' }), 'rejected', /^libvirt rejected the storage pool definition: /);
  });

  test('the root element and <name> must be those of the document: no other object is created or renamed', async () => {
    const text = await store.read('lab', 'lab', { kind: 'network' });
    const calls = driver.calls.length;
    await saveFails(store.save('lab', 'lab', text.replace('<name>lab</name>', '<name>lab2</name>'), questions().q, { kind: 'network' }), 'name-mismatch', /<name> is 'lab2' but this document is network 'lab'/);
    await saveFails(store.save('lab', 'lab', text.replace('<name>lab</name>', ''), questions().q, { kind: 'network' }), 'name-mismatch', /must be <name>lab<\/name> to update this network/);
    await saveFails(store.save('lab', 'lab', POOL.replace('images', 'lab'), questions().q, { kind: 'network' }), 'name-mismatch', /the root element is <pool>, but this document is network 'lab' \(root <network>\)/);
    await saveFails(store.save('lab', 'images', NETWORK.replace('>lab<', '>images<'), questions().q, { kind: 'pool' }), 'name-mismatch', /root element is <network>, but this document is storage pool 'images'/);
    assert.equal(driver.calls.length, calls, 'nothing was run');
  });

  test('a change made in libvirt since the network was opened: asked, kept or overwritten', async () => {
    const mine = await store.read('lab', 'lab', { kind: 'network' });
    // Someone else changes it (virsh net-edit, another VS Code).
    await driver.define('network', mine.replace("name='virbr7'", "name='virbr8'"));
    const theirs = driver.stored('network', 'lab');
    const edited = mine.replace("<forward mode='nat'/>", "<forward mode='route'/>");
    const keep = questions({ overwrite: false });
    await saveFails(store.save('lab', 'lab', edited, keep.q, { kind: 'network' }), 'conflict', /network 'lab' was changed in libvirt \(lab\) since it was opened/);
    assert.deepEqual(keep.asked, ['overwrite:network lab@lab:changed']);
    assert.equal(driver.stored('network', 'lab'), theirs);
    const overwrite = questions({ overwrite: true });
    await store.save('lab', 'lab', edited, overwrite.q, { kind: 'network' });
    assert.match(driver.stored('network', 'lab')!, /<forward mode='route'\/>/);
    assert.match(driver.stored('network', 'lab')!, /virbr7/);
  });

  test('snapshots are per kind: a network and a domain of the same name do not share one', async () => {
    await store.read('lab', 'lab', { kind: 'network' });
    assert.ok(store.snapshot('lab', 'lab', 'network'));
    assert.equal(store.snapshot('lab', 'lab'), undefined);
    assert.equal(store.snapshot('lab', 'lab', 'pool'), undefined);
  });

  test("this project's errors refuse a network save before libvirt is asked", async () => {
    const text = await store.read('lab', 'lab', { kind: 'network' });
    const calls = driver.calls.length;
    const err = await saveFails(store.save('lab', 'lab', text.replace('</bridge>', '').replace("<bridge name='virbr7'", "<bridge name='virbr7'><x>"), questions().q, { kind: 'network' }), 'errors', /must be fixed first/);
    assert.deepEqual(err.problems.map((p) => p.ruleId), ['not-well-formed']);
    assert.equal(driver.calls.length, calls);
  });
});

describe('the libvirt: file system and the view for networks and pools', { skip: SKIP_NO_VIRSH }, () => {
  const driver = persistentTestDriver();
  after(driver.cleanup);
  let spawned = 0;
  const exec: ExecFn = (f, a, o) => (spawned++, driver.exec(f, a, o));
  const isTrusted = () => stubState.isTrusted;
  const virsh = new Virsh({ exec, isTrusted });
  const store = new LiveDomainStore(virsh, (name) => (name === 'lab' ? driver.uri : undefined), serviceChecker(() => onlyRules()));
  const reports: { name: string; kind: string; sent: string; stored: string }[] = [];
  const provider = new fsMod.LibvirtFileSystemProvider(store, isTrusted, fsMod.dialogQuestions, async (_c, name, sent, stored, kind) => {
    reports.push({ name, kind, sent, stored });
  });
  const netUri = fsMod.objectUri('lab', 'network', 'lab');

  test('folders, read, stat, save through the provider', async () => {
    await driver.define('network', NETWORK);
    await driver.define('pool', POOL);
    assert.deepEqual(await provider.readDirectory(Uri.parse('libvirt://lab/networks/') as never), [['lab.xml', 1]]);
    assert.deepEqual(await provider.readDirectory(Uri.parse('libvirt://lab/pools') as never), [['images.xml', 1]]);
    assert.equal((await provider.stat(Uri.parse('libvirt://lab/networks') as never)).type, 2);
    const text = dec(await provider.readFile(netUri));
    assert.equal(text, driver.stored('network', 'lab'));
    assert.equal((await provider.stat(netUri)).size, Buffer.byteLength(text));
    await fsError(provider.stat(fsMod.objectUri('lab', 'pool', 'missing')), 'FileNotFound', /missing/);
    const edited = text.replace("<forward mode='nat'/>", "<forward mode='nat'/>\n  <!-- libvirt-lint-disable-next-line some-rule -->");
    provider.noteSaveReason(netUri as never, 1 /* Manual */);
    await provider.writeFile(netUri, enc(edited));
    assert.deepEqual(reports.map((r) => [r.name, r.kind, r.sent === edited, r.stored === driver.stored('network', 'lab')]), [['lab', 'network', true, true]]);
    // Auto save never defines.
    provider.noteSaveReason(netUri as never, 2 /* AfterDelay */);
    await fsError(provider.writeFile(netUri, enc(edited)), 'Unknown', /Not defined in libvirt by auto save: save 'networks\/lab\.xml' explicitly/);
  });

  test('a save libvirt refuses fails with its message (the editor keeps the text)', async () => {
    const text = dec(await provider.readFile(netUri));
    await fsError(provider.writeFile(netUri, enc(text.replace("mode='nat'", "mode='bogus'"))), 'Unknown', /libvirt rejected the network definition: [\s\S]*Extra element forward/);
  });

  test('the tree: Domains, Networks, Storage Pools per connection; networks and pools with state open their URIs', async () => {
    driver.setActive('network', 'lab', true);
    const tree = new treeMod.DomainTreeProvider(() => ({ lab: driver.uri }), () => virsh, isTrusted);
    const [conn] = await tree.getChildren();
    const groups = await tree.getChildren(conn);
    assert.deepEqual(groups.map((g) => tree.getTreeItem(g).label), ['Domains', 'Networks', 'Storage Pools']);
    const networks = await tree.getChildren(groups[1]);
    assert.deepEqual(networks, [{ kind: 'network', connection: 'lab', name: 'lab', state: 'active' }]);
    const pools = await tree.getChildren(groups[2]);
    assert.deepEqual(pools, [{ kind: 'pool', connection: 'lab', name: 'images', state: 'inactive' }]);
    const item = tree.getTreeItem(networks[0]);
    assert.equal(String(item.resourceUri), 'libvirt://lab/networks/lab.xml');
    assert.equal(item.contextValue, 'libvirtNetwork');
    assert.equal(item.description, 'active');
    assert.deepEqual([item.command?.command, item.command?.arguments], ['libvirt.openDomain', [networks[0]]]);
    assert.equal(String(tree.getTreeItem(pools[0]).resourceUri), 'libvirt://lab/pools/images.xml');
    // A group libvirt cannot list shows libvirt's message in its place (the test driver persists no domains here).
    const domains = await tree.getChildren(groups[0]);
    assert.equal(domains.length, 1);
    assert.equal(domains[0].kind, 'message');
  });

  test('untrusted: nothing is read, listed or saved, and no process starts', async () => {
    const before = spawned;
    stubState.isTrusted = false;
    try {
      await fsError(provider.readFile(fsMod.objectUri('lab', 'network', 'other')), 'NoPermissions', /not trusted/);
      await fsError(provider.readDirectory(Uri.parse('libvirt://lab/pools/') as never), 'NoPermissions');
      await fsError(provider.writeFile(netUri, enc(NETWORK)), 'NoPermissions');
      const tree = new treeMod.DomainTreeProvider(() => ({ lab: driver.uri }), () => virsh, isTrusted);
      assert.deepEqual(await tree.getChildren({ kind: 'group', connection: 'lab', uri: driver.uri, of: 'network' }), []);
    } finally {
      stubState.isTrusted = true;
    }
    assert.equal(spawned, before);
  });
});

describe('commands on networks and pools', { skip: SKIP_NO_VIRSH }, () => {
  const driver = persistentTestDriver();
  after(driver.cleanup);
  beforeEach(resetStubState);
  let spawned = 0;
  const exec: ExecFn = (f, a, o) => (spawned++, driver.exec(f, a, o));

  /** Runs `fn` with the live commands registered and the driver's connection configured as 'lab'. */
  async function withCommands(fn: (run: (id: string, ...args: unknown[]) => unknown) => Promise<void>): Promise<void> {
    const subscriptions: { dispose(): unknown }[] = [];
    live.registerLiveDomains({ subscriptions } as never, { exec, isTrusted: () => stubState.isTrusted, checker: serviceChecker(() => onlyRules()) });
    stubState.config['libvirt.connections'] = { globalValue: { lab: driver.uri } };
    try {
      await fn((id, ...args) => stubState.commands.get(id)!(...args));
    } finally {
      stubState.config = {};
      subscriptions.forEach((s) => s.dispose());
    }
  }

  test('Define: a <network> goes to net-define, a <pool> to pool-define; replacing one asks first', async () => {
    await withCommands(async (run) => {
      stubState.activeTextEditor = { document: { uri: Uri.parse('file:///tmp/lab.xml'), getText: () => NETWORK } };
      await run(live.LIVE_COMMANDS.defineFile);
      stubState.activeTextEditor = { document: { uri: Uri.parse('file:///tmp/images.xml'), getText: () => POOL } };
      await run(live.LIVE_COMMANDS.defineFile);
      assert.deepEqual(stubState.errors, []);
      assert.deepEqual(stubState.infos, ["Network 'lab' defined on lab.", "Storage pool 'images' defined on lab."]);
      assert.ok(driver.stored('network', 'lab') && driver.stored('pool', 'images'));
      await run(live.LIVE_COMMANDS.defineFile);
      assert.match(stubState.warnings[0].message, /^Storage pool 'images' exists on lab\. Replace its definition with this file\?/);
      stubState.activeTextEditor = { document: { uri: Uri.parse('file:///tmp/other.xml'), getText: () => '<volume><name>v</name></volume>' } };
      await run(live.LIVE_COMMANDS.defineFile);
      assert.match(stubState.errors[0], /no <domain>, <network> or <pool> with a <name>/);
    });
  });

  test('Open Network / Open Storage Pool: a connection, then a name from the list', async () => {
    await withCommands(async (run) => {
      await run(live.LIVE_COMMANDS.openNetwork);
      await run(live.LIVE_COMMANDS.openPool);
      await run(live.LIVE_COMMANDS.openDomain, { kind: 'network', connection: 'lab', name: 'lab' });
    });
    assert.deepEqual(stubState.opened, ['libvirt://lab/networks/lab.xml', 'libvirt://lab/pools/images.xml', 'libvirt://lab/networks/lab.xml']);
  });

  test("Validate with libvirt on a network: libvirt's message placed in the text, and why the QEMU driver was not asked", async () => {
    const bad = NETWORK.replace("mode='nat'", "mode='bogus'");
    stubState.activeTextEditor = { document: { uri: Uri.parse('file:///tmp/bad-net.xml'), getText: () => bad } };
    await withCommands(async (run) => {
      await run(live.LIVE_COMMANDS.validateWithLibvirt);
      const d = stubState.diagnostics.get('file:///tmp/bad-net.xml') as Diagnostic[];
      assert.ok(d.length >= 1);
      assert.equal(d[0].range.startLine, 2);
      assert.match(stubState.warnings[0].message, /^libvirt rejects this network: libvirt: unsupported configuration: unknown forwarding type 'bogus' libvirt's network driver does not run embedded/);
      stubState.activeTextEditor = { document: { uri: Uri.parse('file:///tmp/pool.xml'), getText: () => POOL } };
      await run(live.LIVE_COMMANDS.validateWithLibvirt);
      assert.deepEqual(stubState.diagnostics.get('file:///tmp/pool.xml'), []);
      assert.match(stubState.infos[0], /^libvirt accepts this storage pool \(generic parser\)\. libvirt's storage driver does not run embedded/);
      // A volume needs its pool: nothing is run, and the message says what is checked.
      const before = spawned;
      stubState.activeTextEditor = { document: { uri: Uri.parse('file:///tmp/vol.xml'), getText: () => '<volume><name>v.img</name><capacity>1</capacity></volume>' } };
      await run(live.LIVE_COMMANDS.validateWithLibvirt);
      assert.match(stubState.warnings.at(-1)!.message, /^Validate with libvirt checks <domain>, <network> and <pool> documents \(and device files\); libvirt has no throwaway check for <volume>\.$/);
      assert.equal(stubState.diagnostics.get('file:///tmp/vol.xml'), undefined);
      assert.equal(spawned, before);
    });
  });
});
