import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { installVscodeStub, stubState, Uri } from '../support/vscodeStub';
import { fsError } from '../support/liveSaves';
import { cleanDomain, embedRoot, onlyRules, SKIP_NO_QEMU } from '../support/libvirtEnv';
import { LiveDomainStore } from '../../client/src/liveDomainStore';
import { Virsh, execFileAsync, type ExecFn } from '../../client/src/virsh';
import { languageServerChecker } from '../../client/src/serverChecks';
import { serviceChecker } from '../support/liveChecker';

installVscodeStub();
// Loaded after the stub is installed: these modules import 'vscode'.
const fsMod: typeof import('../../client/src/libvirtFs') = require('../../client/src/libvirtFs');
const treeMod: typeof import('../../client/src/domainTree') = require('../../client/src/domainTree');
const liveMod: typeof import('../../client/src/liveDomains') = require('../../client/src/liveDomains');

const enc = (s: string) => Buffer.from(s, 'utf8');
const dec = (b: Uint8Array) => Buffer.from(b).toString('utf8');

test('libvirt: URIs name a connection and a domain', () => {
  const uri = fsMod.domainUri('system', 'web-1');
  assert.equal(uri.toString(), 'libvirt://system/web-1.xml');
  assert.deepEqual(fsMod.parseDomainUri(uri as never), { connection: 'system', domain: 'web-1' });
  assert.deepEqual(fsMod.parseDomainUri(Uri.parse('libvirt://system/') as never), { connection: 'system' });
  assert.throws(() => fsMod.parseDomainUri(Uri.parse('libvirt://system/a/b.xml') as never));
});

test('connections and the virsh path come from user settings only, never the workspace', () => {
  stubState.config['libvirt.connections'] = { defaultValue: {}, globalValue: { system: 'qemu:///system' }, workspaceValue: { evil: 'qemu+ssh://elsewhere/system' } };
  stubState.config['libvirt.virshPath'] = { defaultValue: '', workspaceValue: '/tmp/evil-virsh' };
  try {
    assert.deepEqual(liveMod.configuredConnections(), { system: 'qemu:///system' });
    assert.equal(liveMod.machineSetting('virshPath'), '');
  } finally {
    stubState.config = {};
  }
});

test('without the language server a save fails, so the editor keeps the text dirty, and nothing is defined', async () => {
  const calls: (readonly string[])[] = [];
  const spy: ExecFn = async (_f, args) => {
    calls.push(args);
    return { stdout: '', stderr: '' };
  };
  const stopped = { isRunning: () => false, sendRequest: async () => assert.fail('no request to a stopped client') };
  const store = new LiveDomainStore(new Virsh({ exec: spy }), () => 'test:///default', languageServerChecker(() => stopped as never));
  const provider = new fsMod.LibvirtFileSystemProvider(store, () => true);
  provider.noteSaveReason(fsMod.domainUri('c', 'demo') as never, 1 /* Manual */);
  await fsError(provider.writeFile(fsMod.domainUri('c', 'demo'), enc(cleanDomain('demo'))), 'Unknown', /^Not saved to libvirt: the libvirt XML language server is not running/);
  assert.deepEqual(calls, []);
});

