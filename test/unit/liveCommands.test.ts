import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Virsh, type ExecFn, execFileAsync, UNTRUSTED_MESSAGE } from '../../client/src/virsh';
import { cleanDomain, embedRoot, onlyRules, sharedQemuCache, SKIP_NO_QEMU, SKIP_NO_VIRSH } from '../support/libvirtEnv';
import { installVscodeStub, resetStubState, stubState, Uri, type Diagnostic } from '../support/vscodeStub';
import { languageServerChecker, type LiveChecker } from '../../client/src/serverChecks';
import { serviceChecker } from '../support/liveChecker';

installVscodeStub();
const live: typeof import('../../client/src/liveDomains') = require('../../client/src/liveDomains');

const DUP = cleanDomain('dup', 256, "\n    <disk type='file' device='disk'>\n      <source file='/b.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>");

function editor(uri: string, text: string) {
  return { document: { uri: Uri.parse(uri), getText: () => text } };
}

/** registerLiveDomains with a recording exec; returns the command runner and the calls. */
function register(checker: LiveChecker = serviceChecker(() => onlyRules())) {
  const calls: (readonly string[])[] = [];
  const exec: ExecFn = (file, args, options) => {
    calls.push(args);
    return execFileAsync(file, args, options);
  };
  const subscriptions: { dispose(): unknown }[] = [];
  const result = live.registerLiveDomains({ subscriptions } as never, { exec, isTrusted: () => stubState.isTrusted, qemuCapabilitiesCache: sharedQemuCache(), checker });
  const run = (id: string, ...args: unknown[]) => {
    const fn = stubState.commands.get(id);
    assert.ok(fn, `command ${id} registered`);
    return fn(...args);
  };
  return { run, calls, result, dispose: () => subscriptions.forEach((s) => s.dispose()) };
}

/** Runs "Validate with libvirt" on an editor holding `text`, with a fresh registration. */
async function validateWithLibvirt(uri: string, text: string, checker?: LiveChecker): Promise<void> {
  const { run, dispose } = register(checker);
  stubState.activeTextEditor = editor(uri, text);
  try {
    await run(live.LIVE_COMMANDS.validateWithLibvirt);
  } finally {
    dispose();
  }
}

beforeEach(resetStubState);

test('untrusted workspace: every command says so and starts no process', async () => {
  const { run, calls, dispose } = register();
  stubState.isTrusted = false;
  stubState.config['libvirt.connections'] = { globalValue: { default: 'test:///default' } };
  stubState.activeTextEditor = editor('file:///tmp/d.xml', cleanDomain('d'));
  try {
    for (const id of Object.values(live.LIVE_COMMANDS)) await run(id);
    await run(live.LIVE_COMMANDS.openDomain, { kind: 'domain', connection: 'default', name: 'test' });
  } finally {
    stubState.config = {};
    dispose();
  }
  assert.deepEqual(calls, []);
  // Every command but Refresh warns once, and the open from the tree once more.
  assert.equal(stubState.warnings.filter((w) => w.message === UNTRUSTED_MESSAGE).length, Object.keys(live.LIVE_COMMANDS).length);
  assert.deepEqual(stubState.opened, []);
});

test('without the language server, Define refuses before asking for a connection and starts no process', async () => {
  const { run, calls, dispose } = register(languageServerChecker(() => undefined));
  stubState.config['libvirt.connections'] = { globalValue: { default: 'test:///default' } };
  stubState.activeTextEditor = editor('file:///tmp/d.xml', cleanDomain('d'));
  try {
    await run(live.LIVE_COMMANDS.defineFile);
  } finally {
    stubState.config = {};
    dispose();
  }
  assert.equal(stubState.errors.length, 1);
  assert.match(stubState.errors[0], /^Not defined: the libvirt XML language server is not running/);
  assert.deepEqual(stubState.infos, []);
  assert.deepEqual(calls, []);
});

