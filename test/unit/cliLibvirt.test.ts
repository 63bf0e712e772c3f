import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { Virsh } from '../../client/src/virsh';
import { runCli, type Run } from '../support/run';
import { cleanDomain, embedRoot, SKIP_NO_QEMU, SKIP_NO_VIRSH, tempDir } from '../support/libvirtEnv';

const run = (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> => runCli(args, { env });

/** The text report's lines of rule `libvirt`. */
function libvirtLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+:\d+:\d+: \w+ libvirt /.test(l));
}

const DUP = cleanDomain('dup', 256, "\n    <disk type='file' device='disk'>\n      <source file='/b.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>");
const IO_NATIVE = cleanDomain('q').replace("cache='none'", "cache='writeback' io='native'");

const files = tempDir('libvirt-xml-cli-');
after(files.cleanup);
function write(name: string, text: string): string {
  const f = path.join(files.dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('libvirt-xml-lint --libvirt', { skip: SKIP_NO_VIRSH }, () => {
  test("test:///default: libvirt's generic parser, on the elements its message names", async () => {
    const r = await run(['--libvirt', 'test:///default', write('dup.xml', DUP)]);
    assert.equal(r.code, 1, r.stderr);
    // This project's own rules may add findings of their own: look at libvirt's only.
    const lines = libvirtLines(r.stdout);
    assert.match(lines[0], /dup\.xml:11:7: error libvirt libvirt: XML error: target 'vda' duplicated for disk sources/);
    assert.match(lines[1], /dup\.xml:15:7: error libvirt libvirt: XML error: target 'vda' duplicated/);
    assert.equal(lines.length, 2);
  });

  test('a domain libvirt accepts adds nothing; other XML is not sent to libvirt', async () => {
    const network = "<network>\n  <name>n</name>\n  <forward mode='route'/>\n  <ip address='192.0.2.1' prefix='24'/>\n</network>\n";
    const r = await run(['--libvirt', 'test:///default', '--format', 'json', write('ok.xml', cleanDomain('ok')), write('net.xml', network), write('other.xml', '<project><name>n</name></project>')]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.files.map((f: { diagnostics: { ruleId: string }[] }) => f.diagnostics.filter((d) => d.ruleId === 'libvirt')), [[], []]);
    // a network is linted but not sent to virsh define (a note says so); other XML is skipped before libvirt is asked
    assert.match(r.stderr, /--libvirt checks domains and device files only; network files are checked by the linter and the schema alone/);
    assert.deepEqual(report.skipped.map((f: { path: string; reason: string }) => [path.basename(f.path), f.reason]), [['other.xml', 'not a libvirt document']]);
  });

  test('--rule libvirt=LEVEL sets the severity; off does not run virsh', async () => {
    // This project's own rule for the same mistake is turned off: the exit status is libvirt's.
    const own = ['--rule', 'duplicate-target-dev=off'];
    const warn = await run(['--libvirt', 'test:///default', '--rule', 'libvirt=warning', ...own, path.join(files.dir, 'dup.xml')]);
    assert.equal(warn.code, 0, warn.stderr);
    assert.match(warn.stdout, /dup\.xml:11:7: warning libvirt /);
    const off = await run(['--libvirt', 'test:///default', '--rule', 'libvirt=off', ...own, path.join(files.dir, 'dup.xml')], { ...process.env, PATH: '/nonexistent' });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(libvirtLines(off.stdout), []);
  });

  test('SARIF lists the libvirt rule when it is used', async () => {
    const r = await run(['--libvirt', 'test:///default', '--format', 'sarif', path.join(files.dir, 'dup.xml')]);
    const sarif = JSON.parse(r.stdout);
    assert.ok(sarif.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === 'libvirt'));
    assert.deepEqual(
      sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'libvirt').map((x: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }) => [x.ruleId, x.locations[0].physicalLocation.region.startLine]),
      [
        ['libvirt', 11],
        ['libvirt', 15],
      ],
    );
  });

  test('qemu:///embed: the QEMU driver on a throwaway root', { skip: SKIP_NO_QEMU }, async () => {
    const r = await run(['--libvirt', 'qemu:///embed', '--rule', 'io-native-requires-direct-cache=off', write('io.xml', IO_NATIVE)]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /io\.xml:9:56: error libvirt libvirt's QEMU driver: unsupported configuration: io='native' needs either no disk cache or directsync cache mode/);
  });

  test('another URI: validated by that connection, and nothing is defined there', { skip: SKIP_NO_QEMU }, async () => {
    const root = embedRoot();
    try {
      const r = await run(['--libvirt', root.uri, '--rule', 'io-native-requires-direct-cache=off', path.join(files.dir, 'io.xml'), path.join(files.dir, 'ok.xml')]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /io\.xml:9:56: error libvirt libvirt \(qemu:\/\/\/embed\?root=.*\): unsupported configuration: io='native'/);
      assert.ok(!libvirtLines(r.stdout).some((l) => l.includes('ok.xml')));
      assert.deepEqual(await new Virsh().listNames(root.uri), []);
    } finally {
      root.cleanup();
    }
  });

  test('test:///NODE.xml: the test driver on that node file; a broken URI is an error of the run (exit 2)', async () => {
    const node = write('node.xml', '<node><cpu><mhz>2000</mhz></cpu></node>\n');
    const r = await run(['--libvirt', 'test://' + node, path.join(files.dir, 'dup.xml'), path.join(files.dir, 'ok.xml')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /dup\.xml:11:7: error libvirt libvirt: XML error: target 'vda' duplicated/);
    assert.ok(!libvirtLines(r.stdout).some((l) => l.includes('ok.xml')));
    const broken = await run(['--libvirt', 'test://' + path.join(files.dir, 'missing-node.xml'), path.join(files.dir, 'ok.xml')]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /libvirt could not check '.*ok\.xml': [\s\S]*failed to connect to the hypervisor/);
  });
});

test('--libvirt without virsh: exit 2 and the packages to install', async () => {
  const empty = tempDir('libvirt-xml-nopath-');
  try {
    const r = await run(['--libvirt', 'qemu:///embed', write('ok2.xml', cleanDomain('ok2'))], { ...process.env, PATH: empty.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /libvirt-clients/);
    assert.match(r.stderr, /libvirt-client\b/);
  } finally {
    empty.cleanup();
  }
});

test('--libvirt needs a URI', async () => {
  const r = await run(['--libvirt', 'qemu', path.join(files.dir, 'ok.xml')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--libvirt expects a libvirt URI/);
});
