import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'node:test';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { seedDocuments } from '../fuzz/fuzz';
import { applyMutations, mutationArb } from '../fuzz/mutate';
import { testSchema } from '../support/schemas';

/** Schema validation on mutated corpus documents: never throws, spans stay inside, bounded time. */
const COUNT = Number(process.env.SCHEMA_FUZZ_COUNT ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

describe('fuzzing the schema validator', () => {
  it(`${COUNT} mutated documents: no exception, spans inside the document, under 1 s each`, () => {
    const seeds = seedDocuments();
    const schema = testSchema('10.7.0');
    let flagged = 0;
    let slowest = 0;
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        const text = applyMutations(seeds[seed], mutations);
        const t0 = performance.now();
        const errors = schema.validate(parseXml(text));
        const ms = performance.now() - t0;
        slowest = Math.max(slowest, ms);
        if (errors.length) flagged++;
        assert.ok(ms < 1000, `validation took ${ms.toFixed(0)} ms`);
        for (const e of errors) {
          assert.ok(0 <= e.span.start && e.span.start <= e.span.end && e.span.end <= text.length, `span ${JSON.stringify(e.span)} outside`);
          assert.ok(e.message.length > 0);
        }
      }),
      { numRuns: COUNT, seed: SEED },
    );
    console.log(`  schema fuzz: ${COUNT} documents, ${flagged} with schema errors, slowest ${slowest.toFixed(1)} ms`);
  });
});
