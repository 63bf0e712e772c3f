import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { CompiledSchema } from '../../server/src/service/schema/validate';
import { SNIPPETS, snippetCompletions } from '../../server/src/service/snippetCompletion';
import { repoRoot } from '../support/fixtures';
import { schemaDir } from '../support/schemas';
import { expandSnippet, hasXmllint as xmllint, lintProblems, type SnippetJson } from '../support/snippets';

type Snippet = SnippetJson;

const file: Record<string, Snippet> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'client', 'snippets', 'libvirt-storage.json'), 'utf8'));
const service = new LanguageService();
const expanded = (s: Snippet) => expandSnippet(Array.isArray(s.body) ? s.body.join('\n') : s.body).replace(/\t/g, '  ') + '\n';
const SCHEMA = { pool: 'storagepool.rng', volume: 'storagevol.rng' } as const;

const problems = (text: string): string[] => lintProblems(service, text);

describe('storage snippets', () => {
  const names = Object.keys(file);

  it('the pools and volumes the issue asks for are there: dir, logical, iscsi, netfs pools; qcow2 and raw volumes', () => {
    const prefixes = names.flatMap((n) => [file[n].prefix].flat());
    for (const want of ['libvirt-pool-dir', 'libvirt-pool-logical', 'libvirt-pool-iscsi', 'libvirt-pool-netfs', 'libvirt-volume-qcow2', 'libvirt-volume-raw']) assert.ok(prefixes.includes(want), want);
    for (const n of names) assert.ok(file[n].description.length > 30, n);
    const all = SNIPPETS.flatMap((s) => s.prefixes);
    assert.equal(new Set(all).size, all.length, 'prefixes are unique across the snippet files');
  });

  const schemas = (() => {
    const dir = schemaDir('10.7.0');
    if (!fs.existsSync(dir)) return null;
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    return { pool: CompiledSchema.load(read, SCHEMA.pool), volume: CompiledSchema.load(read, SCHEMA.volume) };
  })();

  for (const name of names) {
    it(`${name}: expanded with its defaults, it is a clean ${/^<(\w+)/.exec(expanded(file[name]))?.[1]} document, schema-valid`, () => {
      const text = expanded(file[name]);
      const doc = service.parse(text);
      assert.equal(doc.xml?.syntaxError, null);
      assert.ok(doc.kind?.id === 'pool' || doc.kind?.id === 'volume', doc.kind?.id);
      assert.deepEqual(problems(text), []);
      if (schemas) assert.deepEqual(schemas[doc.kind.id as 'pool' | 'volume'].validate(doc.xml!).map((e) => e.message), []);
    });

    it(`${name}: offered in a new file and accepted from completion, the document lints clean`, () => {
      const snippet = SNIPPETS.find((s) => s.name === name)!;
      const entry = snippetCompletions(service.parse('<').xml!, 1, { snippets: false }).find((e) => e.snippet === snippet);
      assert.ok(entry, 'offered in an empty document');
      const text = applyEdits('<', [entry.edit]).replace(/\t/g, '  ');
      assert.deepEqual(problems(text), []);
      // Not offered inside another document.
      assert.deepEqual(snippetCompletions(service.parse("<pool type='dir'>\n  \n</pool>\n").xml!, 20, { snippets: false }).map((e) => e.label), []);
    });
  }

  it("the expanded snippets validate against libvirt 10.7.0's RNG schemas (xmllint)", { skip: !xmllint || !schemas ? 'xmllint or the shared schemas are missing' : false }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-snippets-'));
    try {
      for (const [i, name] of names.entries()) {
        const text = expanded(file[name]);
        const kind = text.startsWith('<pool') ? 'pool' : 'volume';
        const f = path.join(dir, `s${i}.xml`);
        fs.writeFileSync(f, text);
        try {
          execFileSync('xmllint', ['--noout', '--relaxng', path.join(schemaDir('10.7.0'), SCHEMA[kind]), f], { stdio: 'pipe' });
        } catch (e) {
          assert.fail(`${name}: ${String((e as { stderr?: Buffer }).stderr ?? e)}`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
