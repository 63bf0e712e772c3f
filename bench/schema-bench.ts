/**
 * Schema validation timings next to native xmllint in the same run (a report, not a gate):
 * schema compile time, a typical domain and the 5000-disk synthetic domain, cold and after
 * an edit (parse + validate, as the worker does), and the whole corpus.
 * Usage: npm run bench:schema [-- --schemas DIR] [-- --runs N]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseXml } from '../server/src/service/parse/parseXml';
import { CompiledSchema } from '../server/src/service/schema/validate';
import { repoRoot, sharedDir } from '../test/support/fixtures';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const schemaDir = arg('--schemas') ?? path.join(sharedDir, 'schemas', 'libvirt', '10.7.0');
const runs = Number(arg('--runs') ?? 30);

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms`;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

function xmllintMs(file: string, n: number): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    try {
      execFileSync('xmllint', ['--noout', '--relaxng', path.join(schemaDir, 'domain.rng'), file], { stdio: 'pipe' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    }
    out.push(performance.now() - t0);
  }
  return out;
}

/** A different but equivalent text each time, as after typing in the editor. */
function edited(text: string, i: number): string {
  return text.replace(/<memory unit='KiB'>(\d+)<\/memory>/, (_m, n: string) => `<memory unit='KiB'>${Number(n) + i + 1}</memory>`);
}

const reader = (f: string): string => fs.readFileSync(path.join(schemaDir, f), 'utf8');
const [schema, compileMs] = time(() => CompiledSchema.load(reader));
console.log(`schemas: ${path.relative(repoRoot, schemaDir) || schemaDir}`);
console.log(`compile domain.rng and includes: ${compileMs.toFixed(0)} ms`);

const synthetic = path.join(sharedDir, 'corpus', 'synthetic');
const cases = [
  { label: 'typical domain (1 disk, 1.5 KB)', file: path.join(synthetic, 'synthetic-disks-1.xml'), n: runs },
  { label: '50 disks (19 KB)', file: path.join(synthetic, 'synthetic-disks-50.xml'), n: runs },
  { label: '5000 disks (1.8 MB)', file: path.join(synthetic, 'synthetic-disks-5000.xml'), n: Math.max(3, Math.floor(runs / 5)) },
];
for (const c of cases) {
  const text = fs.readFileSync(c.file, 'utf8');
  const [errs, cold] = time(() => schema.validate(parseXml(text)));
  const warm: number[] = [];
  const parseOnly: number[] = [];
  const validateOnly: number[] = [];
  for (let i = 0; i < c.n; i++) {
    const next = edited(text, i);
    const [doc, p] = time(() => parseXml(next));
    const v = time(() => schema.validate(doc))[1];
    parseOnly.push(p);
    validateOnly.push(v);
    warm.push(p + v);
  }
  const native = xmllintMs(c.file, Math.min(c.n, 10));
  console.log(`\n${c.label}: ${errs.length} schema errors`);
  console.log(`  first validation (cold):         ${cold.toFixed(1)} ms`);
  console.log(`  after an edit (parse + validate): ${stats(warm)}`);
  console.log(`    parse:                           ${stats(parseOnly)}`);
  console.log(`    validate:                        ${stats(validateOnly)}`);
  console.log(`  native xmllint --relaxng process: ${native ? stats(native) : 'xmllint not installed'}`);
}

for (const folder of ['libvirt', 'libvirt-out']) {
  const dir = path.join(sharedDir, 'corpus', folder);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml'));
  const texts = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const [invalid, ms] = time(() => texts.filter((t) => schema.validate(parseXml(t)).length > 0).length);
  console.log(`\ncorpus ${folder}: ${files.length} files in ${ms.toFixed(0)} ms (${((ms / files.length) * 1000).toFixed(0)} µs a file), ${invalid} with schema errors`);
}
