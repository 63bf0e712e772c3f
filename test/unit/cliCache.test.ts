// The command line's caches (the compiled schema, the V8 code cache of the launcher
// dist/cli.js) change nothing it prints: the same bytes and exit status with an empty cache,
// a filled one, a damaged one, none (--no-cache) and one that cannot be written. Correctness
// only: speed is the benchmark's business (npm run bench:cli).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { compareRuleIds } from '../../cli/src/main';
import { hash64 } from '../../server/src/schemaCache';
import { builtinRules, LanguageService } from '../../server/src/service';
import { fixturesDir, repoRoot } from '../support/fixtures';
import { cliPath, runCli, runNode, type Run } from '../support/run';
import { scratchDir } from '../support/scratch';
import { schemaDir } from '../support/schemas';

const files = [path.join(repoRoot, 'examples'), path.join(fixturesDir, 'schema')];
const FORMATS = ['text', 'json', 'sarif', 'github'];

/** The environment of a run with this cache home (and none of the test runner's colour settings). */
function envWith(cacheHome: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return env;
}

async function runAll(cacheHome: string, extra: string[] = []): Promise<Run[]> {
  const runs: Run[] = [];
  for (const format of FORMATS) runs.push(await runCli(['--schema', schemaDir('10.7.0'), '--format', format, ...extra, ...files], { env: envWith(cacheHome) }));
  return runs;
}

/** The schemas the files need: one compiled schema per kind's schema (domain.rng, its devices content, network.rng …). */
function schemasNeeded(): number {
  const service = new LanguageService();
  const xmlFiles = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? xmlFiles(path.join(dir, e.name)) : e.name.endsWith('.xml') ? [path.join(dir, e.name)] : []));
  const keys = new Set<string>();
  for (const file of files.flatMap(xmlFiles)) {
    const doc = service.parse(fs.readFileSync(file, 'utf8'));
    if (doc.kind && doc.xml && !doc.xml.syntaxError) keys.add(`${doc.kind.schema.file}#${doc.kind.schema.contentOf ?? ''}`);
  }
  return keys.size;
}

const cacheDirOf = (home: string): string => path.join(home, 'libvirt-xml');
const listing = (home: string, prefix: string): string[] => (fs.existsSync(cacheDirOf(home)) ? fs.readdirSync(cacheDirOf(home)).filter((f) => f.startsWith(prefix)) : []);

