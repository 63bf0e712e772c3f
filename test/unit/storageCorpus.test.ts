import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { CompiledSchema } from '../../server/src/service/schema/validate';
import { fixturesDir } from '../support/fixtures';
import { schemaDir } from '../support/schemas';

/**
 * libvirt's verdicts on storage pool and volume XML (test/fixtures/corpus/storage-labels.tsv, made by
 * scripts/label-storage.sh): its own test inputs (test/fixtures/corpus/pool, volume) and the fixtures
 * of the pool and volume rules, each defined with libvirt's test driver (`virsh pool-define`,
 * `vol-create` in a pool of the type libvirt's tests pair it with) and validated by xmllint with the
 * 10.7.0 schemas.
 *
 * - a file libvirt accepts gets no error-severity finding;
 * - a file libvirt rejects gets an error whose message starts with libvirt's own message, unless the
 *   rejection is listed below with the reason it is outside what a linter can know;
 * - a file the test driver accepts but libvirt's storage driver refuses when it creates the volume
 *   (the test driver has no storage backend) is listed below with the storage driver's message,
 *   and gets that error;
 * - our schema validation agrees with xmllint on every file.
 */

/** Rejections by the test driver that no rule reports, each with the reason. */
const NOT_OURS: Record<string, string> = {
  'corpus/volume/vol-qcow2-nocapacity-backing.xml': "the test driver refuses a volume without <capacity> even with a backing store; libvirt's storage driver takes the backing image's size (VIR_VOL_XML_PARSE_OPT_CAPACITY)",
  'rules/volume-capacity-missing/valid-backing.xml': 'the same: capacity from the backing store, which only the test driver refuses',
  'rules/volume-allocation-above-capacity/invalid.xml': "the test driver's pool has 100 GiB free and the volume allocates 1 TiB: a fact of that pool, not of the file",
  'rules/volume-format-unknown/valid-partition.xml': 'a partition type, labelled in a dir pool: valid in a disk pool, and a volume file alone does not say its pool',
};

/**
 * Files the test driver accepts that libvirt's storage driver refuses when it creates the volume
 * (the test driver has no storage backend): the error we report there, with libvirt's words.
 */
const STORAGE_DRIVER_REFUSES: Record<string, { message: string; source: string }> = {
  'rules/volume-name-invalid/invalid.xml': { message: "volume name 'guests/guest1.qcow2' cannot contain '/'", source: 'src/storage/storage_util.c virStorageBackendVolCreateLocal (dir, fs, netfs, vstorage pools)' },
  // libvirt's own tests expect these two to fail in a dir pool (tests/storagevolxml2argvtest.c, DO_TEST_FAIL).
  'corpus/volume/vol-qcow2-0.10-lazy.xml': { message: 'lazy_refcounts not supported with compat level 0.10', source: 'src/storage/storage_util.c storageBackendCreateQemuImgOpts' },
  'corpus/volume/vol-qcow2-encryption.xml': { message: 'creation of qcow2 encrypted image is not supported', source: 'src/storage/storage_util.c virStorageBackendCreateQemuImgCmdFromVol' },
  // A schema test input with the same legacy qcow encryption on a qcow2 volume.
  'corpus/volume/qcow2-no-source.xml': { message: 'creation of qcow2 encrypted image is not supported', source: 'src/storage/storage_util.c virStorageBackendCreateQemuImgCmdFromVol' },
  'rules/volume-format-options/invalid.xml': { message: 'compatibility option only available with qcow2', source: 'src/storage/storage_util.c virStorageBackendCreateQemuImgSetInfo' },
  'rules/volume-format-options/invalid-lazy.xml': { message: 'lazy_refcounts not supported with compat level 0.10', source: 'src/storage/storage_util.c storageBackendCreateQemuImgOpts' },
  'rules/volume-format-options/invalid-backing.xml': { message: 'backing storage not supported for raw volumes', source: 'src/storage/storage_util.c storageBackendCreateRaw' },
  'rules/volume-format-options/invalid-encryption.xml': { message: 'creation of qcow2 encrypted image is not supported', source: 'src/storage/storage_util.c virStorageBackendCreateQemuImgCmdFromVol' },
};

interface Row {
  file: string;
  kind: string;
  pool: string;
  define_ok: string;
  define_error: string;
  schema_ok: string;
  schema_error: string;
}

function readLabels(): Row[] {
  const [head, ...rows] = fs.readFileSync(path.join(fixturesDir, 'corpus', 'storage-labels.tsv'), 'utf8').trimEnd().split('\n');
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])) as unknown as Row);
}

/** libvirt's message without virsh's "error: " and the error class ("XML error: ", "unsupported configuration: " …). */
function libvirtMessage(line: string): string {
  return line.replace(/^error: /, '').replace(/^(XML error|unsupported configuration|internal error|invalid argument|numerical overflow|this function is not supported by the connection driver): /, '');
}

const service = new LanguageService({
  onRuleError: ({ ruleId, error }) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
});
const rows = readLabels();

