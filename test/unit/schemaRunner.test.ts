import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { findSchemaDir } from '../../server/src/schemaFiles';
import { SchemaRunner } from '../../server/src/schemaRunner';
import { fixturesDir, repoRoot, sharedDir } from '../support/fixtures';
import { schemaDir } from '../support/schemas';

// The bundled worker, as the language server loads it (npm test builds before testing).
const workerFile = path.join(repoRoot, 'dist', 'schemaWorker.js');
const dir = schemaDir('10.7.0');
const invalid = fs.readFileSync(path.join(fixturesDir, 'schema', 'invalid-bad-enum.xml'), 'utf8');
const valid = fs.readFileSync(path.join(fixturesDir, 'schema', 'valid-typical.xml'), 'utf8');

describe('schema runner (worker thread)', () => {
  const runner = new SchemaRunner(workerFile);
  after(() => runner.dispose());

  it('validates in the worker and returns offsets', async () => {
    const r = await runner.validate('file:///a.xml', 1, dir, invalid);
    assert.equal(r.kind, 'done');
    if (r.kind !== 'done') return;
    assert.equal(r.errors.length, 1);
    assert.equal(invalid.slice(r.errors[0].span.start, r.errors[0].span.end), 'nnone');
  });

  it('drops a version when a newer one arrives before it ran', async () => {
    const first = runner.validate('file:///b.xml', 1, dir, invalid);
    const second = runner.validate('file:///b.xml', 2, dir, invalid);
    const third = runner.validate('file:///b.xml', 3, dir, valid);
    assert.deepEqual(await second, { kind: 'stale' });
    // The first may already be running: then it finishes but is dropped all the same.
    assert.deepEqual(await first, { kind: 'stale' });
    const r = await third;
    assert.equal(r.kind, 'done');
    assert.deepEqual(r.kind === 'done' && r.errors, []);
  });

  it('keeps other documents apart', async () => {
    const [a, b] = await Promise.all([runner.validate('file:///c.xml', 1, dir, invalid), runner.validate('file:///d.xml', 1, dir, valid)]);
    assert.equal(a.kind === 'done' && a.errors.length, 1);
    assert.equal(b.kind === 'done' && b.errors.length, 0);
  });

  it('reports a schema directory without domain.rng as failed', async () => {
    const r = await runner.validate('file:///e.xml', 1, path.join(sharedDir, 'corpus'), valid);
    assert.equal(r.kind, 'failed');
    assert.match(r.kind === 'failed' ? r.message : '', /domain\.rng/);
  });

  it('stops a long superseded run by restarting the worker', async () => {
    const big = fs.readFileSync(path.join(sharedDir, 'corpus', 'synthetic', 'synthetic-disks-5000.xml'), 'utf8');
    const eager = new SchemaRunner(workerFile, { restartAfterMs: 0 });
    try {
      const first = eager.validate('file:///big.xml', 1, dir, big);
      const second = eager.validate('file:///big.xml', 2, dir, valid);
      assert.deepEqual(await first, { kind: 'stale' });
      const r = await second;
      assert.equal(r.kind === 'done' && r.errors.length, 0);
    } finally {
      await eager.dispose();
    }
  });
});

describe('schema runner and the schema cache', () => {
  it("reads the compiled schema from the cache the command line keeps (its own first run stores it there); the errors are the same", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-worker-cache-'));
    const saved = process.env.XDG_CACHE_HOME;
    // a worker takes the environment of the thread that starts it
    process.env.XDG_CACHE_HOME = home;
    const cacheDir = path.join(home, 'libvirt-xml');
    const schemaFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.startsWith('schema-')) : []);
    try {
      const first = new SchemaRunner(workerFile);
      const a = await first.validate('file:///cache-a.xml', 1, dir, invalid);
      first.dispose();
      assert.equal(schemaFiles().length, 1, 'the first worker stored the compiled schema');
      const file = path.join(cacheDir, schemaFiles()[0]);
      const stored = fs.statSync(file).mtimeMs;
      const second = new SchemaRunner(workerFile);
      const b = await second.validate('file:///cache-b.xml', 1, dir, invalid);
      const c = await second.validate('file:///cache-c.xml', 1, dir, valid);
      second.dispose();
      assert.equal(fs.statSync(file).mtimeMs, stored, 'the second worker read it, and wrote nothing');
      assert.equal(a.kind, 'done');
      assert.equal(b.kind, 'done');
      if (a.kind !== 'done' || b.kind !== 'done') return;
      assert.equal(a.errors.length, 1);
      assert.deepEqual(b.errors, a.errors);
      assert.equal(c.kind === 'done' && c.errors.length, 0);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('schema runner with a failing worker', () => {
  it('reports a worker that dies as failed and starts a new one for the next request', async () => {
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-worker-'));
    const dying = path.join(dir2, 'dying.js');
    fs.writeFileSync(dying, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n");
    const runner = new SchemaRunner(dying);
    try {
      const r = await runner.validate('file:///x.xml', 1, dir, valid);
      assert.deepEqual(r, { kind: 'failed', message: 'the schema worker exited with code 3' });
      const again = await runner.validate('file:///x.xml', 2, dir, valid);
      assert.equal(again.kind, 'failed');
    } finally {
      await runner.dispose();
    }
  });
});

describe('schema directory lookup', () => {
  it('uses a configured directory that holds domain.rng', () => {
    assert.deepEqual(findSchemaDir(dir), { dir, searched: [dir] });
  });

  it('does not fall back to another directory when the configured one is wrong', () => {
    const wrong = path.join(sharedDir, 'corpus');
    assert.deepEqual(findSchemaDir(wrong, [dir]), { dir: null, searched: [wrong] });
  });

  it('searches the defaults when nothing is configured', () => {
    assert.deepEqual(findSchemaDir('', ['/nonexistent-schemas', dir]), { dir, searched: ['/nonexistent-schemas', dir] });
  });
});
