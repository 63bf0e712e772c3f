// npm run fuzz -- --count N [--seed S]: a longer fuzz run than the one in the test suite.
import { runFuzz } from './fuzz';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`${name} needs a whole number`);
    process.exit(2);
  }
  return v;
}

const count = arg('--count', 100_000);
const seed = arg('--seed', Date.now() % 2 ** 31);
const t0 = Date.now();
const r = runFuzz({ count, seed });
console.log(`seed ${seed}: ${r.documents} documents, ${r.calls} calls in ${((Date.now() - t0) / 1000).toFixed(1)} s; slowest call ${r.slowest.name} ${r.slowest.ms.toFixed(1)} ms`);
if (r.failure) {
  console.error(r.failure);
  process.exit(1);
}