describe('the command line with and without its caches', () => {
  const scratch = scratchDir('libvirt-xml-cli-cache-', { needsCli: true });
  let reference: Run[] = [];

  it('--no-cache: the reference output; nothing is written', async () => {
    const home = path.join(scratch.dir, 'none');
    reference = await runAll(home, ['--no-cache']);
    assert.equal(fs.existsSync(home), false);
    // the runs did lint, with schema findings, so equal outputs below mean something
    assert.equal(reference[0].code, 1);
    assert.match(reference[0].stdout, / error schema /);
    assert.match(reference[1].stdout, /"fixes": \[\n\s+\{/, 'JSON carries fixes');
    for (const r of reference) assert.equal(r.stderr, '');
  });

  it('an empty cache, then a filled one, then one holding the code cache too: the same bytes every time', async () => {
    const home = path.join(scratch.dir, 'filled');
    const cold = await runAll(home);
    const needed = schemasNeeded();
    assert.ok(needed >= 2, 'the files need more than one schema (domains, device files, networks, pools)');
    assert.equal(listing(home, 'schema-').length, needed, 'the first run stored each compiled schema once');
    const warm = await runAll(home);
    assert.equal(listing(home, 'code-').length, 1, 'a run that read the schema from the cache stored the code cache');
    const hot = await runAll(home);
    assert.equal(listing(home, 'schema-').length, needed, 'warm runs store no schema again');
    for (const runs of [cold, warm, hot]) assert.deepEqual(runs, reference);
    assert.deepEqual(fs.readdirSync(cacheDirOf(home)).filter((f) => f.endsWith('.tmp')), []);
  });

  it('damaged cache files (a torn schema, a code cache of another V8) are ignored and written again; the output is the same', async () => {
    const home = path.join(scratch.dir, 'filled');
    // the runs store derived states and read them instead of the grammar (a damaged one of those is the next test's)
    const derived = listing(home, 'derived-');
    assert.ok(derived.length > 0, 'the runs over the examples and fixtures stored derived states');
    for (const f of derived) fs.unlinkSync(path.join(cacheDirOf(home), f));
    const [schemaFile] = listing(home, 'schema-');
    const [codeFile] = listing(home, 'code-');
    const schemaBytes = fs.readFileSync(path.join(cacheDirOf(home), schemaFile));
    fs.writeFileSync(path.join(cacheDirOf(home), schemaFile), schemaBytes.subarray(0, 1000));
    // what V8 refuses: not code it made for this source (another Node.js version's would be refused alike)
    fs.writeFileSync(path.join(cacheDirOf(home), codeFile), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
    assert.deepEqual(await runAll(home), reference);
    assert.deepEqual(fs.readFileSync(path.join(cacheDirOf(home), schemaFile)), schemaBytes, 'the schema cache is whole again');
    assert.ok(fs.statSync(path.join(cacheDirOf(home), codeFile)).size > 100_000, 'the code cache was written again');
    assert.deepEqual(await runAll(home), reference);
  });

  it('damaged derived states are passed over for the grammar, and written again; the output is the same', async () => {
    const home = path.join(scratch.dir, 'filled');
    const files = listing(home, 'derived-');
    assert.ok(files.length > 0);
    const whole = new Map(files.map((f) => [f, fs.readFileSync(path.join(cacheDirOf(home), f))]));
    for (const [f, bytes] of whole) {
      assert.ok(bytes.length > fs.statSync(path.join(cacheDirOf(home), f.replace('derived-', 'schema-'))).size, `${f} holds more than its grammar`);
      const flipped = Buffer.from(bytes);
      flipped[flipped.length - 10] ^= 0x20;
      fs.writeFileSync(path.join(cacheDirOf(home), f), flipped);
    }
    assert.deepEqual(await runAll(home), reference);
    for (const f of whole.keys()) {
      // whole again: the hash in the header line is that of the rest
      const bytes = fs.readFileSync(path.join(cacheDirOf(home), f));
      const nl = bytes.indexOf(0x0a);
      assert.equal(bytes.subarray(0, nl).toString('latin1').trim().split(' ')[2], hash64([bytes.subarray(nl + 1)]), `${f} is written again`);
    }
    assert.deepEqual(await runAll(home), reference);
  });

  it('runs racing on an empty cache home all print the same, and leave whole files', async () => {
    const home = path.join(scratch.dir, 'race');
    const run = () => runCli(['--schema', schemaDir('10.7.0'), '--format', 'json', ...files], { env: envWith(home) });
    const racing = await Promise.all([run(), run(), run(), run()]);
    for (const r of racing) assert.deepEqual(r, reference[1]);
    // every file the runs left is whole (its header's hash is the rest's), and no temporary one
    const left = fs.readdirSync(cacheDirOf(home));
    assert.ok(left.some((f) => f.startsWith('derived-')), 'the runs stored derived states');
    assert.deepEqual(left.filter((f) => f.endsWith('.tmp')), []);
    for (const f of left.filter((x) => x.endsWith('.cache'))) {
      const bytes = fs.readFileSync(path.join(cacheDirOf(home), f));
      const nl = bytes.indexOf(0x0a);
      assert.equal(bytes.subarray(0, nl).toString('latin1').trim().split(' ')[2], hash64([bytes.subarray(nl + 1)]), f);
    }
    // and the next run reads what they left
    assert.deepEqual(await run(), reference[1]);
  });

  it('a cache home that cannot be written (a file): the same output, no message', async () => {
    const home = scratch.write('cache-home-is-a-file', 'x');
    assert.deepEqual(await runAll(home), reference);
    assert.equal(fs.readFileSync(home, 'utf8'), 'x');
  });

  it('the bundle run directly (node dist/cli-main.js, no launcher, no code cache) prints the same', async () => {
    const home = path.join(scratch.dir, 'filled');
    const bundle = path.join(path.dirname(cliPath), 'cli-main.js');
    assert.deepEqual(await runNode(bundle, ['--schema', schemaDir('10.7.0'), '--format', 'json', ...files], { env: envWith(home) }), reference[1]);
  });

  it('a reader that closes the pipe early (| head) ends the output quietly', async () => {
    const home = path.join(scratch.dir, 'filled');
    const child = spawn(process.execPath, [cliPath, '--no-schema', '--format', 'json', ...files, ...files, ...files], { env: envWith(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.ok(code === 0 || code === 1, `exit status ${code}`);
  });
});

describe('findings at one place are ordered by rule id without ICU', () => {
  it('compareRuleIds orders every pair of rule ids as localeCompare does', () => {
    const ids = [...new LanguageService().rules, ...builtinRules].map((r) => r.id).concat(['schema', 'libvirt']);
    assert.ok(ids.length > 40);
    for (const a of ids) for (const b of ids) assert.equal(Math.sign(compareRuleIds(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
  });
});
