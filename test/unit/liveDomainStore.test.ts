import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LiveDomainStore } from '../../client/src/liveDomainStore';
import { Virsh, VirshError, execFileAsync, type ExecFn } from '../../client/src/virsh';
import { Commands } from '../../server/src/protocol';
import type { LintSettings } from '../../server/src/service/index';
import { repoRoot } from '../support/fixtures';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckUnavailableError, languageServerChecker, type LiveChecker, SERVER_NOT_RUNNING } from '../../client/src/serverChecks';
import { serviceChecker } from '../support/liveChecker';
import { questions, saveFails } from '../support/liveSaves';
import { cleanDomain, embedRoot, onlyRules, SKIP_NO_QEMU } from '../support/libvirtEnv';

/** Memory in KiB as libvirt stores it. */
function memoryOf(xml: string): string | undefined {
  return /<memory unit='KiB'>(\d+)<\/memory>/.exec(xml)?.[1];
}

describe('live domains on a qemu:///embed root', { skip: SKIP_NO_QEMU }, () => {
  const root = embedRoot();
  const spawned: (readonly string[])[] = [];
  // The real execFile, recording what was run (to show which saves never reached define).
  const exec: ExecFn = (file, args, options) => {
    spawned.push(args);
    return execFileAsync(file, args, options);
  };
  const virsh = new Virsh({ exec });
  const exercised = onlyRules('shared-disk-cache-enabled', 'io-native-requires-direct-cache');
  let settings: LintSettings = exercised;
  const checker = serviceChecker(() => settings);
  const store = new LiveDomainStore(virsh, (name) => (name === 'embed' ? root.uri : undefined), checker);
  const defines = () => spawned.filter((a) => a.includes('define')).length;

  before(async () => {
    await virsh.define(root.uri, cleanDomain('demo'));
    await virsh.define(root.uri, cleanDomain('other'));
  });
  after(root.cleanup);

  test('list: every domain with its state', async () => {
    assert.deepEqual(await virsh.listDomains(root.uri), [
      { name: 'demo', state: 'shut off' },
      { name: 'other', state: 'shut off' },
    ]);
  });

  test('open, edit and save: libvirt holds the edit, the snapshot follows', async () => {
    const text = await store.read('embed', 'demo');
    assert.equal(memoryOf(text), '262144');
    const edited = text.replace("<memory unit='KiB'>262144</memory>", "<memory unit='KiB'>524288</memory>").replace(/<currentMemory[^>]*>\d+<\/currentMemory>/, '');
    const { q, asked } = questions();
    const snap = await store.save('embed', 'demo', edited, q);
    assert.deepEqual(asked, []);
    const stored = await virsh.dumpXml(root.uri, 'demo');
    assert.equal(memoryOf(stored), '524288');
    assert.equal(snap.xml, stored);
    // A second save from the same editor is not a conflict: the snapshot is libvirt's copy.
    await store.save('embed', 'demo', edited.replace('524288', '393216'), q);
    assert.equal(memoryOf(await virsh.dumpXml(root.uri, 'demo')), '393216');
  });

  test('a definition libvirt rejects: the save fails with libvirt’s message and libvirt keeps its copy', async () => {
    const text = await store.read('embed', 'demo');
    const rejected = text.replace(/<emulator>[^<]*<\/emulator>/, '<emulator>/nonexistent/qemu-system-x86_64</emulator>');
    assert.notEqual(rejected, text);
    const err = await saveFails(store.save('embed', 'demo', rejected, questions().q), 'rejected', /libvirt rejected the domain definition: .*\/nonexistent\/qemu-system-x86_64/);
    assert.ok(err.libvirtMessages.length > 0);
    assert.equal(await virsh.dumpXml(root.uri, 'demo'), text);
  });

  test('error-severity diagnostics refuse the save before libvirt is asked', async () => {
    const text = await store.read('embed', 'demo');
    const before = defines();
    const broken = text.replace('</memory>', '</memry>');
    const err = await saveFails(store.save('embed', 'demo', broken, questions().q), 'errors', /1 error must be fixed first[\s\S]*line \d+: The document is not well-formed/);
    assert.deepEqual(err.problems.map((p) => p.ruleId), ['not-well-formed']);
    const unsafe = text.replace(/<driver name='qemu' type='raw' cache='none'\/>/, "<driver name='qemu' type='raw' cache='writeback' io='native'/>");
    assert.notEqual(unsafe, text);
    await saveFails(store.save('embed', 'demo', unsafe, questions().q), 'errors', /io-native-requires-direct-cache/);
    assert.equal(defines(), before);
    assert.equal(await virsh.dumpXml(root.uri, 'demo'), text);
  });

  test('warnings only: saved when the user says so, not otherwise', async () => {
    const text = await store.read('embed', 'demo');
    const warned = text.replace(/<driver name='qemu' type='raw' cache='none'\/>/, "<driver name='qemu' type='raw' cache='writeback' io='native'/>");
    settings = { rules: { ...exercised.rules, 'io-native-requires-direct-cache': 'warning' } };
    try {
      const no = questions({ warnings: false });
      await saveFails(store.save('embed', 'demo', warned, no.q), 'declined');
      assert.deepEqual(no.asked, ['warnings:io-native-requires-direct-cache']);
      assert.equal(await virsh.dumpXml(root.uri, 'demo'), text);
      // The QEMU driver has the same check: libvirt rejects what the user let through.
      const yes = questions({ warnings: true });
      await saveFails(store.save('embed', 'demo', warned, yes.q), 'rejected', /io='native' needs either no disk cache or directsync cache mode/);
      const other = warned.replace("cache='writeback' io='native'", "cache='writeback'").replace('</devices>', "  <disk type='file' device='disk'>\n      <driver name='qemu' type='raw' cache='writeback'/>\n      <source file='/s.img'/>\n      <target dev='vdc' bus='virtio'/>\n      <shareable/>\n    </disk>\n  </devices>");
      const yes2 = questions({ warnings: true });
      await store.save('embed', 'demo', other, yes2.q);
      assert.deepEqual(yes2.asked, ['warnings:shared-disk-cache-enabled']);
      assert.match(await virsh.dumpXml(root.uri, 'demo'), /<target dev='vdc' bus='virtio'\/>/);
    } finally {
      settings = exercised;
    }
  });

  test('a <name> that is not the domain’s is refused (define would create another domain)', async () => {
    const text = await store.read('embed', 'other');
    await saveFails(store.save('embed', 'other', text.replace('<name>other</name>', '<name>copy</name>'), questions().q), 'name-mismatch', /<name> is 'copy'/);
    assert.deepEqual(await virsh.listNames(root.uri), ['demo', 'other']);
  });

  test('a change made in libvirt since the domain was opened is detected before overwriting', async () => {
    const mine = await store.read('embed', 'other');
    // Someone else changes the domain (virsh edit, another VS Code).
    await virsh.define(root.uri, mine.replace(/<memory unit='KiB'>\d+<\/memory>/, "<memory unit='KiB'>131072</memory>").replace(/<currentMemory[^>]*>\d+<\/currentMemory>/, ''));
    const theirs = await virsh.dumpXml(root.uri, 'other');
    const edited = mine.replace('<on_crash>destroy</on_crash>', '<on_crash>restart</on_crash>');
    assert.notEqual(edited, mine);

    const keep = questions({ overwrite: false });
    await saveFails(store.save('embed', 'other', edited, keep.q), 'conflict', /was changed in libvirt \(embed\) since it was opened/);
    assert.deepEqual(keep.asked, ['overwrite:other@embed:changed']);
    assert.equal(await virsh.dumpXml(root.uri, 'other'), theirs);

    const overwrite = questions({ overwrite: true });
    await store.save('embed', 'other', edited, overwrite.q);
    assert.deepEqual(overwrite.asked, ['overwrite:other@embed:changed']);
    const now = await virsh.dumpXml(root.uri, 'other');
    assert.match(now, /<on_crash>restart<\/on_crash>/);
    assert.equal(memoryOf(now), '262144');
  });

  test('a domain undefined since it was opened: asked, and defined again only when confirmed', async () => {
    await virsh.define(root.uri, cleanDomain('gone'));
    const text = await store.read('embed', 'gone');
    await virsh.run(root.uri, ['undefine', '--domain', 'gone']);
    const keep = questions({ overwrite: false });
    await saveFails(store.save('embed', 'gone', text, keep.q), 'conflict', /was undefined/);
    assert.ok(!(await virsh.listNames(root.uri)).includes('gone'));
    await store.save('embed', 'gone', text, questions({ overwrite: true }).q);
    assert.ok((await virsh.listNames(root.uri)).includes('gone'));
  });

  test('an unknown connection name is an error, not a guess', async () => {
    await saveFails(store.read('nope', 'demo'), 'virsh', /No libvirt connection named 'nope'/);
  });

  test('untrusted workspace: reading and saving start no process', async () => {
    const calls: string[][] = [];
    const spy: ExecFn = async (_f, args) => {
      calls.push([...args]);
      return { stdout: '', stderr: '' };
    };
    const untrusted = new LiveDomainStore(new Virsh({ exec: spy, isTrusted: () => false }), () => root.uri, serviceChecker());
    for (const p of [untrusted.read('embed', 'demo'), untrusted.save('embed', 'demo', cleanDomain('demo'), questions().q)]) {
      await assert.rejects(p, (e: unknown) => e instanceof VirshError && e.kind === 'untrusted');
    }
    assert.deepEqual(calls, []);
  });
});

