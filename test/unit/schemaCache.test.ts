// The compiled-schema cache (server/src/schemaCache.ts) and the snapshot it stores
// (server/src/service/schema/snapshot.ts): a schema read back validates exactly as the one
// compiled from the .rng files; a changed schema, a corrupt or torn file, racing writers and
// a cache directory that cannot be written are all handled. Correctness only: speed is the
// benchmark's business (npm run bench:cli).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { STALE_AFTER_MS, writeAtomically } from '../../server/src/cacheDir';
import { DERIVED_BYTES_PER_INPUT_BYTE, hash64, loadCompiledSchema, schemaDirKey, STORE_MIN_DERIVED, storeDerived } from '../../server/src/schemaCache';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { readSnapshot, SnapshotError } from '../../server/src/service/schema/snapshot';
import { CompiledSchema } from '../../server/src/service/schema/validate';
import { deviceKind } from '../../server/src/service/kinds/device';
import { fixturesDir, repoRoot, sharedDir } from '../support/fixtures';
import { scratchDir } from '../support/scratch';
import { schemaDir } from '../support/schemas';

const BUILD = 'test-build';
const schemaFixtures = fs
  .readdirSync(path.join(fixturesDir, 'schema'))
  .filter((f) => f.endsWith('.xml'))
  .map((f) => path.join(fixturesDir, 'schema', f));

/** Every 8th libvirt test domain (about 200, every driver's) and the schema fixtures. */
function sampleDocuments(): string[] {
  const dir = path.join(sharedDir, 'corpus', 'libvirt');
  const corpus = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .filter((_, i) => i % 8 === 0)
    .map((f) => path.join(dir, f));
  return [...schemaFixtures, ...corpus];
}

const errorsOf = (schema: CompiledSchema, file: string): string => JSON.stringify(schema.validate(parseXml(fs.readFileSync(file, 'utf8'))));
const fromFiles = (dir: string, file = 'domain.rng', contentOf?: string): CompiledSchema => CompiledSchema.load((f) => fs.readFileSync(path.join(dir, f), 'utf8'), file, {}, contentOf);
const cacheFiles = (dir: string, prefix: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(prefix)) : []);

/** A copy of a schema directory that a test may change. */
function copySchemas(version: '10.7.0' | '9.0.0', to: string): string {
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(schemaDir(version))) fs.copyFileSync(path.join(schemaDir(version), f), path.join(to, f));
  return to;
}