describe('commands against libvirt', { skip: SKIP_NO_VIRSH }, () => {
  test('validate with libvirt: diagnostics with source and code libvirt on the duplicated targets', async () => {
    await validateWithLibvirt('file:///tmp/dup.xml', DUP);
    const d = stubState.diagnostics.get('file:///tmp/dup.xml') as Diagnostic[];
    assert.deepEqual(
      d.map((x) => [x.range.startLine, x.range.startCharacter, x.source, x.code, x.severity]),
      [
        [10, 6, 'libvirt', 'libvirt', 0],
        [14, 6, 'libvirt', 'libvirt', 0],
      ],
    );
    assert.match(stubState.warnings[0].message, /libvirt rejects this domain: libvirt: XML error: target 'vda' duplicated/);
    // Its own collection: the language client's is named 'libvirt', and same-named collections clash.
    assert.ok(stubState.collections.every((name) => name === 'libvirt-virsh'));
  });

  test('validate with libvirt: a clean domain is accepted and leaves no diagnostics', async () => {
    await validateWithLibvirt('file:///tmp/clean.xml', cleanDomain('clean'));
    assert.deepEqual(stubState.diagnostics.get('file:///tmp/clean.xml'), []);
    assert.match(stubState.infos[0], /^libvirt accepts this domain \(generic parser/);
  });

  test('validate with libvirt: the severity is the document\'s libvirt.lint.libvirt level (off still shows them)', async () => {
    for (const [level, expected] of [['warning', 1], ['off', 0]] as const) {
      const checker = serviceChecker((uri) => (uri === 'file:///tmp/dup.xml' ? { rules: { libvirt: level } } : assert.fail(uri)));
      await validateWithLibvirt('file:///tmp/dup.xml', DUP, checker);
      const d = stubState.diagnostics.get('file:///tmp/dup.xml') as Diagnostic[];
      assert.deepEqual(d.map((x) => x.severity), [expected, expected]);
      // Asked for the document's root (which define command) and for placing the verdicts: its own settings both times.
      assert.deepEqual(checker.uris, ['file:///tmp/dup.xml', 'file:///tmp/dup.xml']);
    }
  });

  test('validate with libvirt without the language server: a clear error, no diagnostics', async () => {
    await validateWithLibvirt('file:///tmp/nols.xml', DUP, languageServerChecker(() => undefined));
    assert.equal(stubState.diagnostics.get('file:///tmp/nols.xml'), undefined);
    assert.match(stubState.errors[0], /^libvirt's verdict cannot be shown: the libvirt XML language server is not running/);
  });
});

describe('define and open on a qemu:///embed root', { skip: SKIP_NO_QEMU }, () => {
  const root = embedRoot();
  before(async () => {
    await new Virsh().define(root.uri, cleanDomain('demo'));
  });
  after(root.cleanup);

  test('define the current file; asked before replacing an existing domain', async () => {
    const { run, dispose } = register();
    stubState.config['libvirt.connections'] = { globalValue: { embed: root.uri } };
    try {
      stubState.activeTextEditor = editor('file:///tmp/fresh.xml', cleanDomain('fresh'));
      await run(live.LIVE_COMMANDS.defineFile);
      assert.deepEqual(stubState.errors, []);
      assert.deepEqual(stubState.infos, ["Domain 'fresh' defined on embed."]);
      assert.deepEqual(await new Virsh().listNames(root.uri), ['demo', 'fresh']);

      stubState.activeTextEditor = editor('file:///tmp/demo.xml', cleanDomain('demo', 512));
      await run(live.LIVE_COMMANDS.defineFile);
      assert.match(stubState.warnings[0].message, /Domain 'demo' exists on embed/);
      assert.match(await new Virsh().dumpXml(root.uri, 'demo'), /<memory unit='KiB'>262144<\/memory>/);
      stubState.warningAnswer = 'Replace';
      // Without the <uuid>, libvirt refuses to replace a domain of the same name: its message is shown.
      await run(live.LIVE_COMMANDS.defineFile);
      assert.match(stubState.errors[0], /libvirt rejected the domain definition: operation failed: domain 'demo' already exists with uuid/);
      const uuid = /<uuid>([^<]+)<\/uuid>/.exec(await new Virsh().dumpXml(root.uri, 'demo'))![1];
      stubState.activeTextEditor = editor('file:///tmp/demo.xml', cleanDomain('demo', 512).replace('</name>', `</name>\n  <uuid>${uuid}</uuid>`));
      await run(live.LIVE_COMMANDS.defineFile);
      assert.match(await new Virsh().dumpXml(root.uri, 'demo'), /<memory unit='KiB'>524288<\/memory>/);
      assert.equal(stubState.errors.length, 1);
    } finally {
      stubState.config = {};
      dispose();
    }
  });

  test('open a domain from the tree or the quick pick', async () => {
    const { run, dispose } = register();
    stubState.config['libvirt.connections'] = { globalValue: { embed: root.uri } };
    stubState.pick = (items) => items.find((i) => i.label === 'demo');
    try {
      await run(live.LIVE_COMMANDS.openDomain, { kind: 'domain', connection: 'embed', name: 'fresh' });
      await run(live.LIVE_COMMANDS.openDomain);
    } finally {
      stubState.config = {};
      stubState.pick = (items) => items[0];
      dispose();
    }
    assert.deepEqual(stubState.opened, ['libvirt://embed/fresh.xml', 'libvirt://embed/demo.xml']);
  });
});
