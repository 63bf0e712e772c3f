// The command line measured as a user runs it: whole processes (node start, module load,
// schema, lint, output), each run alternating with native `xmllint --noout --relaxng` on the
// same files, so that machine load hits both alike. Used by bench.ts (section 7) and runnable
// alone: `npm run bench:cli [-- --runs N]`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { file5000, repoRoot, rngPath, sharedDir } from './fixtures';
import { childrenCpuMs, median } from './stats';

export const schemaDir = path.dirname(rngPath);
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');
export const typicalDomain = path.join(repoRoot, 'examples', 'cluster-node1.xml');

/** 300 libvirt test domains spread evenly over the corpus (sorted by name), every driver's. */
export function batchFiles(count = 300): string[] {
  const dir = path.join(sharedDir, 'corpus', 'libvirt');
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const step = all.length / count;
  return Array.from({ length: Math.min(count, all.length) }, (_, i) => path.join(dir, all[Math.floor(i * step)]));
}

export interface ProcessFigure {
  label: string;
  target: number;
  runs: number;
  cliWallMs: number;
  xmllintWallMs: number;
  /** Median wall time of the CLI over the median of xmllint's, from the same alternating runs. */
  wallRatio: number;
  /** Mean CPU time (user + system) per run, from the kernel's accounting of reaped children (10 ms ticks, summed over the runs). */
  cliCpuMs: number | null;
  xmllintCpuMs: number | null;
  cpuRatio: number | null;
  /** `node -e 0` in the same alternation: the floor any Node.js command line pays. */
  nodeFloorWallMs?: number;
  /** The first run with an empty cache directory (schema compiled, code cache written). */
  firstRunWallMs: number;
  /** What the cache directory held after the runs, by kind of file: `schema 271 KB, derived 2.0 MB, …`. */
  cacheFiles: string;
  exitCode: number | null;
  load1: number;
}

/** The environment the CLI runs in: the user's, minus what only this machine sets (see the note in bench output). */
export function cliEnv(cacheHome: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
  // Set on this build machine for its network proxy, not in a user's shell: it makes every
  // node process read and parse a CA bundle before any script runs.
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

interface Timed {
  wallMs: number;
  cpuMs: number | null;
  status: number | null;
}

function runOnce(cmd: string, args: string[], env: NodeJS.ProcessEnv): Timed {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore', env, maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  const c1 = childrenCpuMs();
  return { wallMs, cpuMs: c0 === null || c1 === null ? null : c1 - c0, status: r.status };
}

const sum = (xs: (number | null)[]): number | null => (xs.some((x) => x === null) ? null : (xs as number[]).reduce((a, b) => a + b, 0));

/**
 * `runs` alternating rounds of xmllint, the CLI (and `node -e 0` when `floor`), after one
 * warm-up round; the CLI keeps its cache directory between runs, as a user's does. The first
 * run, with an empty cache directory, is reported apart.
 */
export function cliVsXmllint(label: string, files: string[], cliArgs: string[], target: number, runs: number, floor = false, beforeCli?: () => void): ProcessFigure {
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-bench-cache-'));
  try {
    const env = cliEnv(cacheHome);
    const xmllint = (): Timed => runOnce('xmllint', ['--noout', '--relaxng', rngPath, ...files], env);
    // --cache-location: the results file too lives in the figure's own cache home
    const args = cliArgs.map((a) => (a === '--cache' ? `--cache-location=${path.join(cacheHome, 'results')}` : a));
    if (cliArgs.includes('--cache')) args.unshift('--cache');
    const cli = (): Timed => {
      beforeCli?.();
      return runOnce(process.execPath, [cliPath, '--schema', schemaDir, ...args, ...files], env);
    };
    const node = (): Timed => runOnce(process.execPath, ['-e', '0'], env);
    const first = cli();
    xmllint();
    if (floor) node();
    const x: Timed[] = [];
    const c: Timed[] = [];
    const n: Timed[] = [];
    for (let i = 0; i < runs; i++) {
      // alternate which goes first too, so neither always follows the other
      if (i % 2 === 0) {
        x.push(xmllint());
        c.push(cli());
      } else {
        c.push(cli());
        x.push(xmllint());
      }
      if (floor) n.push(node());
    }
    const cliWallMs = median(c.map((t) => t.wallMs));
    const xmllintWallMs = median(x.map((t) => t.wallMs));
    const cCpu = sum(c.map((t) => t.cpuMs));
    const xCpu = sum(x.map((t) => t.cpuMs));
    return {
      label,
      target,
      runs,
      cliWallMs,
      xmllintWallMs,
      wallRatio: cliWallMs / xmllintWallMs,
      cliCpuMs: cCpu === null ? null : cCpu / runs,
      xmllintCpuMs: xCpu === null ? null : xCpu / runs,
      cpuRatio: cCpu === null || xCpu === null || xCpu === 0 ? null : cCpu / xCpu,
      ...(floor ? { nodeFloorWallMs: median(n.map((t) => t.wallMs)) } : {}),
      firstRunWallMs: first.wallMs,
      cacheFiles: cacheListing(path.join(cacheHome, 'libvirt-xml')),
      exitCode: c[c.length - 1]?.status ?? null,
      load1: os.loadavg()[0],
    };
  } finally {
    fs.rmSync(cacheHome, { recursive: true, force: true });
  }
}

/** The files of a cache directory summed by kind (the name up to its first `-`), with sizes. */
function cacheListing(dir: string): string {
  const sizes = new Map<string, number>();
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const kind = name.split('-')[0];
    sizes.set(kind, (sizes.get(kind) ?? 0) + fs.statSync(path.join(dir, name)).size);
  }
  const size = (b: number): string => (b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : `${Math.round(b / 1024)} KB`);
  return [...sizes].map(([kind, b]) => `${kind} ${size(b)}`).join(', ') || 'empty';
}

