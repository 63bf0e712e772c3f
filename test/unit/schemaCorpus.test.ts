import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { sharedDir } from '../support/fixtures';
import { type SchemaVersion, SCHEMA_VERSIONS, testSchema } from '../support/schemas';

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
