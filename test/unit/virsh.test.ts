import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import {
  parseDomState,
  parseNameList,
  parseVirshErrors,
  ThrowawayLibvirt,
  Virsh,
  VirshError,
  type ExecFn,
} from '../../client/src/virsh';
import { asQemuType } from '../../server/src/service/libvirt/index';
import { cleanDomain, sharedQemuCache, SKIP_NO_QEMU, SKIP_NO_VIRSH, tempDir } from '../support/libvirtEnv';

/** An exec that records its calls and answers with fixed output. */
function recordingExec(stdout = '', inspect?: (args: readonly string[]) => void) {
  const calls: { file: string; args: readonly string[]; timeout: number; signal?: AbortSignal }[] = [];
  const exec: ExecFn = async (file, args, options) => {
    calls.push({ file, args, timeout: options.timeout, signal: options.signal });
    inspect?.(args);
    return { stdout, stderr: '' };
  };
  return { exec, calls };
}

async function rejectsWith(p: Promise<unknown>, kind: VirshError['kind'], pattern?: RegExp): Promise<VirshError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof VirshError, `expected a VirshError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    return error;
  }
  assert.fail(`expected a VirshError of kind ${kind}`);
}

describe('virsh output parsing', () => {
  test('error lines: the wrapper about our temp file, log lines and the caret echo are dropped', () => {
    const stderr = [
      '2026-11-25 17:59:24.851+0000: 8716: info : libvirt version: 9.0.0, package: 9.0.0-4+deb12u2 (Debian)',
      '2026-11-25 17:59:24.851+0000: 8716: warning : virSecurityManagerNew:194 : Configured security driver "none" disables default policy to create confined guests',
      'error: Failed to define domain from /tmp/libvirt-xml-abc/domain.xml',
      "error: (domain_definition):3: Opening and ending tag mismatch: memory line 3 and memry",
      "  <memory unit='MiB'>256</memry>",
      '--------------------------------^',
      '',
    ].join('\n');
    assert.deepEqual(parseVirshErrors(stderr), ['(domain_definition):3: Opening and ending tag mismatch: memory line 3 and memry']);
  });

  test('schema errors keep their detail lines with the error they belong to', () => {
    const stderr =
      'error: Failed to define domain from d.xml\n' +
      'error: XML document failed to validate against schema: Unable to validate doc against /usr/share/libvirt/schemas/domain.rng\n' +
      'Extra element devices in interleave\n' +
      'Element domain failed to validate content\n\n';
    assert.deepEqual(parseVirshErrors(stderr), [
      'XML document failed to validate against schema: Unable to validate doc against /usr/share/libvirt/schemas/domain.rng\nExtra element devices in interleave\nElement domain failed to validate content',
    ]);
  });

  test('list --name and domstate output', () => {
    assert.deepEqual(parseNameList('demo\nweb-1\n\n'), ['demo', 'web-1']);
    assert.deepEqual(parseNameList('\n'), []);
    assert.equal(parseDomState('shut off\n\n'), 'shut off');
    assert.equal(parseDomState(''), 'unknown');
  });
});

describe('virsh process execution', () => {
  test('argument arrays: a name with shell syntax is one argument, dumpxml is --inactive without --security-info', async () => {
    const { exec, calls } = recordingExec('<domain/>');
    const virsh = new Virsh({ exec, virshPath: '/opt/bin/virsh', timeoutMs: 1234 });
    const name = "x; rm -rf / $(id) 'q'";
    await virsh.dumpXml('qemu:///system', name);
    await virsh.domState('qemu:///system', name);
    await virsh.listNames('qemu:///system');
    assert.equal(calls[0].file, '/opt/bin/virsh');
    assert.deepEqual(calls[0].args, ['-c', 'qemu:///system', 'dumpxml', '--inactive', '--domain', name]);
    assert.ok(!calls[0].args.includes('--security-info'));
    assert.deepEqual(calls[1].args, ['-c', 'qemu:///system', 'domstate', '--domain', name]);
    assert.deepEqual(calls[2].args, ['-c', 'qemu:///system', 'list', '--all', '--name']);
    assert.ok(calls.every((c) => c.timeout === 1234));
  });

  test('define writes a private temp file (0600 in a 0700 directory) and removes it afterwards', async () => {
    let seen: { file: string; mode: number; dirMode: number; text: string } | undefined;
    const { exec, calls } = recordingExec('Domain demo defined', (args) => {
      const file = args[args.indexOf('--file') + 1];
      seen = {
        file,
        mode: fs.statSync(file).mode & 0o777,
        dirMode: fs.statSync(path.dirname(file)).mode & 0o777,
        text: fs.readFileSync(file, 'utf8'),
      };
    });
    const virsh = new Virsh({ exec });
    await virsh.define('test:///default', '<domain>…</domain>');
    assert.ok(seen);
    assert.equal(seen.mode, 0o600);
    assert.equal(seen.dirMode, 0o700);
    assert.equal(seen.text, '<domain>…</domain>');
    assert.deepEqual(calls[0].args, ['-c', 'test:///default', 'define', '--file', seen.file, '--validate']);
    assert.equal(fs.existsSync(seen.file), false);
    assert.equal(fs.existsSync(path.dirname(seen.file)), false);
  });

  test('the temp file is removed when define fails too', async () => {
    let file = '';
    const exec: ExecFn = async (_f, args) => {
      file = args[args.indexOf('--file') + 1];
      throw Object.assign(new Error('Command failed'), { code: 1, stdout: '', stderr: 'error: Failed to define domain from x\nerror: XML error: bad\n' });
    };
    const err = await rejectsWith(new Virsh({ exec }).define('test:///default', '<domain/>'), 'failed', /XML error: bad/);
    assert.deepEqual(err.messages, ['XML error: bad']);
    assert.notEqual(file, '');
    assert.equal(fs.existsSync(path.dirname(file)), false);
  });

  test('untrusted workspace: nothing is spawned and no temp file is written', async () => {
    const { exec, calls } = recordingExec();
    const virsh = new Virsh({ exec, isTrusted: () => false });
    const t = tempDir('libvirt-xml-test-');
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = t.dir;
    after(() => {
      process.env.TMPDIR = savedTmp;
      if (savedTmp === undefined) delete process.env.TMPDIR;
      t.cleanup();
    });
    await rejectsWith(virsh.listNames('test:///default'), 'untrusted', /not trusted/);
    await rejectsWith(virsh.listDomains('test:///default'), 'untrusted');
    await rejectsWith(virsh.dumpXml('test:///default', 'test'), 'untrusted');
    await rejectsWith(virsh.domState('test:///default', 'test'), 'untrusted');
    await rejectsWith(virsh.define('test:///default', '<domain/>'), 'untrusted');
    await rejectsWith(new ThrowawayLibvirt(virsh).validate(cleanDomain('x')), 'untrusted');
    assert.equal(calls.length, 0);
    assert.equal(os.tmpdir(), t.dir);
    assert.deepEqual(fs.readdirSync(t.dir), []);
  });

  test('a missing virsh names the Debian and Fedora packages', async () => {
    const t = tempDir('libvirt-xml-test-');
    after(t.cleanup);
    const err = await rejectsWith(new Virsh({ virshPath: path.join(t.dir, 'no-such-virsh') }).listNames('test:///default'), 'missing');
    assert.match(err.message, /libvirt-clients/);
    assert.match(err.message, /libvirt-client\b/);
    assert.match(err.message, /Fedora/);
    assert.match(err.message, /libvirt\.virshPath/);
  });

  test('a hanging virsh is stopped at the timeout; an aborted one reports cancellation', async () => {
    const t = tempDir('libvirt-xml-test-');
    after(t.cleanup);
    const slow = path.join(t.dir, 'slow-virsh');
    fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 20\n', { mode: 0o755 });
    const started = Date.now();
    await rejectsWith(new Virsh({ virshPath: slow, timeoutMs: 300 }).listNames('test:///default'), 'timeout', /did not finish within/);
    const controller = new AbortController();
    const p = new Virsh({ virshPath: slow }).listNames('test:///default', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await rejectsWith(p, 'cancelled');
    await rejectsWith(new Virsh({ virshPath: slow }).listNames('test:///default', { signal: AbortSignal.abort() }), 'cancelled');
    assert.ok(Date.now() - started < 10_000);
  });
});

describe('virsh against libvirt', { skip: SKIP_NO_VIRSH }, () => {
  test('the test driver: list, state, dumpxml, unknown domain', async () => {
    const virsh = new Virsh();
    const domains = await virsh.listDomains('test:///default');
    assert.deepEqual(domains, [{ name: 'test', state: 'running' }]);
    const xml = await virsh.dumpXml('test:///default', 'test');
    assert.match(xml, /<name>test<\/name>/);
    await rejectsWith(virsh.dumpXml('test:///default', 'no-such-domain'), 'not-found', /no-such-domain/);
  });

  test('define --validate reports libvirt messages', async () => {
    const t = tempDir('libvirt-xml-test-');
    after(t.cleanup);
    const node = path.join(t.dir, 'node.xml');
    fs.writeFileSync(node, '<node><cpu><mhz>2000</mhz></cpu></node>');
    const dup = cleanDomain('dup', 256, "\n    <disk type='file' device='disk'>\n      <source file='/b.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>");
    const err = await rejectsWith(new Virsh().define('test://' + node, dup), 'failed', /target 'vda' duplicated/);
    assert.equal(err.messages.length, 1);
    assert.ok(!/Failed to define domain from/.test(err.message));
    assert.match(await new Virsh().define('test://' + node, cleanDomain('ok')), /Domain 'ok' defined/);
  });
});

describe('validate with libvirt on throwaway connections', { skip: SKIP_NO_VIRSH }, () => {
  const oracle = new ThrowawayLibvirt(new Virsh());
  after(() => oracle.dispose());

  test('a clean domain is accepted by the generic parser and, when installed, the QEMU driver', async () => {
    const verdicts = await oracle.validate(cleanDomain('clean'), { qemu: !SKIP_NO_QEMU });
    assert.deepEqual(
      verdicts.map((v) => [v.driver, v.ok, v.messages]),
      SKIP_NO_QEMU ? [['test', true, []]] : [['test', true, []], ['qemu', true, []]],
    );
  });

  test('the generic parser: duplicate targets; a bad enum value gets libvirt’s precise message', async () => {
    const dup = cleanDomain('dup', 256, "\n    <disk type='file' device='disk'>\n      <source file='/b.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>");
    const [v] = await oracle.validate(dup, { qemu: false });
    assert.equal(v.ok, false);
    assert.match(v.messages[0], /target 'vda' duplicated for disk sources/);
    const [bad] = await oracle.validate(cleanDomain('bad').replace("bus='virtio'", "bus='virtoo'"), { qemu: false });
    assert.equal(bad.ok, false);
    assert.equal(bad.messages[0], "XML error: Invalid value for attribute 'bus' in element 'target': 'virtoo'.");
    assert.match(bad.messages[1], /failed to validate against schema/);
  });

  test('the QEMU driver: io=native with a host cache; the same name twice does not clash', { skip: SKIP_NO_QEMU }, async () => {
    const text = cleanDomain('q').replace("cache='none'", "cache='writeback' io='native'");
    for (let i = 0; i < 2; i++) {
      const verdicts = await oracle.validate(text);
      assert.deepEqual(
        verdicts.map((v) => [v.driver, v.ok]),
        [['test', true], ['qemu', false]],
      );
      assert.deepEqual(verdicts[1].messages, ["unsupported configuration: io='native' needs either no disk cache or directsync cache mode"]);
    }
  });

  test('without /dev/kvm a kvm domain is checked as qemu', { skip: SKIP_NO_QEMU }, async () => {
    const seen: string[] = [];
    // The extension converts through the language server (a promise); the CLI calls the service.
    const noKvm = new ThrowawayLibvirt(new Virsh(), { kvmUsable: () => false, seedCache: sharedQemuCache(), asQemuType: async (t) => (seen.push(t), asQemuType(t)) });
    after(() => noKvm.dispose());
    const kvm = cleanDomain('k').replace("type='qemu'", "type='kvm'");
    const verdict = await noKvm.validateQemu(kvm);
    assert.deepEqual([verdict.ok, verdict.messages], [true, []]);
    assert.deepEqual(seen, [kvm]);
  });

  test('dispose removes the private directory', async () => {
    const o = new ThrowawayLibvirt(new Virsh());
    await o.validateTest(cleanDomain('z'));
    const dir = (o as unknown as { dir: string }).dir;
    assert.ok(fs.existsSync(dir));
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    await o.dispose();
    assert.equal(fs.existsSync(dir), false);
    const p = new ThrowawayLibvirt(new Virsh());
    await p.validateTest(cleanDomain('y'));
    const dir2 = (p as unknown as { dir: string }).dir;
    p.disposeSync();
    assert.equal(fs.existsSync(dir2), false);
  });
});