describe('schema snapshot', () => {
  it('a schema read back from its snapshot gives exactly the errors of the compiled one, document after document', () => {
    for (const version of ['10.7.0', '9.0.0'] as const) {
      const compiled = fromFiles(schemaDir(version));
      const restored = CompiledSchema.fromSnapshot(fromFiles(schemaDir(version)).snapshot());
      let withErrors = 0;
      // one schema object for all documents, as a command-line run uses it: the memo tables fill alike
      for (const file of sampleDocuments()) {
        const expected = errorsOf(compiled, file);
        if (expected !== '[]') withErrors++;
        assert.equal(errorsOf(restored, file), expected, `${version} ${path.basename(file)}`);
      }
      assert.ok(withErrors >= 8, `${version}: only ${withErrors} documents with schema errors: the comparison would prove little`);
    }
  });

  it('the device grammar (content of one define) survives the snapshot too', () => {
    const { file, contentOf } = deviceKind.schema;
    const compiled = fromFiles(schemaDir('10.7.0'), file, contentOf);
    const restored = CompiledSchema.fromSnapshot(fromFiles(schemaDir('10.7.0'), file, contentOf).snapshot());
    const disk = `<disk type='file' device='disk'>\n  <driver name='qemu' type='qcow2' cache='nnone'/>\n  <source file='/var/lib/libvirt/images/x.qcow2'/>\n  <target dev='vdb' bus='virtio'/>\n</disk>\n`;
    const expected = JSON.stringify(compiled.validate(parseXml(disk)));
    assert.match(expected, /nnone/);
    assert.equal(JSON.stringify(restored.validate(parseXml(disk))), expected);
  });

  it('is never changed by the schemas read back from it: a second one, and one that drops its memo tables, validate alike', () => {
    const compiled = fromFiles(schemaDir('10.7.0'));
    const snapshot = fromFiles(schemaDir('10.7.0')).snapshot();
    const before = Buffer.from(snapshot);
    // small memo limits: the schema starts over from the snapshot every few documents
    const restarting = CompiledSchema.fromSnapshot(snapshot, { memoEntries: 300 });
    const files = sampleDocuments().slice(0, 40);
    for (const file of files) assert.equal(errorsOf(restarting, file), errorsOf(compiled, file), path.basename(file));
    assert.ok(restarting.rebuilds >= 3, `only ${restarting.rebuilds} restarts: the test would prove little`);
    assert.ok(before.equals(Buffer.from(snapshot)), 'the snapshot bytes were changed');
    const second = CompiledSchema.fromSnapshot(snapshot);
    for (const file of files) assert.equal(errorsOf(second, file), errorsOf(compiled, file), path.basename(file));
  });

  it('is taken right after compiling only, and never of a schema that was itself read back', () => {
    const s = fromFiles(schemaDir('10.7.0'));
    const snapshot = s.snapshot();
    s.validate(parseXml(fs.readFileSync(schemaFixtures[0], 'utf8')));
    assert.throws(() => s.snapshot(), /right after compiling/);
    assert.throws(() => CompiledSchema.fromSnapshot(snapshot).snapshot(), /read back/);
  });

  it('anything but a whole snapshot of this format is refused with SnapshotError, never half-used', () => {
    const good = fromFiles(schemaDir('10.7.0')).snapshot();
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['cut in the head', good.subarray(0, 50)],
      ['cut in the integers', good.subarray(0, good.length - 4000)],
      ['not a snapshot', Buffer.from('{"hello": "world"}')],
    ];
    // another format number in the head
    const other = Buffer.from(good);
    const head = other.toString('latin1', 4, 40);
    other.write(head.replace(/"format":\d+/, '"format":9'), 4, 'latin1');
    cases.push(['another format', other]);
    // a pattern that refers to a later one
    const forward = new Uint8Array(good);
    const view = new DataView(forward.buffer);
    const intsAt = (4 + view.getUint32(0, true) + 3) & ~3;
    const ints = new Int32Array(forward.buffer, intsAt);
    const choice = [...Array(Math.floor(ints.length / 3)).keys()].find((id) => ints[3 * id] === 3)!;
    ints[3 * choice + 1] = choice + 1;
    cases.push(['forward reference', forward]);
    for (const [what, bytes] of cases) assert.throws(() => readSnapshot(bytes), SnapshotError, what);
  });
});

/** A copy of a document with about every fifth attribute value and text changed (deterministic). */
function spoiled(text: string, seed: number): string {
  let r = seed;
  const next = (): number => (r = (r * 1103515245 + 12345) & 0x7fffffff);
  return text.replace(/(=')([^']*)(')|(>)([^<>\s][^<>]*)(<\/)/g, (m, a?: string, v?: string, b?: string, c?: string, t?: string, d?: string) => {
    if (next() % 5 !== 0) return m;
    return a !== undefined ? `${a}${next() % 2 ? 'bogus' : `${v}x`}${b}` : `${c}${next() % 2 ? 'zz' : `${t}1`}${d}`;
  });
}

