// `--cache`: each file's findings kept between runs, as eslint's --cache keeps them. The
// output must be exactly that of a run without it, whatever changed in between (the file, its
// settings, the schema, the domain it attaches to, the networks among the files), and a kept
// result must really be what is printed (the tampering tests show that it is read).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_CONFIG_FILE } from '../../server/src/projectConfig';
import { fixturesDir, repoRoot } from '../support/fixtures';
import { runCli, type Run, type RunOptions } from '../support/run';
import { domainWithDisks, IO_NATIVE_DISK, networkInterface, NOT_A_DOMAIN, q35Domain, scratchDir, SHARED_WRITEBACK_DISK, sharedDisk } from '../support/scratch';
import { schemaDir } from '../support/schemas';

const scratch = scratchDir('libvirt-xml-cli-results-', { needsCli: true });
const FORMATS = ['text', 'json', 'sarif', 'github'];

interface CacheFile {
  files: Record<string, { key: string; result: { diagnostics?: { message: string }[]; fixes?: boolean; skipped?: string } }>;
}

/** Runs the CLI twice, without and with `--cache` (cache file `cache`), and checks that both print the same; the cached run. */
async function same(cache: string, args: string[], options?: RunOptions): Promise<Run> {
  const plain = await runCli(args, options);
  const cached = await runCli(['--cache', '--cache-location', cache, ...args], options);
  assert.deepEqual(cached, plain, `--cache changed the output of ${args.join(' ')}`);
  return cached;
}

const readCache = (file: string): CacheFile => JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;

/** Rewrites the message of every kept finding of `name` (the entry's key kept): what a run that reads the entry prints. */
function tamper(file: string, name: string): void {
  const cache = readCache(file);
  const entry = cache.files[name];
  assert.ok(entry?.result.diagnostics?.length, `${name} has kept findings`);
  for (const d of entry.result.diagnostics) d.message = `KEPT ${d.message}`;
  fs.writeFileSync(file, JSON.stringify(cache));
}