describe('the libvirt: file system on a qemu:///embed root', { skip: SKIP_NO_QEMU }, () => {
  const root = embedRoot();
  let spawned = 0;
  const exec: ExecFn = (file, args, options) => {
    spawned++;
    return execFileAsync(file, args, options);
  };
  const isTrusted = () => stubState.isTrusted;
  const virsh = new Virsh({ exec, isTrusted });
  const checker = serviceChecker(() => onlyRules('shared-disk-cache-enabled'));
  const store = new LiveDomainStore(virsh, (name) => (name === 'embed' ? root.uri : undefined), checker);
  const provider = new fsMod.LibvirtFileSystemProvider(store, isTrusted);
  const uri = fsMod.domainUri('embed', 'demo');

  before(() => virsh.define(root.uri, cleanDomain('demo')));
  after(root.cleanup);

  test('read, list, stat', async () => {
    const text = dec(await provider.readFile(uri));
    assert.equal(text, await virsh.dumpXml(root.uri, 'demo'));
    // The connection root: its domains and the folders of networks and storage pools.
    assert.deepEqual(await provider.readDirectory(Uri.parse('libvirt://embed/') as never), [['demo.xml', 1], ['networks', 2], ['pools', 2]]);
    const st = await provider.stat(uri);
    assert.equal(st.type, 1);
    assert.equal(st.size, Buffer.byteLength(text));
    await fsError(provider.stat(fsMod.domainUri('embed', 'missing')), 'FileNotFound', /missing/);
  });

  test('save round trip', async () => {
    const text = dec(await provider.readFile(uri));
    await provider.writeFile(uri, enc(text.replace('<on_reboot>restart</on_reboot>', '<on_reboot>destroy</on_reboot>')));
    assert.match(await virsh.dumpXml(root.uri, 'demo'), /<on_reboot>destroy<\/on_reboot>/);
    // Checked with the settings of the libvirt: document itself.
    assert.equal(checker.uris.at(-1), 'libvirt://embed/demo.xml');
  });

  test('after a save, what libvirt dropped (comments, suppression comments) and filled in is compared with what was sent', async () => {
    const reports: { domain: string; sent: string; stored: string }[] = [];
    const reporting = new fsMod.LibvirtFileSystemProvider(store, isTrusted, fsMod.dialogQuestions, async (_c, domain, sent, stored) => {
      reports.push({ domain, sent, stored });
    });
    const text = dec(await reporting.readFile(uri));
    const sent = text
      .replace('<devices>', '<devices>\n    <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->')
      .replace('</devices>', "  <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/extra.img'/>\n      <target dev='vdx' bus='virtio'/>\n    </disk>\n  </devices>");
    await reporting.writeFile(uri, enc(sent));
    assert.equal(reports.length, 1);
    assert.equal(reports[0].sent, sent);
    assert.equal(reports[0].stored, await virsh.dumpXml(root.uri, 'demo'));
    const diff = await checker.definedDiff({ sent: reports[0].sent, stored: reports[0].stored });
    assert.equal(diff.droppedSuppressions, 1);
    assert.equal(diff.droppedComments, 1);
    // libvirt gives the new disk a PCI address (and a driver) of its own.
    assert.ok(diff.addedElements.some((p) => /^devices\/disk\[\d\]\/address$/.test(p)), JSON.stringify(diff.addedElements));
    assert.deepEqual(diff.droppedElements, []);
  });

  test('auto save does not define the domain; an explicit save does', async () => {
    const text = dec(await provider.readFile(uri));
    const edited = text.replace(/<on_reboot>\w+<\/on_reboot>/, '<on_reboot>restart</on_reboot>');
    assert.notEqual(edited, text);
    provider.noteSaveReason(uri as never, 2 /* AfterDelay */);
    await fsError(provider.writeFile(uri, enc(edited)), 'Unknown', /Not defined in libvirt by auto save: save 'demo\.xml' explicitly/);
    assert.equal(await virsh.dumpXml(root.uri, 'demo'), text);
    provider.noteSaveReason(uri as never, 3 /* FocusOut */);
    await fsError(provider.writeFile(uri, enc(edited)), 'Unknown', /auto save/);
    provider.noteSaveReason(uri as never, 1 /* Manual */);
    await provider.writeFile(uri, enc(edited));
    assert.match(await virsh.dumpXml(root.uri, 'demo'), /<on_reboot>restart<\/on_reboot>/);
  });

  test('a save libvirt rejects throws its message, so the editor stays dirty; libvirt keeps its copy', async () => {
    const text = dec(await provider.readFile(uri));
    const bad = text.replace(/<emulator>[^<]*<\/emulator>/, '<emulator>/nonexistent/qemu</emulator>');
    await fsError(provider.writeFile(uri, enc(bad)), 'Unknown', /libvirt rejected the domain definition: .*\/nonexistent\/qemu/);
    assert.equal(await virsh.dumpXml(root.uri, 'demo'), text);
  });

  test('errors refuse the save; warnings ask, with "Save anyway"', async () => {
    const text = dec(await provider.readFile(uri));
    await fsError(provider.writeFile(uri, enc(text.replace('</name>', '</nam>'))), 'Unknown', /must be fixed first/);
    const warned = text.replace('</devices>', "  <disk type='file' device='disk'>\n      <driver name='qemu' type='raw' cache='writeback'/>\n      <source file='/s.img'/>\n      <target dev='vdc' bus='virtio'/>\n      <shareable/>\n    </disk>\n  </devices>");
    stubState.warnings = [];
    stubState.warningAnswer = undefined;
    await fsError(provider.writeFile(uri, enc(warned)), 'Unknown', /warnings were not accepted/);
    assert.deepEqual(stubState.warnings.map((w) => w.items), [['Save anyway']]);
    assert.match(stubState.warnings[0].message, /1 warning\. Define it in libvirt anyway\?/);
    stubState.warningAnswer = 'Save anyway';
    try {
      await provider.writeFile(uri, enc(warned));
    } finally {
      stubState.warningAnswer = undefined;
    }
    assert.match(await virsh.dumpXml(root.uri, 'demo'), /<shareable\/>/);
  });

  test('a concurrent change in libvirt is detected and the user chooses', async () => {
    await virsh.define(root.uri, cleanDomain('conc'));
    const conc = fsMod.domainUri('embed', 'conc');
    const mine = dec(await provider.readFile(conc));
    await virsh.define(root.uri, mine.replace('<on_crash>destroy</on_crash>', '<on_crash>restart</on_crash>'));
    stubState.warnings = [];
    await fsError(provider.writeFile(conc, enc(mine.replace('<on_poweroff>destroy</on_poweroff>', '<on_poweroff>restart</on_poweroff>'))), 'Unknown', /was changed in libvirt/);
    assert.deepEqual(stubState.warnings.map((w) => w.items), [['Overwrite']]);
    assert.match(await virsh.dumpXml(root.uri, 'conc'), /<on_crash>restart<\/on_crash>/);
    assert.match(await virsh.dumpXml(root.uri, 'conc'), /<on_poweroff>destroy<\/on_poweroff>/);
  });

  test('untrusted workspace: every operation is refused and no process is started', async () => {
    const before = spawned;
    stubState.isTrusted = false;
    try {
      const other = fsMod.domainUri('embed', 'never-read');
      await fsError(provider.stat(other), 'NoPermissions', /not trusted/);
      await fsError(provider.readFile(uri), 'NoPermissions', /not trusted/);
      await fsError(provider.readDirectory(Uri.parse('libvirt://embed/') as never), 'NoPermissions');
      await fsError(provider.writeFile(uri, enc(cleanDomain('demo'))), 'NoPermissions');
      const tree = new treeMod.DomainTreeProvider(() => ({ embed: root.uri }), () => virsh, isTrusted);
      const top = await tree.getChildren();
      assert.equal(top.length, 1);
      assert.equal(top[0].kind, 'message');
      assert.match(tree.getTreeItem(top[0]).label as string, /Restricted Mode/);
      assert.deepEqual(await tree.getChildren({ kind: 'connection', name: 'embed', uri: root.uri }), []);
    } finally {
      stubState.isTrusted = true;
    }
    assert.equal(spawned, before);
  });

  test('the tree lists connections, their groups, then domains with their state', async () => {
    const tree = new treeMod.DomainTreeProvider(() => ({ embed: root.uri }), () => virsh, isTrusted);
    const [conn] = await tree.getChildren();
    assert.deepEqual(conn, { kind: 'connection', name: 'embed', uri: root.uri });
    const groups = await tree.getChildren(conn);
    assert.deepEqual(groups, (['domain', 'network', 'pool'] as const).map((of) => ({ kind: 'group', connection: 'embed', uri: root.uri, of })));
    const domains = await tree.getChildren(groups[0]);
    assert.deepEqual(domains, [
      { kind: 'domain', connection: 'embed', name: 'conc', state: 'shut off' },
      { kind: 'domain', connection: 'embed', name: 'demo', state: 'shut off' },
    ]);
    const item = tree.getTreeItem(domains[1]);
    assert.equal(item.description, 'shut off');
    assert.equal(item.command?.command, 'libvirt.openDomain');
    assert.equal(String(item.resourceUri), 'libvirt://embed/demo.xml');
    // The embedded QEMU driver has no networks: libvirt's message stands in the group.
    const networks = await tree.getChildren(groups[1]);
    assert.equal(networks.length, 1);
    assert.equal(networks[0].kind, 'message');
    assert.match(tree.getTreeItem(networks[0]).label as string, /networks/);
    // No connections: an empty tree, so that the view's welcome content ("Add Connection") shows.
    const none = new treeMod.DomainTreeProvider(() => ({}), () => virsh, isTrusted);
    assert.deepEqual(await none.getChildren(), []);
  });

  test('delete and rename are refused', async () => {
    await fsError(() => provider.delete(), 'NoPermissions', /virsh undefine/);
    await fsError(() => provider.rename(), 'NoPermissions');
  });
});