describe('saves when the checks cannot run', () => {
  const unavailable: LiveChecker = {
    checkText: async () => {
      throw new CheckUnavailableError(SERVER_NOT_RUNNING);
    },
    libvirtDiagnostics: async () => assert.fail('not asked'),
    asQemuType: async () => assert.fail('not asked'),
    definedDiff: async () => assert.fail('not asked'),
  };

  test('no check, no define: the save fails with a clear message and starts no process', async () => {
    const calls: string[][] = [];
    const spy: ExecFn = async (_f, args) => {
      calls.push([...args]);
      return { stdout: '', stderr: '' };
    };
    const store = new LiveDomainStore(new Virsh({ exec: spy }), () => 'test:///default', unavailable);
    const err = await saveFails(store.save('c', 'demo', cleanDomain('demo'), questions().q), 'unchecked', /^Not saved to libvirt: the libvirt XML language server is not running/);
    assert.deepEqual(err.problems, []);
    assert.deepEqual(calls, []);
  });

  test('the settings are those of the libvirt: document being saved', async () => {
    const checker = serviceChecker(() => onlyRules());
    const spy: ExecFn = async () => ({ stdout: '', stderr: '' });
    const store = new LiveDomainStore(new Virsh({ exec: spy }), () => 'test:///default', checker);
    await store.save('Sys', 'web 1', cleanDomain('web 1'), questions().q, { documentUri: 'libvirt://sys/web%201.xml' });
    await store.save('Sys', 'web 1', cleanDomain('web 1'), questions().q);
    assert.deepEqual(checker.uris, ['libvirt://sys/web%201.xml', 'libvirt://sys/web%201.xml']);
  });
});

