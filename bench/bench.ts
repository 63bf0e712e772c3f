// `npm run bench`: every speed and size figure of the project in one run, each next to its
// target, as ratios against references measured in the same run (a plain @xmldom/xmldom
// parse, native `xmllint --relaxng`). Not a test: it reports, never fails. Writes the
// figures to bench/results/bench-<date>.json for comparison between commits.
import { DOMParser } from '@xmldom/xmldom';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER_EXEC_ARGV } from '../server/src/protocol';
import { LanguageService } from '../server/src/service';
import { DomainModel } from '../server/src/service/kinds/domain/model/domain';
import { corpusDir, file5000, repoRoot, rngPath } from './fixtures';
import type { EditLatency, requestLatency } from './lsp';
import { serverMemory } from './memory';
import { childrenCpuMs, cpuTime, machineLoad, MB, median, time } from './stats';
import { cachedFigures, cliFigures, printFigures, xmllintAvailable } from './cliProcess';

interface Check {
  section: string;
  figure: string;
  value: number | null;
  unit: string;
  op: '<=';
  target: number;
  /** null when the figure could not be measured (the note says why). */
  met: boolean | null;
  note?: string;
}

const checks: Check[] = [];
/** How long the memory runs wait after the last edit before the at-rest sample. */
const IDLE_MS = 15_000;
function check(section: string, figure: string, value: number | null, unit: string, target: number, note?: string): void {
  checks.push({ section, figure, value, unit, op: '<=', target, met: value === null ? null : value <= target, note });
}

function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
}

const f = (n: number | null | undefined, d = 2) => (n === null || n === undefined ? '-' : n.toFixed(d));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

interface LintRow {
  file: string;
  bytes: number;
  disks: number;
  diagnostics: number;
  lintMs: number;
  parseMs: number;
  xmllintMs: number | null;
  xmllintValid: boolean | null;
  lintToParse: number;
  lintToXmllint: number | null;
  /** CPU time (user + system), a steadier figure than wall time on a busy machine. */
  lintCpuMs: number;
  parseCpuMs: number;
  xmllintCpuMs: number | null;
}

/** 1 and 2: full lint vs an xmldom parse and vs xmllint --relaxng, per synthetic file. */
function lintFigures(): { rows: LintRow[]; xmllint: boolean } {
  const xmllint = hasXmllint() && fs.existsSync(rngPath);
  const service = new LanguageService();
  const files = fs
    .readdirSync(corpusDir)
    .filter((name) => name.endsWith('.xml'))
    .sort((a, b) => fs.statSync(path.join(corpusDir, a)).size - fs.statSync(path.join(corpusDir, b)).size);
  const rows: LintRow[] = [];
  for (const name of files) {
    const file = path.join(corpusDir, name);
    const text = fs.readFileSync(file, 'utf8');
    const runs = text.length > 1_000_000 ? 11 : text.length > 100_000 ? 21 : 51;
    let diagnostics = 0;
    let disks = 0;
    // What the server does per document version: one parse, then every rule.
    const lint = () => {
      const doc = service.parse(text);
      disks = doc.model instanceof DomainModel ? doc.model.disks.length : 0;
      diagnostics = service.validate(doc).length;
    };
    const parse = () => {
      new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
    };
    // Interleaved rounds, so that machine load during the run hits both figures alike.
    const lintTimes: number[] = [];
    const parseTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      lintTimes.push(time(Math.ceil(runs / 3), lint));
      parseTimes.push(time(Math.ceil(runs / 3), parse));
    }
    const lintMs = median(lintTimes);
    const parseMs = median(parseTimes);
    const lintCpuMs = cpuTime(Math.ceil(runs / 3), lint);
    const parseCpuMs = cpuTime(Math.ceil(runs / 3), parse);
    let xmllintMs: number | null = null;
    let xmllintValid: boolean | null = null;
    let xmllintCpuMs: number | null = null;
    if (xmllint) {
      const xruns = Math.min(runs, 9);
      const c0 = childrenCpuMs();
      xmllintMs = time(xruns, () => {
        xmllintValid = spawnSync('xmllint', ['--noout', '--relaxng', rngPath, file], { stdio: 'ignore' }).status === 0;
      });
      const c1 = childrenCpuMs();
      if (c0 !== null && c1 !== null) xmllintCpuMs = (c1 - c0) / (xruns + 1);
    }
    rows.push({ file: name, bytes: Buffer.byteLength(text), disks, diagnostics, lintMs, parseMs, xmllintMs, xmllintValid, lintToParse: lintMs / parseMs, lintToXmllint: xmllintMs === null ? null : lintMs / xmllintMs, lintCpuMs, parseCpuMs, xmllintCpuMs });
  }
  return { rows, xmllint };
}

