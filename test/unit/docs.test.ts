import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtinRules } from '../../server/src/service/builtinRules';
import { allRules } from '../../server/src/service/registry';
import { repoRoot } from '../support/fixtures';
import { runNode, type Run } from '../support/run';

const genDocs = (args: string[]): Promise<Run> => runNode(path.join(repoRoot, 'scripts', 'gen-docs.mjs'), args);

describe('generated rule docs', () => {
  it('README.md and docs/rules.md match the rule registry', async () => {
    const r = await genDocs(['--check']);
    assert.equal(r.code, 0, `${r.stderr}(the rule docs are stale: run \`npm run gen-docs\`)`);
  });

  it('docs/rules.md has a `## <rule-id>` anchor for every rule, as diagnostics link to it', () => {
    const md = fs.readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const r of [...allRules, ...builtinRules]) {
      assert.ok(md.includes(`\n## ${r.id}\n`), `docs/rules.md lacks ## ${r.id}: run \`npm run gen-docs\``);
      assert.ok(readme.includes(`(docs/rules.md#${r.id})`), `README.md lacks ${r.id}: run \`npm run gen-docs\``);
    }
  });

  it('--check notices a stale copy', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-docs-'));
    try {
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.copyFileSync(path.join(repoRoot, 'README.md'), path.join(dir, 'README.md'));
      const md = fs.readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
      fs.writeFileSync(path.join(dir, 'docs', 'rules.md'), md.replace(`## ${allRules[0].id}\n`, ''));
      const r = await genDocs(['--check', '--root', dir]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /docs\/rules\.md is stale: run `npm run gen-docs`/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
