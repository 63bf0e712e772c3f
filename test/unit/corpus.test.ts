import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { allCorpusFiles, corpusDir, qemuAcceptedInputs } from '../support/corpus';

/**
 * The corpus rule: libvirt's own test domains are the ground truth for "no false error". A file
 * that libvirt's QEMU driver accepted must not get an error-severity diagnostic from any rule.
 */
describe('libvirt corpus', () => {
  const failures: string[] = [];
  const service = new LanguageService({ onRuleError: ({ ruleId, error }) => failures.push(`${ruleId}: ${String(error)}`) });

  it('no rule throws on any corpus document (inputs and outputs)', () => {
    const files = allCorpusFiles();
    assert.ok(files.length > 2500, `corpus not found under ${corpusDir}`);
    for (const file of files) {
      const before = failures.length;
      service.validate(service.parse(fs.readFileSync(file, 'utf8')));
      if (failures.length > before) failures.push(`  in ${path.basename(file)}`);
    }
    assert.deepEqual(failures, []);
  });

  it('no error-severity diagnostic on a file that the QEMU driver accepted', () => {
    const files = qemuAcceptedInputs();
    assert.ok(files.length > 500, 'expected several hundred accepted inputs');
    const bad: string[] = [];
    for (const file of files) {
      const diags = service.validate(service.parse(fs.readFileSync(file, 'utf8')));
      for (const d of diags) if (d.severity === 'error') bad.push(`${path.basename(file)}: ${d.ruleId}: ${d.message}`);
    }
    console.log(`corpus: ${files.length} accepted inputs, ${bad.length} false errors`);
    assert.deepEqual(bad, []);
  });
});
