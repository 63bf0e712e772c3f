import * as fs from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1];
}

/** Median wall time of `fn` in ms, after one warm-up call. */
export function time(runs: number, fn: () => void): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

/** A small seeded generator (mulberry32): the same positions and edits in every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MB = 1024 * 1024;

/** CPU time (user + system, all threads of this process) of `fn` in ms, mean over runs. */
export function cpuTime(runs: number, fn: () => void): number {
  fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / runs;
}

/** CPU time of waited-for child processes so far, in ms (Linux /proc; null elsewhere). */
export function childrenCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of proc(5), in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

/** The 1-minute load average and the core count: wall times mean little when load > cores. */
export function machineLoad(): { load1: number; cores: number } {
  return { load1: os.loadavg()[0], cores: os.availableParallelism() };
}