describe('schema snapshot with what was derived (the memo)', () => {
  const docs = sampleDocuments();
  const half = docs.filter((_, i) => i % 2 === 0);

  it('on spoiled documents too (error recovery derives by name only): a schema read back with its memo gives the same messages', () => {
    const spoils = docs.slice(0, 60).map((f, i) => spoiled(fs.readFileSync(f, 'utf8'), i + 1));
    const compiled = fromFiles(schemaDir('10.7.0'));
    const expected = spoils.map((t) => JSON.stringify(compiled.validate(parseXml(t))));
    assert.ok(expected.filter((e) => e !== '[]').length >= 30, 'most spoiled documents have schema errors');
    const first = fromFiles(schemaDir('10.7.0'));
    spoils.forEach((t, i) => i % 2 === 0 && first.validate(parseXml(t)));
    const back = CompiledSchema.fromSnapshot(first.snapshotWithMemo()!);
    spoils.forEach((t, i) => assert.equal(JSON.stringify(back.validate(parseXml(t))), expected[i], `spoiled ${path.basename(docs[i])}`));
  });

  it('a schema read back with its memo validates exactly as the compiled one, on the documents it met and on others', () => {
    for (const version of ['10.7.0', '9.0.0'] as const) {
      const compiled = fromFiles(schemaDir(version));
      const expected = new Map(docs.map((f) => [f, errorsOf(compiled, f)]));
      // a schema that met half the documents, stored with its memo, read back
      const first = fromFiles(schemaDir(version));
      for (const file of half) errorsOf(first, file);
      const stored = first.snapshotWithMemo()!;
      const second = CompiledSchema.fromSnapshot(stored);
      assert.ok(second.derivedSinceBuilt.total > fromFiles(schemaDir(version)).derivedSinceBuilt.total, `${version}: the snapshot holds derived patterns`);
      for (const file of docs) assert.equal(errorsOf(second, file), expected.get(file), `${version} ${path.basename(file)}`);
      // the documents it met make no new state: every one is in the snapshot
      const third = CompiledSchema.fromSnapshot(stored);
      for (const file of half) errorsOf(third, file);
      assert.equal(third.derivedSinceBuilt.patterns, 0, version);
      // and in reverse order, from the file again: the same messages
      const reverse = CompiledSchema.fromSnapshot(stored);
      for (const file of [...docs].reverse()) assert.equal(errorsOf(reverse, file), expected.get(file), `${version} reverse ${path.basename(file)}`);
    }
  });

  it('a schema read back, used a little and stored again, keeps the memo of the patterns it did not use', () => {
    const compiled = fromFiles(schemaDir('10.7.0'));
    const first = fromFiles(schemaDir('10.7.0'));
    for (const file of half) errorsOf(first, file);
    const stored = first.snapshotWithMemo()!;
    // one document, then stored: most patterns were never made in this schema
    const partly = CompiledSchema.fromSnapshot(stored);
    errorsOf(partly, docs[1]);
    const again = CompiledSchema.fromSnapshot(partly.snapshotWithMemo()!);
    const before = again.derivedSinceBuilt.total;
    for (const file of half) errorsOf(again, file);
    assert.equal(again.derivedSinceBuilt.patterns, 0, 'the states of the unused patterns were carried over');
    assert.equal(again.derivedSinceBuilt.total, before);
    for (const file of docs.slice(0, 60)) assert.equal(errorsOf(again, file), errorsOf(compiled, file), path.basename(file));
  });

  it('values that are not ASCII are stored and read back as they were', () => {
    const typical = fs.readFileSync(path.join(fixturesDir, 'schema', 'valid-typical.xml'), 'utf8');
    // a title, a path and a wrong cache mode outside ASCII, three and more times each (so the
    // verdict-keyed memo is used too), then the plain document again
    const variants = ['Café', 'Grüße', '数据库', 'Ωmega'].map((w, i) =>
      typical
        .replace('<name>demo</name>', `<name>demo-${w}</name><title>${w} ${i}</title>`)
        .replace('demo.qcow2', `${w}.qcow2`)
        .replace("cache='none'", `cache='${w}'`),
    );
    const compiled = fromFiles(schemaDir('10.7.0'));
    const expected = variants.map((v) => JSON.stringify(compiled.validate(parseXml(v))));
    assert.match(expected[0], /Café/);
    const first = fromFiles(schemaDir('10.7.0'));
    for (const v of variants) first.validate(parseXml(v));
    const stored = first.snapshotWithMemo()!;
    assert.ok(Buffer.from(stored).includes(Buffer.from('数据库', 'utf8')), 'the memo holds the values');
    const back = CompiledSchema.fromSnapshot(stored);
    variants.forEach((v, i) => assert.equal(JSON.stringify(back.validate(parseXml(v))), expected[i], `variant ${i}`));
    assert.equal(back.derivedSinceBuilt.patterns, 0, 'every state was found in the memo');
    assert.equal(back.derivedSinceBuilt.entries, 0, 'every value too, looked up by the strings read back');
  });

  it('a memo that does not fit the patterns is refused with SnapshotError', () => {
    const first = fromFiles(schemaDir('10.7.0'));
    for (const file of half.slice(0, 10)) errorsOf(first, file);
    const good = first.snapshotWithMemo()!;
    assert.doesNotThrow(() => CompiledSchema.fromSnapshot(good));
    const view = new DataView(good.buffer, good.byteOffset);
    const jsonLength = view.getUint32(0, true);
    const head = JSON.parse(Buffer.from(good.buffer, good.byteOffset + 4, jsonLength).toString('utf8')) as { nextId: number; tables: Record<string, number>; memo: { entries: number } };
    const intsAt = (4 + jsonLength + 3) & ~3;
    const entriesAt = intsAt + 4 * (3 * head.nextId + Object.values(head.tables).reduce((n, t) => n + 3 * t, 0) + head.nextId + 1);
    assert.ok(head.memo.entries > 100);
    const spoil = (what: string, at: number, value: number): [string, Uint8Array] => {
      const bytes = new Uint8Array(good);
      new DataView(bytes.buffer).setInt32(at, value, true);
      return [what, bytes];
    };
    // the first entry naming a derivative (op 1 to 3: by element name, attribute or text)
    const ints = new Int32Array(good.buffer, good.byteOffset + entriesAt, 4 * head.memo.entries);
    const withDerivative = [...Array(head.memo.entries).keys()].find((e) => ints[4 * e] >= 1 && ints[4 * e] <= 3)!;
    const cases = [
      spoil('a derivative out of range', entriesAt + 16 * withDerivative + 8, head.nextId + 5),
      spoil('an unknown kind of entry', entriesAt, 99),
      spoil('a string out of range', entriesAt + 4, 1 << 30),
      spoil('entries out of order', intsAt + 4 * (3 * head.nextId + Object.values(head.tables).reduce((n, t) => n + 3 * t, 0) + 5), 1 << 20),
      ['cut in the memo', good.subarray(0, good.length - 3)] as [string, Uint8Array],
    ];
    for (const [what, bytes] of cases) assert.throws(() => readSnapshot(bytes), SnapshotError, what);
  });
});

