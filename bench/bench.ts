// Times the linter in-process on ../shared/corpus/synthetic/ (median of several runs) and puts
// the numbers next to native `xmllint --relaxng` on the same files (when installed) and a plain
// @xmldom/xmldom parse, as ratios measured in the same run. Not a test: it reports, never fails.
import { DOMParser } from '@xmldom/xmldom';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LanguageService } from '../server/src/service';

function findRepoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found');
    dir = up;
  }
  return dir;
}

const repoRoot = findRepoRoot();
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const corpusDir = path.join(sharedDir, 'corpus', 'synthetic');
const rng = path.join(sharedDir, 'schemas', 'libvirt', '10.7.0', 'domain.rng');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time of `fn` in ms, after one warm-up call. */
function time(runs: number, fn: () => void): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
}

interface Row {
  file: string;
  bytes: number;
  disks: number;
  diagnostics: number;
  lintMs: number;
  parseMs: number;
  xmllintMs: number | null;
  xmllintValid: boolean | null;
  lintToXmllint: number | null;
  lintToParse: number;
}

function main(): void {
  if (!fs.existsSync(corpusDir)) {
    console.error(`bench: ${corpusDir} not found (the shared data must sit next to the repository)`);
    process.exitCode = 2;
    return;
  }
  const xmllint = hasXmllint() && fs.existsSync(rng);
  if (!xmllint) console.log('xmllint or the libvirt schema is not available: the xmllint column stays empty (apt-get install libxml2-utils).');
  const service = new LanguageService();
  const files = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.xml'))
    .sort((a, b) => fs.statSync(path.join(corpusDir, a)).size - fs.statSync(path.join(corpusDir, b)).size);
  const rows: Row[] = [];
  for (const name of files) {
    const file = path.join(corpusDir, name);
    const text = fs.readFileSync(file, 'utf8');
    const runs = text.length > 1_000_000 ? 5 : text.length > 100_000 ? 9 : 21;
    let diagnostics = 0;
    let disks = 0;
    // what the editor does per document version: one parse, then every rule
    const lintMs = time(runs, () => {
      const doc = service.parse(text);
      disks = doc.model?.disks.length ?? 0;
      diagnostics = service.validate(doc).length;
    });
    const parseMs = time(runs, () => {
      new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
    });
    let xmllintMs: number | null = null;
    let xmllintValid: boolean | null = null;
    if (xmllint) {
      xmllintMs = time(Math.min(runs, 9), () => {
        xmllintValid = spawnSync('xmllint', ['--noout', '--relaxng', rng, file], { stdio: 'ignore' }).status === 0;
      });
    }
    rows.push({
      file: name,
      bytes: Buffer.byteLength(text),
      disks,
      diagnostics,
      lintMs,
      parseMs,
      xmllintMs,
      xmllintValid,
      lintToXmllint: xmllintMs === null ? null : lintMs / xmllintMs,
      lintToParse: lintMs / parseMs,
    });
  }

  const f = (n: number | null, d = 2) => (n === null ? '-' : n.toFixed(d));
  const header = ['file', 'bytes', 'disks', 'diags', 'lint ms', 'xmldom parse ms', 'xmllint --relaxng ms', 'lint/xmllint', 'lint/parse'];
  const table = rows.map((r) => [r.file, String(r.bytes), String(r.disks), String(r.diagnostics), f(r.lintMs), f(r.parseMs), f(r.xmllintMs), f(r.lintToXmllint), f(r.lintToParse)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log('lint = parse + model + all rules, in-process, median; xmllint includes its process start and schema load.');

  const outDir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.join(outDir, `bench-${stamp}.json`);
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, rules: service.rules.length, xmllintSchema: xmllint ? 'libvirt 10.7.0 domain.rng' : null, rows }, null, 2) + '\n');
  console.log(`wrote ${path.relative(repoRoot, out)}`);
}

main();
