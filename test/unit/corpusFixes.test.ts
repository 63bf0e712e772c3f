import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { allCorpusFiles } from '../support/corpus';

/**
 * Every preferred (safe) fix on every corpus document that has one: applied alone, the result
 * must be well-formed, the fixed diagnostic must be gone and no new error-severity diagnostic
 * may appear.
 */
describe('preferred fixes on the corpus', () => {
  it('keep documents well-formed, remove their finding and add no error', () => {
    const service = new LanguageService();
    let applied = 0;
    let documents = 0;
    const problems: string[] = [];
    for (const file of allCorpusFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const doc = service.parse(text);
      const before = service.validate(doc);
      const errorsBefore = new Set(before.filter((d) => d.severity === 'error').map((d) => `${d.ruleId}|${d.message}`));
      const actions = service.allFixes(doc, {}).filter((a) => a.fix.safe);
      if (actions.length) documents++;
      for (const { diagnostic, fix } of actions) {
        applied++;
        const name = `${path.basename(file)} ${diagnostic.ruleId} "${fix.title}"`;
        const fixed = applyEdits(text, fix.edits);
        const after = service.parse(fixed);
        if (after.xml?.syntaxError) {
          problems.push(`${name}: not well-formed: ${after.xml.syntaxError.message}`);
          continue;
        }
        const diags = service.validate(after);
        // The same finding (rule and message) at the position the edits shifted it to.
        const shift = fix.edits.filter((e) => e.end <= diagnostic.span.start).reduce((n, e) => n + e.newText.length - (e.end - e.start), 0);
        if (diags.some((d) => d.ruleId === diagnostic.ruleId && d.message === diagnostic.message && d.span.start === diagnostic.span.start + shift)) problems.push(`${name}: the finding is still there`);
        for (const d of diags) if (d.severity === 'error' && !errorsBefore.has(`${d.ruleId}|${d.message}`)) problems.push(`${name}: new error ${d.ruleId}: ${d.message}`);
      }
    }
    console.log(`corpus fixes: ${applied} preferred fixes applied on ${documents} documents`);
    assert.ok(applied > 0, 'no preferred fix applies anywhere on the corpus');
    assert.deepEqual(problems, []);
  });
});