describe('schema cache (loadCompiledSchema)', () => {
  const scratch = scratchDir('libvirt-xml-schema-cache-');

  it('compiles and writes on the first load, reads the cache on the next; both validate as the compiled schema', () => {
    const cache = path.join(scratch.dir, 'hit');
    const first = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: BUILD });
    assert.equal(first.outcome, 'written');
    assert.equal(cacheFiles(cache, 'schema-').length, 1);
    const second = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: BUILD });
    assert.equal(second.outcome, 'hit');
    assert.equal(second.file, first.file);
    const compiled = fromFiles(schemaDir('10.7.0'));
    for (const file of schemaFixtures) {
      assert.equal(errorsOf(first.schema, file), errorsOf(compiled, file), path.basename(file));
      assert.equal(errorsOf(second.schema, file), errorsOf(compiled, file), path.basename(file));
    }
    // another build never reads this build's file
    assert.equal(loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: 'another-build' }).outcome, 'written');
    assert.equal(cacheFiles(cache, 'schema-').length, 2);
    // no temporary file is left behind
    assert.deepEqual(cacheFiles(cache, '').filter((f) => f.endsWith('.tmp')), []);
  });

  it('what a run over enough documents derives is stored next to the grammar, and read by the next such run only', () => {
    const cache = path.join(scratch.dir, 'derived');
    const compiled = fromFiles(schemaDir('10.7.0'));
    const docs = sampleDocuments().slice(0, 60);
    const bytes = docs.reduce((n, f) => n + fs.statSync(f).size, 0);
    const big = { dir: cache, buildId: BUILD, inputBytes: bytes };
    const first = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, big);
    assert.equal(first.outcome, 'written');
    for (const file of docs) errorsOf(first.schema, file);
    assert.ok(first.schema.derivedSinceBuilt.patterns >= STORE_MIN_DERIVED);
    assert.equal(storeDerived(first), true);
    const [derivedFile] = cacheFiles(cache, 'derived-');
    assert.ok(derivedFile, 'a derived-*.cache file is written');
    const derivedSize = fs.statSync(path.join(cache, derivedFile)).size;
    assert.ok(derivedSize > fs.statSync(first.file!).size, 'it holds more than the grammar');
    assert.equal(fs.readFileSync(path.join(cache, derivedFile)).indexOf(0x0a) + 1, fs.readFileSync(first.file!).indexOf(0x0a) + 1, 'headers of one length');
    const grammarSize = fs.statSync(first.file!).size;
    assert.ok(derivedSize - grammarSize <= bytes * DERIVED_BYTES_PER_INPUT_BYTE, 'the test documents are enough to read it back');
    assert.ok(derivedSize - grammarSize > 4000 * DERIVED_BYTES_PER_INPUT_BYTE, 'and 4 KB of documents are not (below)');
    // the next run over them reads it: nothing new is derived, so nothing is written
    const second = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, big);
    assert.equal(second.outcome, 'hit');
    assert.equal(second.file, path.join(cache, derivedFile));
    for (const file of docs) assert.equal(errorsOf(second.schema, file), errorsOf(compiled, file), path.basename(file));
    assert.equal(second.schema.derivedSinceBuilt.patterns, 0);
    const mtime = fs.statSync(second.file!).mtimeMs;
    assert.equal(storeDerived(second), false);
    assert.equal(fs.statSync(second.file!).mtimeMs, mtime);
    // a run over one small document reads the grammar alone, and stores nothing
    const small = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: BUILD, inputBytes: 4000 });
    assert.equal(small.file, first.file);
    for (const file of docs) errorsOf(small.schema, file);
    assert.equal(storeDerived(small), false, 'it would not read what it stored');
    // nor one over a few documents whose states are few enough: it passed over the larger file
    const one = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: BUILD, inputBytes: 12_000 });
    assert.equal(one.file, first.file);
    errorsOf(one.schema, path.join(fixturesDir, 'schema', 'valid-typical.xml'));
    assert.ok(one.schema.derivedSinceBuilt.patterns >= STORE_MIN_DERIVED, 'enough new states to store, were the file not larger');
    assert.equal(storeDerived(one), false, 'a smaller store would replace the larger one');
    assert.equal(fs.statSync(path.join(cache, derivedFile)).size, derivedSize);
    // nor does a run that does not say how much it validates, or one without a cache file
    assert.equal(loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: BUILD }).file, first.file);
    assert.equal(storeDerived({ schema: fromFiles(schemaDir('10.7.0')), outcome: 'off' }), false);
    // a damaged derived file is passed over for the grammar's own
    fs.writeFileSync(path.join(cache, derivedFile), fs.readFileSync(path.join(cache, derivedFile)).subarray(0, derivedSize - 100));
    const damaged = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, big);
    assert.equal(damaged.file, first.file);
    for (const file of docs.slice(0, 5)) assert.equal(errorsOf(damaged.schema, file), errorsOf(compiled, file), path.basename(file));
  });

  it('a schema whose content changed is compiled again: the old cache file is not used', () => {
    const dir = copySchemas('10.7.0', path.join(scratch.dir, 'changed-schemas'));
    const cache = path.join(scratch.dir, 'changed');
    const doc = path.join(fixturesDir, 'schema', 'valid-typical.xml');
    const before = loadCompiledSchema(dir, 'domain.rng', undefined, { dir: cache, buildId: BUILD });
    assert.equal(before.outcome, 'written');
    assert.equal(errorsOf(before.schema, doc), '[]');
    assert.equal(loadCompiledSchema(dir, 'domain.rng', undefined, { dir: cache, buildId: BUILD }).outcome, 'hit');
    // the new schema no longer knows the document's <name>: an included file changed
    const common = path.join(dir, 'domaincommon.rng');
    const text = fs.readFileSync(common, 'utf8');
    assert.ok(text.includes('<element name="name">'));
    fs.writeFileSync(common, text.replaceAll('<element name="name">', '<element name="nom">'));
    const after = loadCompiledSchema(dir, 'domain.rng', undefined, { dir: cache, buildId: BUILD });
    assert.equal(after.outcome, 'written');
    assert.notEqual(after.file, before.file);
    assert.match(errorsOf(after.schema, doc), /Element <name> is not allowed here/);
    assert.equal(errorsOf(after.schema, doc), errorsOf(fromFiles(dir), doc));
    // and back: the first file is still good for the first content
    fs.writeFileSync(common, text);
    const back = loadCompiledSchema(dir, 'domain.rng', undefined, { dir: cache, buildId: BUILD });
    assert.equal(back.outcome, 'hit');
    assert.equal(back.file, before.file);
  });

  it("schemaDirKey: the directory's content key, the same with its stamp in a cache directory and without one", () => {
    const dir = copySchemas('10.7.0', path.join(scratch.dir, 'dir-key-schemas'));
    const cache = path.join(scratch.dir, 'dir-key');
    const plain = schemaDirKey(dir, { dir: null, buildId: BUILD });
    assert.match(plain ?? '', /^[0-9a-f]{16}$/);
    assert.deepEqual(cacheFiles(cache, ''), [], 'no stamp without a cache directory');
    assert.equal(schemaDirKey(dir, { dir: cache, buildId: BUILD }), plain, 'hashed, and its stamp written');
    assert.equal(cacheFiles(cache, 'stamp-').length, 1);
    assert.equal(schemaDirKey(dir, { dir: cache, buildId: BUILD }), plain, 'from the stamp');
    assert.notEqual(schemaDirKey(dir, { dir: null, buildId: 'another-build' }), plain);
    // an included file changed: a new key, with or without the stamp
    const common = path.join(dir, 'domaincommon.rng');
    fs.appendFileSync(common, '\n<!-- changed -->\n');
    const changed = schemaDirKey(dir, { dir: null, buildId: BUILD });
    assert.notEqual(changed, plain);
    assert.equal(schemaDirKey(dir, { dir: cache, buildId: BUILD }), changed);
    fs.rmSync(path.join(dir, 'domain.rng'));
    assert.equal(schemaDirKey(dir, { dir: null, buildId: BUILD }), null);
    assert.equal(schemaDirKey(dir, { dir: cache, buildId: BUILD }), null);
  });

  it('a truncated, corrupt or foreign cache file is ignored and written again', () => {
    const cache = path.join(scratch.dir, 'corrupt');
    const { file } = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: BUILD });
    const good = fs.readFileSync(file!);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1000] ^= 0x40;
    const damages: [string, Buffer][] = [
      ['truncated', good.subarray(0, Math.floor(good.length / 2))],
      ['one bit changed in the payload', flipped],
      ['empty', Buffer.alloc(0)],
      ['another file', Buffer.from('libvirt-xml-schema 0000000000000000 0000000000000000\nnot a snapshot')],
      ['garbage', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))],
    ];
    const doc = path.join(fixturesDir, 'schema', 'invalid-several.xml');
    const expected = errorsOf(fromFiles(schemaDir('10.7.0')), doc);
    for (const [what, bytes] of damages) {
      fs.writeFileSync(file!, bytes);
      const r = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: cache, buildId: BUILD });
      assert.equal(r.outcome, 'written', what);
      assert.equal(errorsOf(r.schema, doc), expected, what);
      assert.deepEqual(fs.readFileSync(file!), good, `${what}: the file is whole again`);
    }
  });

  it('a cache directory that cannot be made or written is no error: the schema is compiled, nothing is written', () => {
    // below a regular file (root may write anywhere, so permissions would prove nothing here)
    const blocker = scratch.write('a-file', 'not a directory');
    const r = loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: path.join(blocker, 'libvirt-xml'), buildId: BUILD });
    assert.equal(r.outcome, 'miss-unwritable');
    assert.equal(errorsOf(r.schema, path.join(fixturesDir, 'schema', 'invalid-bad-enum.xml')), errorsOf(fromFiles(schemaDir('10.7.0')), path.join(fixturesDir, 'schema', 'invalid-bad-enum.xml')));
    assert.equal(writeAtomically(path.join(blocker, 'x', 'y'), 'data'), false);
    // no cache at all
    assert.equal(loadCompiledSchema(schemaDir('10.7.0'), 'domain.rng', undefined, { dir: null, buildId: BUILD }).outcome, 'off');
  });

  it("a write deletes this program's cache files not written for 30 days, and nothing else", () => {
    const dir = path.join(scratch.dir, 'prune');
    fs.mkdirSync(dir);
    const old = (Date.now() - STALE_AFTER_MS - 24 * 3600 * 1000) / 1000;
    const files = {
      oldCode: 'code-0123456789abcdef-gd78-mxchtn0r-node20.20.2-x64.bin',
      oldSchema: 'schema-0123456789abcdef.cache',
      oldStamp: 'stamp-fedcba9876543210.cache',
      oldTemp: 'schema-0123456789abcdef.cache.4242.mxchtn0rab12cd34.tmp',
      freshCode: 'code-fedcba9876543210-gd78-mxchtn0r-node20.20.2-x64.bin',
      foreign: 'notes.txt',
      foreignLike: 'schema-backup.cache',
    };
    for (const [key, name] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, name), key);
      if (key !== 'freshCode') fs.utimesSync(path.join(dir, name), old, old);
    }
    assert.ok(writeAtomically(path.join(dir, 'schema-00000000000000ff.cache'), 'new'));
    assert.deepEqual(fs.readdirSync(dir).sort(), [files.freshCode, files.foreign, 'schema-00000000000000ff.cache', files.foreignLike].sort());
  });

  it('processes racing to write the same cache file all succeed, and leave one whole file', async () => {
    const cache = path.join(scratch.dir, 'race');
    const script = scratch.write(
      'race.js',
      `const { loadCompiledSchema } = require(${JSON.stringify(path.join(repoRoot, 'out', 'server', 'src', 'schemaCache.js'))});
const { parseXml } = require(${JSON.stringify(path.join(repoRoot, 'out', 'server', 'src', 'service', 'parse', 'parseXml.js'))});
const fs = require('node:fs');
const r = loadCompiledSchema(process.argv[2], 'domain.rng', undefined, { dir: process.argv[3], buildId: ${JSON.stringify(BUILD)} });
process.stdout.write(JSON.stringify({ outcome: r.outcome, errors: r.schema.validate(parseXml(fs.readFileSync(process.argv[4], 'utf8'))) }));
`,
    );
    const doc = path.join(fixturesDir, 'schema', 'invalid-several.xml');
    const run = (): Promise<{ outcome: string; errors: unknown[] }> =>
      new Promise((resolve, reject) =>
        execFile(process.execPath, [script, schemaDir('10.7.0'), cache, doc], (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout)))),
      );
    const results = await Promise.all([run(), run(), run(), run()]);
    const expected = JSON.stringify(fromFiles(schemaDir('10.7.0')).validate(parseXml(fs.readFileSync(doc, 'utf8'))));
    for (const r of results) {
      assert.ok(['written', 'hit'].includes(r.outcome), r.outcome);
      assert.equal(JSON.stringify(r.errors), expected);
    }
    assert.equal(cacheFiles(cache, 'schema-').length, 1);
    assert.deepEqual(cacheFiles(cache, '').filter((f) => f.endsWith('.tmp')), []);
    assert.equal((await run()).outcome, 'hit', 'the file left is whole');
  });

  it('hash64 tells contents apart, and is the same for the same bytes however they lie in memory', () => {
    const bytes = Buffer.from('<grammar xmlns="http://relaxng.org/ns/structure/1.0"/>\n'.repeat(40));
    const unaligned = Buffer.alloc(bytes.length + 1).fill(0);
    bytes.copy(unaligned, 1);
    assert.equal(hash64([unaligned.subarray(1)]), hash64([bytes]));
    assert.match(hash64([bytes]), /^[0-9a-f]{16}$/);
    assert.notEqual(hash64([bytes]), hash64([Buffer.concat([bytes, Buffer.from(' ')])]));
    // parts are delimited: moving a byte from one part to the next changes the hash
    assert.notEqual(hash64(['ab', 'c']), hash64(['a', 'bc']));
  });
});
