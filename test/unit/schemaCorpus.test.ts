import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { sharedDir } from '../support/fixtures';
import { CompiledSchema } from '../../server/src/service/schema/validate';
import { type SchemaVersion, SCHEMA_VERSIONS, schemaDir, testSchema } from '../support/schemas';

/**
 * Agreement with libvirt's own verdicts on the whole corpus (inputs and outputs):
 * `valid` is libxml2 with the 10.7.0 schemas, `valid_libvirt9_schema` with 9.0.0.
 * Files where libxml2 is wrong (its nested-interleave bug) would be judged by libvirt's
 * parser (`virsh_define_ok`) and listed here with the reason; no corpus file needs it.
 */
const EXCEPTIONS: { file: string; version: SchemaVersion; reason: string }[] = [];

const corpus = path.join(sharedDir, 'corpus');
const sets = [
  { folder: 'libvirt', table: 'libvirt-validity.tsv' },
  { folder: 'libvirt-out', table: 'libvirt-out-validity.tsv' },
];

function readTable(file: string): Record<string, string>[] {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

for (const version of SCHEMA_VERSIONS) {
  const column = version === '10.7.0' ? 'valid' : 'valid_libvirt9_schema';
  for (const set of sets) {
    describe(`corpus ${set.folder} against the ${version} schemas`, () => {
      it(`agrees with libvirt's verdict (column ${column}) on every file`, () => {
        const rows = readTable(path.join(corpus, set.table));
        assert.ok(rows.length > 1000, 'corpus table present');
        const schema = testSchema(version);
        let acceptedClean = 0;
        let accepted = 0;
        let rejectedFlagged = 0;
        let rejected = 0;
        let virshAcceptedClean = 0;
        let virshAccepted = 0;
        const disagreements: string[] = [];
        const t0 = performance.now();
        for (const row of rows) {
          const text = fs.readFileSync(path.join(corpus, set.folder, row.file), 'utf8');
          const doc = parseXml(text);
          assert.equal(doc.syntaxError, null, `${row.file} is well-formed`);
          const errors = schema.validate(doc);
          const exception = EXCEPTIONS.find((e) => e.file === row.file && e.version === version);
          const expectValid = exception ? row.virsh_define_ok === '1' : row[column] === '1';
          if (expectValid) {
            accepted++;
            if (errors.length === 0) acceptedClean++;
          } else {
            rejected++;
            if (errors.length > 0) rejectedFlagged++;
          }
          if (version === '9.0.0' && row.virsh_define_ok === '1') {
            virshAccepted++;
            if (errors.length === 0) virshAcceptedClean++;
          }
          if ((errors.length === 0) !== expectValid) {
            disagreements.push(`${row.file}: libvirt ${expectValid ? 'accepts' : 'rejects'}, we ${errors.length ? `report ${errors[0].message}` : 'report nothing'}`);
          }
        }
        const ms = performance.now() - t0;
        console.log(
          `  ${set.folder} / ${version}: ${acceptedClean}/${accepted} accepted files with zero schema diagnostics, ` +
            `${rejectedFlagged}/${rejected} schema-rejected files flagged` +
            (version === '9.0.0' ? `, ${virshAcceptedClean}/${virshAccepted} files virsh define accepts are clean` : '') +
            `, exceptions ${EXCEPTIONS.filter((e) => e.version === version).length} (${ms.toFixed(0)} ms)`,
        );
        assert.deepEqual(disagreements, []);
      });
    });
  }
}

describe('schema messages of a file', () => {
  it('do not depend on the files validated before it (order of a run, or which thread validated them)', () => {
    // every corpus domain, and three copies with some values and texts spoiled, so that
    // messages list the values allowed (the part whose order could follow the memo's history)
    const dir = path.join(corpus, 'libvirt');
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const docs: { name: string; text: string }[] = [];
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.xml')).sort()) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      docs.push({ name: f, text });
      for (let k = 1; k <= 3; k++) {
        const spoiled = text.replace(/(=')([^']*)(')|(>)([^<>\s][^<>]*)(<\/)/g, (m, a, v, b, c, t, d) => {
          if (random() % 7 !== 0) return m;
          return a ? `${a}${random() % 2 ? 'bogus' : `${v}x`}${b}` : `${c}${random() % 2 ? 'zz' : `${t}1`}${d}`;
        });
        docs.push({ name: `${f} (${k})`, text: spoiled });
      }
    }
    const messages = (order: number[]) => {
      const schema = CompiledSchema.load((f) => fs.readFileSync(path.join(schemaDir('10.7.0'), f), 'utf8'));
      const out = new Map<string, string[]>();
      for (const i of order) out.set(docs[i].name, schema.validate(parseXml(docs[i].text)).map((e) => `${e.span.start}-${e.span.end} ${e.message}`));
      return out;
    };
    const forward = docs.map((_, i) => i);
    const a = messages(forward);
    const b = messages(forward.slice().reverse());
    let withValues = 0;
    const differing: string[] = [];
    for (const [name, list] of a) {
      if (list.some((m) => /expected one of/.test(m))) withValues++;
      if (JSON.stringify(list) !== JSON.stringify(b.get(name))) differing.push(name);
    }
    assert.ok(withValues > 1000, `only ${withValues} documents with a list of values`);
    assert.deepEqual(differing, []);
  });
});
