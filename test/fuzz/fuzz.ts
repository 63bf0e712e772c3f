import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { LanguageService } from '../../server/src/service/languageService';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { fixturesDir, sharedDir } from '../support/fixtures';
import { exerciseService } from './entryPoints';
import { applyMutations, mutationArb } from './mutate';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Milliseconds one call may take. */
  budgetMs?: number;
}

export interface FuzzReport {
  documents: number;
  calls: number;
  slowest: { name: string; ms: number };
  failure?: string;
}

/** Seed documents: libvirt's own test domains plus this project's fixtures. */
export function seedDocuments(): string[] {
  const docs: string[] = [];
  const corpus = path.join(sharedDir, 'corpus', 'libvirt');
  if (fs.existsSync(corpus)) {
    for (const f of fs.readdirSync(corpus).sort()) if (f.endsWith('.xml')) docs.push(fs.readFileSync(path.join(corpus, f), 'utf8'));
  }
  const stack = [fixturesDir];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.xml')) docs.push(fs.readFileSync(p, 'utf8'));
    }
  }
  return docs;
}

/** True when xmldom reports an error (not a warning) for the text. */
export function xmldomRejects(text: string): boolean {
  let rejected = false;
  try {
    new DOMParser({ onError: (level: string) => void (level !== 'warning' && (rejected = true)) }).parseFromString(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'text/xml');
  } catch {
    rejected = true;
  }
  return rejected;
}

/**
 * The scan lets well-formed documents skip xmldom, so it must never accept what xmldom
 * rejects (it may reject more: XML rules that libxml2 enforces and xmldom does not).
 */
export function checkWellFormedness(text: string): void {
  if (xmldomRejects(text) && parseXml(text).syntaxError === null) {
    throw new Error('xmldom rejects the document but the scan found it well-formed');
  }
}

/** Checks the properties on one document; throws with a description on violation. */
export function checkDocument(service: LanguageService, text: string, offsets: number[], budgetMs: number): { calls: number; slowest: { name: string; ms: number } } {
  const checks = exerciseService(service, text, offsets);
  let slowest = { name: '', ms: 0 };
  for (const c of checks) {
    if (c.ms > slowest.ms) slowest = { name: c.name, ms: c.ms };
    if (c.ms > budgetMs) throw new Error(`${c.name} took ${c.ms.toFixed(0)} ms (budget ${budgetMs} ms)`);
    for (const s of c.spans) {
      if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length)) {
        throw new Error(`${c.name} returned span ${JSON.stringify(s)} outside the document (length ${text.length})`);
      }
    }
  }
  return { calls: checks.length, slowest };
}

/** A seeded, bounded fuzz run over mutated seed documents. */
export function runFuzz(opts: FuzzOptions, seeds = seedDocuments()): FuzzReport {
  const budgetMs = opts.budgetMs ?? 1000;
  const service = new LanguageService({
    onRuleError: ({ ruleId, error }) => {
      throw new Error(`rule ${ruleId} threw: ${error instanceof Error ? error.stack : String(error)}`);
    },
  });
  let documents = 0;
  let calls = 0;
  let slowest = { name: '', ms: 0 };
  const arb = fc.record({
    seed: fc.nat({ max: seeds.length - 1 }),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
    offsets: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  });
  const result = fc.check(
    fc.property(arb, ({ seed, mutations, offsets }) => {
      const text = applyMutations(seeds[seed], mutations);
      checkWellFormedness(text);
      const r = checkDocument(service, text, offsets.map((o) => o % (text.length + 1)), budgetMs);
      documents++;
      calls += r.calls;
      if (r.slowest.ms > slowest.ms) slowest = r.slowest;
    }),
    { numRuns: opts.count, seed: opts.seed, endOnFailure: true },
  );
  let failure: string | undefined;
  if (result.failed) {
    const ex = result.counterexample?.[0];
    const text = ex ? applyMutations(seeds[ex.seed], ex.mutations) : '';
    failure = `${fc.defaultReportMessage(result)}\n--- document ---\n${text.slice(0, 2000)}`;
  }
  return { documents, calls, slowest, failure };
}
