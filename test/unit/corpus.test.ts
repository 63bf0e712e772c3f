import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { sharedDir } from '../support/fixtures';

/**
 * Every rule over libvirt's own test domains (../shared/corpus): no rule may throw, and no
 * error-level diagnostic may appear on a file that libvirt's QEMU driver defines without error
 * (`qemu_embed_define_ok` = 1 in libvirt-validity.tsv). Prints per-rule counts.
 */
const corpusDir = path.join(sharedDir, 'corpus');
const folders = ['libvirt', 'libvirt-out'];

function definedOk(): Set<string> {
  const ok = new Set<string>();
  const tsv = fs.readFileSync(path.join(corpusDir, 'libvirt-validity.tsv'), 'utf8').split('\n');
  const header = tsv[0].split('\t');
  const fileCol = header.indexOf('file');
  const okCol = header.indexOf('qemu_embed_define_ok');
  assert.ok(fileCol >= 0 && okCol >= 0, 'libvirt-validity.tsv lacks the expected columns');
  for (const line of tsv.slice(1)) {
    const cols = line.split('\t');
    if (cols[okCol] === '1') ok.add(cols[fileCol]);
  }
  return ok;
}

describe('corpus', { skip: !fs.existsSync(corpusDir) && `no corpus at ${corpusDir}` }, () => {
  it('lints every libvirt test domain without exceptions, and without errors on domains libvirt defines', () => {
    const failures: string[] = [];
    const service = new LanguageService({ onRuleError: ({ ruleId, error }) => failures.push(`${ruleId}: ${String(error)}`) });
    const defined = definedOk();
    assert.ok(defined.size > 100, 'too few domains marked as defined by libvirt');
    const perRule = new Map<string, { files: number; diagnostics: number }>();
    const wrongErrors: string[] = [];
    let files = 0;
    for (const folder of folders) {
      for (const name of fs.readdirSync(path.join(corpusDir, folder)).filter((f) => f.endsWith('.xml')).sort()) {
        files++;
        const text = fs.readFileSync(path.join(corpusDir, folder, name), 'utf8');
        const before = failures.length;
        let diags;
        try {
          const doc = service.parse(text);
          diags = service.validate(doc);
          service.allFixes(doc, {});
        } catch (error) {
          failures.push(`${folder}/${name}: ${String(error)}`);
          continue;
        }
        if (failures.length > before) failures[failures.length - 1] += ` (in ${folder}/${name})`;
        const seen = new Set<string>();
        for (const d of diags) {
          const s = perRule.get(d.ruleId) ?? { files: 0, diagnostics: 0 };
          s.diagnostics++;
          if (!seen.has(d.ruleId)) s.files++;
          seen.add(d.ruleId);
          perRule.set(d.ruleId, s);
          if (folder === 'libvirt' && d.severity === 'error' && defined.has(name)) wrongErrors.push(`${name}: ${d.ruleId}: ${d.message}`);
        }
      }
    }
    const table = [...perRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, s]) => `  ${id}: ${s.diagnostics} diagnostics in ${s.files} files`);
    console.log(`corpus: ${files} files\n${table.join('\n')}`);
    assert.ok(files > 2000, `only ${files} corpus files`);
    assert.deepEqual(failures, [], 'no rule may throw');
    assert.deepEqual(wrongErrors, [], 'no error on a domain libvirt defines');
  });
});