export function xmllintAvailable(): boolean {
  return spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0 && fs.existsSync(rngPath);
}

/** The three figures of issue 16, each with its target (CLI wall time ÷ xmllint wall time). */
export function cliFigures(runs: number): ProcessFigure[] {
  return [
    cliVsXmllint('one typical domain (examples/cluster-node1.xml), with schema', [typicalDomain], [], 4, runs, true),
    cliVsXmllint('300 libvirt test domains in one call, with schema', batchFiles(300), [], 2, runs),
    cliVsXmllint(`${path.basename(file5000)}, full lint with schema`, [file5000], [], 1, runs),
  ];
}

/**
 * The batch and the 5000-disk domain again with `--cache` (each file's findings kept between
 * runs, as eslint's --cache): the runs after the first with no file changed, and with one of
 * the 300 files changed before each run (a pre-commit hook's case). Printed beside the issue's
 * figures, which are for runs without it.
 */
export function cachedFigures(runs: number): ProcessFigure[] {
  const copies = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-bench-files-'));
  try {
    const files = batchFiles(300).map((f, i) => {
      const copy = path.join(copies, `${String(i).padStart(3, '0')}-${path.basename(f)}`);
      fs.copyFileSync(f, copy);
      return copy;
    });
    let n = 0;
    const touchOne = () => fs.appendFileSync(files[0], `<!-- edit ${++n} -->\n`);
    return [
      cliVsXmllint('300 libvirt test domains, with schema, --cache, no file changed', files, ['--cache'], 2, runs),
      cliVsXmllint('300 libvirt test domains, with schema, --cache, one file changed before each run', files, ['--cache'], 2, runs, false, touchOne),
      cliVsXmllint(`${path.basename(file5000)}, full lint with schema, --cache, unchanged`, [file5000], ['--cache'], 1, runs),
    ];
  } finally {
    fs.rmSync(copies, { recursive: true, force: true });
  }
}

const f = (n: number | null | undefined, d = 2): string => (n === null || n === undefined ? '-' : n.toFixed(d));

export function printFigures(figures: ProcessFigure[], withTargets = true): void {
  for (const r of figures) {
    const target = withTargets ? `target ≤ ${r.target}×: ${r.wallRatio <= r.target ? 'met' : 'NOT met'}` : `the target of ${r.target}× is for runs without --cache`;
    console.log(`${r.label}: CLI ${f(r.cliWallMs, 0)} ms vs xmllint ${f(r.xmllintWallMs, 0)} ms wall = ${f(r.wallRatio)}× (${target}); CPU ${f(r.cliCpuMs, 0)} vs ${f(r.xmllintCpuMs, 0)} ms = ${f(r.cpuRatio)}×`);
    const extra = [`median of ${r.runs} alternating runs`, `first run with an empty cache ${f(r.firstRunWallMs, 0)} ms`, `cache then: ${r.cacheFiles}`, `CLI exit status ${r.exitCode}`, `load ${f(r.load1, 1)}`];
    if (r.nodeFloorWallMs !== undefined) extra.splice(1, 0, `\`node -e 0\` alone ${f(r.nodeFloorWallMs, 0)} ms = ${f(r.nodeFloorWallMs / r.xmllintWallMs)}× xmllint`);
    console.log(`  ${extra.join('; ')}`);
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 9;
  if (!xmllintAvailable()) {
    console.error('bench:cli needs xmllint and the libvirt 10.7.0 schemas');
    process.exitCode = 2;
  } else {
    console.log(`machine: ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    printFigures(cliFigures(runs));
    if (!process.argv.includes('--no-cached')) printFigures(cachedFigures(runs), false);
    console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }
}
