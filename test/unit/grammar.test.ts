import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/fixtures';

/**
 * Runs vscode-tmgrammar-test on test/grammar/*.test.xml: the injection grammar from
 * package.json on top of the XML grammar VS Code ships (the same atom/language-xml grammar,
 * packaged in tm-grammars).
 */
const tool = path.join(repoRoot, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
const xmlGrammar = path.join(repoRoot, 'node_modules', 'tm-grammars', 'grammars', 'xml.json');
const cases = fs.readdirSync(path.join(repoRoot, 'test', 'grammar')).filter((f) => f.endsWith('.test.xml'));

describe('TextMate injection grammar', () => {
  it('is contributed in package.json and injected into text.xml', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const g = pkg.contributes.grammars.find((x: { scopeName: string }) => x.scopeName === 'libvirt.domain.injection');
    assert.ok(g);
    assert.deepEqual(g.injectTo, ['text.xml']);
    const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, g.path), 'utf8'));
    assert.equal(grammar.scopeName, g.scopeName);
    assert.match(grammar.injectionSelector, /^L:meta\.tag\.xml/);
  });

  for (const file of cases) {
    it(`${file}: every scope assertion holds`, () => {
      const r = spawnSync(process.execPath, [tool, '--config', 'package.json', '-g', xmlGrammar, '--compact', path.join('test', 'grammar', file)], { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /run successful/);
    });
  }

  it('a wrong scope assertion fails (the runner really checks)', () => {
    const tmp = path.join(repoRoot, 'out', 'grammar-negative.test.xml');
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    fs.writeFileSync(tmp, `<!-- SYNTAX TEST "text.xml" "negative"\n<driver cache='unsafe'/>\n<!--           ^^^^^^ constant.language.cache-mode.safe.libvirt\n`);
    const r = spawnSync(process.execPath, [tool, '--config', 'package.json', '-g', xmlGrammar, '--compact', path.relative(repoRoot, tmp)], { cwd: repoRoot, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /invalid\.deprecated\.cache-mode\.unsafe\.libvirt/);
  });
});