describe('the language-server checker', () => {
  /** Enough of a LanguageClient for languageServerChecker. */
  function fakeClient(running: () => boolean, answer: (method: string, params: unknown) => Promise<unknown>) {
    const sent: string[] = [];
    const client = {
      isRunning: running,
      sendRequest: (method: string, params: unknown) => (sent.push(method), answer(method, params)),
    };
    return { client: client as unknown as LanguageClient, sent };
  }

  async function unavailable(p: Promise<unknown>, pattern: RegExp): Promise<void> {
    await assert.rejects(p, (e: unknown) => e instanceof CheckUnavailableError && pattern.test(e.message));
  }

  test('no client yet, or one that is not running: refused without a request', async () => {
    await unavailable(languageServerChecker(() => undefined).checkText({ uri: 'libvirt://a/b.xml', text: '' }), /language server is not running/);
    const { client, sent } = fakeClient(() => false, async () => assert.fail('no request while stopped'));
    await unavailable(languageServerChecker(() => client).checkText({ uri: 'libvirt://a/b.xml', text: '' }), /not running \(stopped, restarting or crashed\)/);
    await unavailable(languageServerChecker(() => client).asQemuType({ text: '' }), /not running/);
    assert.deepEqual(sent, []);
  });

  test('the connection breaks during the request: not running; an error answer: its message', async () => {
    let running = true;
    const dying = fakeClient(() => running, async () => {
      running = false;
      throw new Error('Connection got disposed.');
    });
    await unavailable(languageServerChecker(() => dying.client).checkText({ uri: 'libvirt://a/b.xml', text: '' }), /language server is not running/);
    const failing = fakeClient(() => true, async () => {
      throw new Error('libvirt/checkText expects { uri: string, text: string }, got null');
    });
    await unavailable(languageServerChecker(() => failing.client).checkText({ uri: '', text: '' }), /could not check the document: libvirt\/checkText expects/);
    assert.deepEqual(failing.sent, ['libvirt/checkText']);
  });

  test('a server that does not answer is given up after the timeout', async () => {
    const hung = fakeClient(() => true, () => new Promise(() => undefined));
    await unavailable(languageServerChecker(() => hung.client, 20).libvirtDiagnostics({ text: '', verdicts: [] }), /did not answer within/);
  });

  test('answers pass through', async () => {
    const ok = fakeClient(() => true, async (_m, p) => ({ text: `${(p as { text: string }).text}!` }));
    assert.deepEqual(await languageServerChecker(() => ok.client).asQemuType({ text: 'x' }), { text: 'x!' });
    assert.deepEqual(ok.sent, ['libvirt/asQemuType']);
  });
});

test('the "server not running" message names the restart command as the Command Palette shows it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string; category?: string }[] } };
  const restart = pkg.contributes.commands.find((c) => c.command === Commands.restartServer);
  assert.ok(restart, 'the restart command is contributed');
  const shown = restart.category ? `${restart.category}: ${restart.title}` : restart.title;
  assert.ok(SERVER_NOT_RUNNING.includes(`"${shown}"`), `${SERVER_NOT_RUNNING} names "${shown}"`);
});