describe('libvirt-xml-lint --cache', () => {
  it('prints what a run without it prints: the first run, the next, in every format (fixes kept for JSON and SARIF)', async () => {
    const cache = path.join(scratch.dir, 'all', 'results');
    const files = [path.join(repoRoot, 'examples'), path.join(fixturesDir, 'schema'), scratch.write('all-other/pom.xml', NOT_A_DOMAIN)];
    // text first: its entries have no fixes, so JSON lints again and keeps them; github then reads those
    for (const round of [1, 2]) {
      for (const format of FORMATS) {
        const r = await same(cache, ['--schema', schemaDir('10.7.0'), '--format', format, ...files]);
        if (round === 1 && format === 'text') assert.equal(r.code, 1, 'the files have errors, so equal outputs mean something');
      }
    }
    const kept = readCache(cache);
    const names = Object.keys(kept.files);
    assert.ok(names.length > 10, `${names.length} files kept`);
    assert.ok(names.every((n) => !path.isAbsolute(n)), 'kept by path relative to the cache file');
    assert.ok(names.some((n) => kept.files[n].result.skipped === 'not a libvirt document'), 'skipped files are kept as skipped');
    assert.ok(Object.values(kept.files).some((e) => e.result.fixes === true), 'the JSON run kept fixes');
    assert.deepEqual(fs.readdirSync(path.dirname(cache)), ['results'], 'no temporary file left');
  });

  it('a kept result is what the next run prints, without linting the file again; a changed file is linted again', async () => {
    const cache = path.join(scratch.dir, 'reuse', '.libvirt-lint-cache');
    const vm = scratch.write('reuse/vm.xml', SHARED_WRITEBACK_DISK);
    const first = await same(cache, ['--no-schema', vm], { cwd: path.dirname(vm) });
    assert.match(first.stdout, /warning shared-disk-cache-enabled/);
    tamper(cache, 'vm.xml');
    const reused = await runCli(['--cache', '--cache-location', cache, '--no-schema', vm]);
    assert.match(reused.stdout, /warning shared-disk-cache-enabled KEPT /);
    assert.equal(reused.code, first.code);
    // the same file with other bytes: linted, and its entry replaced
    fs.writeFileSync(vm, domainWithDisks(IO_NATIVE_DISK));
    const changed = await same(cache, ['--no-schema', vm]);
    assert.match(changed.stdout, /error io-native-requires-direct-cache/);
    assert.doesNotMatch(changed.stdout, /KEPT/);
    assert.doesNotMatch(JSON.stringify(readCache(cache)), /KEPT/);
  });

  it('the default cache file is .libvirt-lint-cache in the working directory; --cache-location may name a directory', async () => {
    const dir = path.join(scratch.dir, 'where');
    const vm = scratch.write('where/vm.xml', SHARED_WRITEBACK_DISK);
    const r = await runCli(['--cache', '--no-schema', 'vm.xml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(readCache(path.join(dir, '.libvirt-lint-cache')).files), ['vm.xml']);
    const other = path.join(scratch.dir, 'where-else');
    fs.mkdirSync(other);
    await runCli(['--cache', '--cache-location', other, '--no-schema', vm]);
    assert.deepEqual(Object.keys(readCache(path.join(other, '.libvirt-lint-cache')).files), ['../where/vm.xml']);
  });

  it('lints again when the rule levels, the profiles or the config file change', async () => {
    const cache = path.join(scratch.dir, 'settings', 'results');
    const vm = scratch.write('settings/vm.xml', domainWithDisks(sharedDisk('writeback'), IO_NATIVE_DISK.replace("'vda'", "'vdc'")));
    const args = ['--no-schema', '--format', 'json', vm];
    await same(cache, args);
    await same(cache, ['--rule', 'shared-disk-cache-enabled=off', ...args]);
    await same(cache, ['--rule', 'shared-disk-cache-enabled=error', ...args]);
    await same(cache, ['--profile', 'migration', ...args]);
    await same(cache, ['--quiet', ...args]);
    const config = scratch.write(`settings/${PROJECT_CONFIG_FILE}`, JSON.stringify({ rules: { 'io-native-requires-direct-cache': 'warning' } }));
    const withConfig = await same(cache, args);
    assert.match(withConfig.stdout, /"severity": "warning"/);
    fs.writeFileSync(config, JSON.stringify({ rules: { 'io-native-requires-direct-cache': 'off' } }));
    const off = await same(cache, args);
    assert.doesNotMatch(off.stdout, /io-native-requires-direct-cache/);
    await same(cache, ['--no-config', ...args]);
  });

  it("lints again when the schema's content changes at the same path", async () => {
    const schemas = path.join(scratch.dir, 'schemas');
    fs.cpSync(schemaDir('10.7.0'), schemas, { recursive: true });
    const cache = path.join(scratch.dir, 'schema-change', 'results');
    const vm = scratch.write('schema-change/vm.xml', q35Domain('vm', sharedDisk('writeback')));
    const before = await same(cache, ['--schema', schemas, vm]);
    assert.doesNotMatch(before.stdout, / schema /);
    // libvirt's schema without cache='writeback': the same file now has a schema error
    const rng = path.join(schemas, 'domaincommon.rng');
    const text = fs.readFileSync(rng, 'utf8');
    const edited = text.replace(/(<define name="driverCache">[\s\S]*?)<value>writeback<\/value>/, '$1<value>write-back-not</value>');
    assert.notEqual(edited, text);
    fs.writeFileSync(rng, edited);
    const after = await same(cache, ['--schema', schemas, vm]);
    assert.match(after.stdout, /error schema /);
  });

  it('lints a domain again when a network among the files changes, and a device file when its domain does', async () => {
    const cache = path.join(scratch.dir, 'related', 'results');
    const vm = scratch.write('related/web1.xml', q35Domain('web1', networkInterface('backend')));
    const net = scratch.write('related/net.xml', '<network>\n  <name>lab</name>\n</network>\n');
    const unknown = await same(cache, ['--no-schema', vm, net]);
    assert.match(unknown.stdout, /info interface-unknown-network/);
    fs.writeFileSync(net, '<network>\n  <name>backend</name>\n</network>\n');
    const known = await same(cache, ['--no-schema', vm, net]);
    assert.doesNotMatch(known.stdout, /interface-unknown-network/);

    const domain = scratch.write('related/vm1.xml', domainWithDisks(sharedDisk('none', 'mpatha', 'vda')));
    const dev = scratch.write('related/disk.xml', "<disk type='file' device='disk'>\n  <source file='/var/lib/libvirt/images/b.img'/>\n  <target dev='vdb' bus='virtio'/>\n</disk>\n");
    const free = await same(cache, ['--no-schema', '--domain', domain, dev]);
    assert.equal(free.code, 0, free.stdout + free.stderr);
    fs.writeFileSync(domain, domainWithDisks(sharedDisk('none', 'mpatha', 'vdb')));
    const taken = await same(cache, ['--no-schema', '--domain', domain, dev]);
    assert.match(taken.stdout, /error duplicate-target-dev target vdb already exists/);
    // a domain that cannot be read: reported on every run (status 2), the device linted alone
    fs.unlinkSync(domain);
    for (let i = 0; i < 2; i++) assert.equal((await same(cache, ['--no-schema', '--domain', domain, dev])).code, 2);
  });

  it('--fix and --libvirt lint every file: a kept result is not read', async () => {
    const cache = path.join(scratch.dir, 'fix', 'results');
    const vm = scratch.write('fix/vm.xml', domainWithDisks(IO_NATIVE_DISK));
    await same(cache, ['--no-schema', vm]);
    tamper(cache, 'vm.xml');
    const fixed = await runCli(['--cache', '--cache-location', cache, '--fix', '--no-schema', vm]);
    assert.doesNotMatch(fixed.stdout, /KEPT/);
    assert.notEqual(fs.readFileSync(vm, 'utf8'), domainWithDisks(IO_NATIVE_DISK), 'the fix was written');
    const viaLibvirt = await runCli(['--cache', '--cache-location', cache, '--libvirt', 'test:///default', '--no-schema', vm]);
    assert.doesNotMatch(viaLibvirt.stdout + viaLibvirt.stderr, /KEPT/);
  });

  it('a damaged cache file counts as empty and is written again; one that cannot be written is a note, the output the same', async () => {
    const cache = path.join(scratch.dir, 'damaged', 'results');
    const vm = scratch.write('damaged/vm.xml', SHARED_WRITEBACK_DISK);
    const args = ['--no-schema', '--format', 'json', vm];
    await same(cache, args);
    const whole = readCache(cache);
    const damaged = [
      '{"files": ',
      'null',
      '[]',
      JSON.stringify({ ...whole, build: 'another build' }),
      // an entry with the right key whose findings lack what the report reads
      JSON.stringify({ ...whole, files: { 'vm.xml': { ...whole.files['vm.xml'], result: { fixes: true, diagnostics: [{ ruleId: 'x', severity: 'error', message: 'KEPT' }] } } } }),
      JSON.stringify({ ...whole, files: { 'vm.xml': { ...whole.files['vm.xml'], result: { fixes: true, diagnostics: [{ ruleId: 'x', severity: 'fatal', message: 'KEPT', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, fixes: [] }] } } } }),
    ];
    for (const text of damaged) {
      fs.writeFileSync(cache, text);
      const r = await same(cache, args);
      assert.doesNotMatch(r.stdout, /KEPT/, text);
      assert.deepEqual(readCache(cache).files['vm.xml'], whole.files['vm.xml'], 'written again');
    }
    // a cache file where a directory is: the same output, and a note on standard error
    const blocked = path.join(scratch.dir, 'damaged', 'is-a-file');
    fs.writeFileSync(blocked, 'x');
    const plain = await runCli(args);
    const r = await runCli(['--cache', '--cache-location', path.join(blocked, 'results'), ...args]);
    assert.equal(r.stdout, plain.stdout);
    assert.equal(r.code, plain.code);
    assert.match(r.stderr, /^libvirt-xml-lint: note: cannot write the cache file '.*is-a-file\/results': /);
  });

  it('a run that ends with status 2 keeps nothing new (the next run meets the problem again)', async () => {
    const cache = path.join(scratch.dir, 'problem', 'results');
    const vm = scratch.write('problem/vm.xml', SHARED_WRITEBACK_DISK);
    const missing = path.join(scratch.dir, 'problem', 'missing.xml');
    const r = await same(cache, ['--no-schema', vm, missing]);
    assert.equal(r.code, 2);
    assert.equal(fs.existsSync(cache), false);
    // a wrong --schema directory is a problem of every run that names it
    const wrong = await same(cache, ['--schema', path.join(scratch.dir, 'problem'), vm]);
    assert.match(wrong.stderr, /no domain\.rng there/);
    assert.equal(fs.existsSync(cache), false);
    await same(cache, ['--no-schema', vm]);
    assert.deepEqual(Object.keys(readCache(cache).files), ['vm.xml']);
  });

  it('drops the entries of files that are gone', async () => {
    const cache = path.join(scratch.dir, 'gone', 'results');
    const a = scratch.write('gone/a.xml', SHARED_WRITEBACK_DISK);
    const b = scratch.write('gone/b.xml', SHARED_WRITEBACK_DISK);
    await same(cache, ['--no-schema', a, b]);
    assert.deepEqual(Object.keys(readCache(cache).files), ['a.xml', 'b.xml']);
    // a run over a alone keeps b's entry (another run may lint it); once b is gone, it is dropped
    fs.writeFileSync(a, domainWithDisks(IO_NATIVE_DISK));
    await same(cache, ['--no-schema', a]);
    assert.deepEqual(Object.keys(readCache(cache).files), ['a.xml', 'b.xml']);
    fs.unlinkSync(b);
    fs.writeFileSync(a, SHARED_WRITEBACK_DISK);
    await same(cache, ['--no-schema', a]);
    assert.deepEqual(Object.keys(readCache(cache).files), ['a.xml']);
  });

  it('usage: --cache and --no-cache exclude each other; --cache-location needs --cache', async () => {
    for (const [args, message] of [
      [['--cache', '--no-cache', 'x.xml'], /--cache and --no-cache exclude each other/],
      [['--cache-location', 'c', 'x.xml'], /--cache-location needs --cache/],
      [['--cache', '--cache-location', ' ', 'x.xml'], /--cache-location expects a file or a directory/],
    ] as const) {
      const r = await runCli([...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
    }
  });
});
