import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/service/registry';
import { repoRoot } from '../support/fixtures';

// scripts/ruleDocs.mjs: the command line's bundle leaves the rules' documentation text out.
type DocsLiterals = (text: string) => [number, number][];
const load = async (): Promise<DocsLiterals> => ((await import(pathToFileURL(path.join(repoRoot, 'scripts', 'ruleDocs.mjs')).href)) as { docsLiterals: DocsLiterals }).docsLiterals;

describe('rule docs left out of the command line', () => {
  it('finds the docs literal of a property in code, not in comments, strings, templates or regular expressions', async () => {
    const docsLiterals = await load();
    const text = [
      '// docs: `in a comment`',
      '/* docs: `in a block comment` */',
      "const s = 'docs: `in a string`';",
      'const t = `docs: ${"`"} in a template`;',
      'const r = /docs: `in a regexp`/;',
      'const d = a! / b; const e = c.docs;',
      'export const rule = {',
      "  title: 'x',",
      '  docs: `First line with \\`code\\` and ${TWO} parts',
      'second line`,',
      '  check() { return /`/.test(this.docs) ? `${`nested`}` : 1; },',
      '};',
    ].join('\n');
    const spans = docsLiterals(text);
    assert.equal(spans.length, 1);
    const [start, end] = spans[0];
    assert.equal(text.slice(start, end), '`First line with \\`code\\` and ${TWO} parts\nsecond line`');
  });

  it('fails on what it cannot lex, instead of guessing', async () => {
    const docsLiterals = await load();
    assert.throws(() => docsLiterals('const rule = { docs: `never closed'), /unterminated template/);
    assert.throws(() => docsLiterals("const x = 'open\n';"), /unterminated string/);
  });

  it('finds every rule docs of the repository, one per rule module', async () => {
    const docsLiterals = await load();
    let found = 0;
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const text = fs.readFileSync(p, 'utf8');
          const spans = docsLiterals(text);
          assert.equal(spans.length, (text.match(/\bdocs:\s*`/g) ?? []).length, p);
          found += spans.length;
        }
      }
    };
    for (const dir of ['server/src', 'cli/src', 'client/src']) walk(path.join(repoRoot, dir));
    // every rule of the registry, and the built-in ones of builtinRules.ts
    assert.ok(found >= allRules.length, `${found} docs for ${allRules.length} rules`);
  });

  it('dist/cli-main.js (npm run build) holds no rule documentation, and still every rule', () => {
    const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'cli-main.js'), 'utf8');
    const server = fs.readFileSync(path.join(repoRoot, 'dist', 'server.js'), 'utf8');
    // a sentence of a rule's docs: in the server's bundle, not in the command line's
    const rule = allRules.find((r) => r.docs.length > 200)!;
    const sentence = rule.docs.split('\n')[0].slice(0, 40);
    assert.ok(server.includes(sentence.replace(/`/g, '\\`')) || server.includes(sentence), `the server bundle lacks "${sentence}"`);
    assert.ok(!bundle.includes(sentence) && !bundle.includes(sentence.replace(/`/g, '\\`')), `the command line bundle has "${sentence}"`);
    for (const r of allRules) assert.ok(bundle.includes(`"${r.id}"`), r.id);
  });
});
