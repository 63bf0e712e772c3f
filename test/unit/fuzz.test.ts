import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { fixturesDir } from '../support/fixtures';
import { checkDocument, runFuzz } from '../fuzz/fuzz';

/** CI's bounded run: seeded, so a failure reproduces with `npm run fuzz -- --seed S --count N`. */
const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

describe('fuzzing the service', () => {
  it(`${COUNT} mutated documents: no exception, every call within 1 s, every span inside the document`, () => {
    const r = runFuzz({ count: COUNT, seed: SEED });
    console.log(`fuzz: ${r.documents} documents, ${r.calls} calls, slowest ${r.slowest.name} ${r.slowest.ms.toFixed(1)} ms`);
    assert.equal(r.failure, undefined, r.failure);
    assert.equal(r.documents, COUNT);
  });

  const dir = path.join(fixturesDir, 'fuzz-regressions');
  const service = new LanguageService({ onRuleError: ({ ruleId, error }) => assert.fail(`rule ${ruleId} threw: ${String(error)}`) });
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.xml')).sort()) {
    it(`regression ${f}`, () => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const offsets = Array.from({ length: 20 }, (_, i) => Math.floor((text.length * i) / 19));
      checkDocument(service, text, offsets, 1000);
    });
  }
});