describe('storage pool and volume XML against libvirt', () => {
  it('the labels cover libvirt\'s pool and volume test inputs and the rule fixtures', () => {
    const corpus = ['pool', 'volume'].flatMap((k) => fs.readdirSync(path.join(fixturesDir, 'corpus', k)).map((f) => `corpus/${k}/${f}`));
    const labelled = new Set(rows.map((r) => r.file));
    assert.deepEqual(
      corpus.filter((f) => !labelled.has(f)),
      [],
      'run scripts/label-storage.sh',
    );
    const ruleFixtures = fs
      .readdirSync(path.join(fixturesDir, 'rules'))
      .filter((d) => /^(pool|volume|storage)-/.test(d))
      .flatMap((d) => fs.readdirSync(path.join(fixturesDir, 'rules', d)).filter((f) => f.endsWith('.xml')).map((f) => `rules/${d}/${f}`));
    assert.deepEqual(
      ruleFixtures.filter((f) => !labelled.has(f)),
      [],
      'run scripts/label-storage.sh',
    );
    assert.ok(corpus.length >= 70, `${corpus.length} corpus files`);
  });

  it('no error on what libvirt accepts; libvirt\'s rejections flagged with its message', () => {
    const counts = { accepted: 0, acceptedClean: 0, rejected: 0, rejectedFlagged: 0, notOurs: 0, storageDriver: 0 };
    const wrong: string[] = [];
    for (const row of rows) {
      const text = fs.readFileSync(path.join(fixturesDir, row.file), 'utf8');
      const doc = service.parse(text);
      assert.equal(doc.kind?.id, row.kind, `${row.file} is a ${row.kind} document`);
      const errors = service.validate(doc).filter((d) => d.severity === 'error');
      const refused = STORAGE_DRIVER_REFUSES[row.file];
      if (refused) {
        counts.storageDriver++;
        if (row.define_ok !== '1') wrong.push(`${row.file}: the test driver now refuses it; drop it from STORAGE_DRIVER_REFUSES`);
        if (!errors.some((e) => e.message.startsWith(refused.message))) wrong.push(`${row.file}: expected the error "${refused.message}" (${refused.source})`);
        continue;
      }
      if (row.define_ok === '1') {
        counts.accepted++;
        if (errors.length === 0) counts.acceptedClean++;
        else wrong.push(`${row.file}: libvirt accepts it, yet ${errors.map((e) => `${e.ruleId}: ${e.message}`).join('; ')}`);
        continue;
      }
      counts.rejected++;
      const message = libvirtMessage(row.define_error);
      const flagged = errors.some((e) => e.message.startsWith(message));
      if (NOT_OURS[row.file]) {
        counts.notOurs++;
        if (flagged) wrong.push(`${row.file} is listed as not ours but is flagged: drop it from the list`);
      } else if (flagged) counts.rejectedFlagged++;
      else wrong.push(`${row.file}: libvirt says "${message}", we report ${errors.map((e) => `"${e.message}"`).join(', ') || 'no error'}`);
    }
    console.log(
      `storage corpus: ${counts.acceptedClean}/${counts.accepted} accepted files without an error; ${counts.rejectedFlagged}/${counts.rejected} rejected files flagged with libvirt's message (${counts.notOurs} rejections out of reach, listed with reasons); ${counts.storageDriver} accepted by the test driver but refused by the storage driver, flagged`,
    );
    assert.deepEqual(wrong, []);
    assert.equal(counts.rejectedFlagged + counts.notOurs, counts.rejected);
    assert.ok(counts.rejectedFlagged >= 20, 'the rules are exercised by libvirt\'s rejections');
  });

  it('schema validation agrees with xmllint (libvirt 10.7.0 schemas) on every file', () => {
    const dir = schemaDir('10.7.0');
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    const schemas: Record<string, CompiledSchema> = { pool: CompiledSchema.load(read, 'storagepool.rng'), volume: CompiledSchema.load(read, 'storagevol.rng') };
    const disagree: string[] = [];
    let valid = 0;
    let invalid = 0;
    for (const row of rows) {
      const text = fs.readFileSync(path.join(fixturesDir, row.file), 'utf8');
      const errors = schemas[row.kind].validate(service.parse(text).xml!);
      const ours = errors.length === 0;
      if (row.schema_ok === '1') valid++;
      else invalid++;
      if (ours !== (row.schema_ok === '1')) disagree.push(`${row.file}: xmllint ${row.schema_ok === '1' ? 'accepts' : `rejects (${row.schema_error})`}, we ${ours ? 'accept' : `report ${errors[0].message}`}`);
    }
    console.log(`storage schemas: ${valid} files valid and ${invalid} invalid for xmllint; ${disagree.length} disagreements`);
    assert.deepEqual(disagree, []);
  });

  it('the kinds name their schema start files', () => {
    const kinds = new Map(rows.map((r) => [r.kind, service.parse(fs.readFileSync(path.join(fixturesDir, r.file), 'utf8')).kind!.schema.file]));
    assert.deepEqual(Object.fromEntries(kinds), { pool: 'storagepool.rng', volume: 'storagevol.rng' });
  });
});