/** 3 and 4 in a child process (bench/latencyChild.ts) started as the extension starts the server. */
function latencyFigures(edits: number): { execArgv: string[]; small: EditLatency; big: EditLatency; requests: Awaited<ReturnType<typeof requestLatency>> } | null {
  const r = spawnSync(process.execPath, [...SERVER_EXEC_ARGV, path.join(__dirname, 'latencyChild.js'), String(edits)], { encoding: 'utf8', timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
  const line = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !line) {
    console.log(`latency child failed (status ${r.status}): ${(r.stderr ?? '').trim().slice(0, 2000)}`);
    return null;
  }
  return JSON.parse(line);
}

/** 6: activation in fresh processes (median of several), bundle sizes. */
function activationFigures(): { runs: { loadMs: number; activateMs: number; activateCpuMs: number; clientConstructedMs: number | null; error: string | null }[]; activateMs: number | null; activateCpuMs: number | null; bundles: Record<string, number> } {
  const child = path.join(__dirname, 'activationChild.js');
  const runs = [];
  for (let i = 0; i < 7; i++) {
    const r = spawnSync(process.execPath, [child, repoRoot], { encoding: 'utf8', timeout: 30_000 });
    const line = r.stdout.trim().split('\n').pop();
    if (r.status === 0 && line) runs.push(JSON.parse(line));
  }
  const ok = runs.filter((r) => r.error === null && r.clientConstructedMs !== null);
  const bundles: Record<string, number> = {};
  for (const name of fs.readdirSync(path.join(repoRoot, 'dist')).sort()) {
    if (name.endsWith('.js')) bundles[name] = fs.statSync(path.join(repoRoot, 'dist', name)).size;
  }
  return { runs, activateMs: ok.length ? median(ok.map((r) => r.activateMs)) : null, activateCpuMs: ok.length ? median(ok.map((r) => r.activateCpuMs)) : null, bundles };
}

async function main(): Promise<void> {
  if (!fs.existsSync(corpusDir)) {
    console.error(`bench: ${corpusDir} not found (the shared data must sit next to the repository)`);
    process.exitCode = 2;
    return;
  }
  const started = Date.now();
  const loadBefore = machineLoad();
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, loadBefore };
  console.log(`machine: ${loadBefore.cores} cores, 1-minute load average ${f(loadBefore.load1, 1)}${loadBefore.load1 > loadBefore.cores ? ' (busier than its cores: wall times are inflated; CPU-time ratios are printed too)' : ''}\n`);

  console.log('1-2. Full lint (parse + model + all rules, in-process, median) vs an @xmldom/xmldom parse and native xmllint --relaxng');
  const { rows, xmllint } = lintFigures();
  results.lint = rows;
  console.log(
    table(
      ['file', 'bytes', 'disks', 'diags', 'lint ms', 'xmldom ms', 'xmllint ms', 'lint/xmldom', 'lint/xmllint', 'cpu: lint/xmldom', 'lint/xmllint'],
      rows.map((r) => [r.file, String(r.bytes), String(r.disks), String(r.diagnostics), f(r.lintMs), f(r.parseMs), f(r.xmllintMs), f(r.lintToParse), f(r.lintToXmllint), f(r.lintCpuMs / r.parseCpuMs), r.xmllintCpuMs ? f(r.lintCpuMs / r.xmllintCpuMs) : '-']),
    ),
  );
  console.log('Wall-time medians; the cpu columns divide CPU times (user + system; xmllint\'s from the kernel\'s child accounting, 10 ms ticks).');
  console.log('xmllint = `xmllint --noout --relaxng schemas/libvirt/10.7.0/domain.rng FILE`: its process start and schema load included, as a user runs it.');
  if (!xmllint) console.log('xmllint or the libvirt schema is not available: figure 2 is skipped (apt-get install libxml2-utils).');
  for (const r of rows) check('1 lint vs parse', `lint/xmldom-parse ${r.file}`, r.lintToParse, '×', 1.5);
  const big = rows.find((r) => r.file === path.basename(file5000));
  check('2 lint vs xmllint', `lint/xmllint-relaxng ${path.basename(file5000)}`, big?.lintToXmllint ?? null, '×', 0.25, xmllint ? undefined : 'xmllint missing');
  if (big?.xmllintCpuMs) check('2 lint vs xmllint', `  same in CPU time (${f(big.lintCpuMs, 0)} vs ${f(big.xmllintCpuMs, 0)} ms)`, big.lintCpuMs / big.xmllintCpuMs, '×', 0.25);

  console.log(`\n3. Edit-to-diagnostics through the language server (in-process client, real startServer, debounce 0 so none is included), in a fresh node ${SERVER_EXEC_ARGV.join(' ')} process`);
  const edits = 60;
  const latency = latencyFigures(edits);
  if (!latency) {
    check('3 edit latency', 'p95 edit→diagnostics, 300-line domain', null, 'ms', 15, 'measurement failed');
    check('3 edit latency', 'p95 edit→diagnostics, 5000 disks', null, 'ms', 250, 'measurement failed');
  } else {
    const { small: latSmall, big: latBig, requests } = latency;
    results.editLatency = { debounceMs: 0, execArgv: latency.execArgv, small: latSmall, big: latBig };
    console.log(
      table(
        ['document', 'lines', 'edits', 'p50 ms', 'p95 ms', 'max ms', 'cpu ms/edit'],
        [
          ['~300-line domain (synthetic-50, disks cut)', String(latSmall.lines), String(edits), f(latSmall.p50), f(latSmall.p95), f(latSmall.max), f(latSmall.cpuPerEdit)],
          ['synthetic-disks-5000.xml', String(latBig.lines), String(edits), f(latBig.p50), f(latBig.p95), f(latBig.max), f(latBig.cpuPerEdit)],
        ],
      ),
    );
    console.log('Each edit types or deletes one space at the start of a random line (incremental didChange) and waits for that version\'s publishDiagnostics.');
    check('3 edit latency', `p95 edit→diagnostics, ${latSmall.lines}-line domain`, latSmall.p95, 'ms', 15);
    check('3 edit latency', 'p95 edit→diagnostics, 5000 disks', latBig.p95, 'ms', 250);

    console.log('\n4. Hover and completion at 50 random positions of the 5000-disk file (document parsed, round trip through the server; same process as 3)');
    results.requests = requests;
    for (const [name, r] of Object.entries(requests)) {
      if (!r.available) console.log(`${name}: not available (the server does not advertise it)`);
      else console.log(`${name}: p50 ${f(r.p50)} ms, p95 ${f(r.p95)} ms, max ${f(r.max)} ms, ${r.answered}/${r.requests} positions answered`);
      check('4 hover/completion', `p95 ${name}, 5000 disks`, r.available ? r.p95 : null, 'ms', 10, r.available ? undefined : 'not available');
    }
  }

  console.log(`\n5. Server memory: dist/server.js --stdio in a child process, the 5000-disk file open, 200 edits (each awaited; debounce 0 via LIBVIRT_XML_DEBOUNCE_MS), then ${IDLE_MS / 1000} s idle`);
  console.log(`"as VS Code starts it" = node ${SERVER_EXEC_ARGV.join(' ')} dist/server.js (SERVER_EXEC_ARGV in server/src/protocol.ts); "plain node" = node dist/server.js, as other editors start it unless told otherwise.`);
  console.log('The schema worker reads the compiled schema from the cache directory it shares with the command line, and stores it there on its first start: "first start" runs with an empty one, the others with the one that start filled.');
  const big5000 = fs.readFileSync(file5000, 'utf8');
  const serverCache = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-bench-server-cache-'));
  const memoryRuns: Record<string, Awaited<ReturnType<typeof serverMemory>>> = {};
  try {
    memoryRuns['schema validation on (default), as VS Code starts it, first start'] = await serverMemory(big5000, 200, 100, 0, undefined, SERVER_EXEC_ARGV, IDLE_MS, serverCache);
    memoryRuns['schema validation on (default), as VS Code starts it'] = await serverMemory(big5000, 200, 100, 0, undefined, SERVER_EXEC_ARGV, IDLE_MS, serverCache);
    memoryRuns['schema validation off, as VS Code starts it'] = await serverMemory(big5000, 200, 100, 0, { schema: { enable: false } }, SERVER_EXEC_ARGV, IDLE_MS, serverCache);
    memoryRuns['schema validation on (default), plain node'] = await serverMemory(big5000, 200, 100, 0, undefined, [], IDLE_MS, serverCache);
  } finally {
    fs.rmSync(serverCache, { recursive: true, force: true });
  }
  results.memory = memoryRuns;
  results.memoryGrowthMB = {};
  for (const [run, memory] of Object.entries(memoryRuns)) {
    console.log(`${run}:`);
    console.log(
      table(
        ['state', 'rss MB', 'heapUsed MB', 'heapTotal MB', 'rss after gc MB', 'heap after gc MB'],
        memory.map((m) => [m.label, f(m.rss / MB, 1), f(m.heapUsed / MB, 1), f(m.heapTotal / MB, 1), f(m.rssAfterGc / MB, 1), f(m.heapUsedAfterGc / MB, 1)]),
      ),
    );
    const at = (edits: number) => memory.find((m) => m.edits === edits && m.label.startsWith('after'));
    const m100 = at(100);
    const m200 = at(200);
    const typing = memory.filter((m) => !m.label.endsWith('idle'));
    const maxRss = Math.max(...typing.map((m) => m.rss));
    check('5 memory', `server RSS, 5000 disks, highest sample to 200 edits, ${run}`, maxRss / MB, 'MB', 120);
    const rest = memory.find((m) => m.label.endsWith('idle'));
    if (rest) check('5 memory', `  same, ${IDLE_MS / 1000} s after the last edit`, rest.rss / MB, 'MB', 120);
    if (m100 && m200) {
      // Growth trend: what survives a full GC must not keep rising with edits.
      const growth = (m200.heapUsedAfterGc - m100.heapUsedAfterGc) / MB;
      check('5 memory', `heap growth after GC, edits 100→200, ${run}`, growth, 'MB', 2);
      (results.memoryGrowthMB as Record<string, unknown>)[run] = { heapAfterGc: growth, rssAfterGc: (m200.rssAfterGc - m100.rssAfterGc) / MB };
      console.log(`growth from 100 to 200 edits: heap after GC ${f(growth, 2)} MB, RSS after GC ${f((m200.rssAfterGc - m100.rssAfterGc) / MB, 1)} MB`);
    }
  }
  console.log('heap = the main thread\'s V8 heap; RSS also holds the schema worker thread\'s heap and garbage V8 has not yet collected.');

  console.log('\n6. Extension activation and bundle sizes');
  const activation = activationFigures();
  results.activation = activation;
  if (activation.activateMs === null) console.log(`activation: could not be measured (${activation.runs.map((r) => r.error).join('; ') || 'child failed'})`);
  else console.log(`activation: median ${f(activation.activateMs, 1)} ms wall, ${f(activation.activateCpuMs, 1)} ms CPU, over ${activation.runs.length} fresh processes (from require of dist/extension.js, with a stand-in vscode module, until activate() has constructed the LanguageClient and called start())`);
  check('6 activation', 'activate() until the client is constructed', activation.activateMs, 'ms', 150);
  for (const [name, bytes] of Object.entries(activation.bundles)) {
    console.log(`${name}: ${f(bytes / 1024, 0)} KB`);
    if (name === 'server.js' || name === 'extension.js') check('6 bundles', `dist/${name} (as built by npm run build, not minified)`, bytes / MB, 'MB', 1);
  }

  console.log('\n7. The command line as a user runs it: whole processes of node dist/cli.js --schema DIR FILES… alternating with `xmllint --noout --relaxng domain.rng FILES…` (10.7.0 schemas)');
  console.log('The CLI keeps its cache directory (XDG_CACHE_HOME, a fresh one per figure) between runs, as a user\'s does; NODE_EXTRA_CA_CERTS, which this build machine sets for its proxy, is removed from its environment (with it every node process reads a CA bundle before any script runs).');
  if (!xmllintAvailable()) {
    for (const figure of ['one typical domain', '300-domain batch', '5000 disks']) check('7 command line', `CLI/xmllint whole process, ${figure}`, null, '×', 1, 'xmllint or the schemas missing');
  } else {
    const figures = cliFigures(9);
    results.commandLine = figures;
    printFigures(figures);
    for (const r of figures) {
      check('7 command line', `CLI/xmllint whole process (wall), ${r.label}`, r.wallRatio, '×', r.target, undefined);
      if (r.cpuRatio !== null) check('7 command line', `  same in CPU time (${f(r.cliCpuMs, 0)} vs ${f(r.xmllintCpuMs, 0)} ms; load ${f(r.load1, 1)})`, r.cpuRatio, '×', r.target);
    }
    console.log('With --cache (each file\'s findings kept between runs; not in the summary, whose targets are for runs without it):');
    const cached = cachedFigures(9);
    results.commandLineCached = cached;
    printFigures(cached, false);
  }

  console.log('\nSummary: figure vs target');
  console.log(
    table(
      ['figure', 'value', 'target', 'met'],
      checks.map((c) => [c.figure, c.value === null ? (c.note ?? '-') : `${f(c.value)} ${c.unit}`, `${c.op} ${c.target} ${c.unit}`, c.met === null ? 'n/a' : c.met ? 'yes' : `NO (${f(c.value! / c.target)}× the target)`]),
    ),
  );
  results.checks = checks;
  results.loadAfter = machineLoad();
  results.seconds = (Date.now() - started) / 1000;

  const outDir = path.join(repoRoot, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log(`wrote ${path.relative(repoRoot, out)} (${f(results.seconds as number, 0)} s)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
