// Figures 3 and 4 in a process of their own, started by bench.ts with the node options the
// extension starts the server with: the heap the earlier figures left behind in the bench
// process would otherwise slow the server's garbage collections down. Prints one JSON line.
import * as fs from 'node:fs';
import { domain300, file5000 } from './fixtures';
import { editLatency, requestLatency } from './lsp';

async function main(): Promise<void> {
  const edits = Number(process.argv[2]) || 60;
  const big = fs.readFileSync(file5000, 'utf8');
  const small = await editLatency(domain300(), edits, 1);
  const large = await editLatency(big, edits, 2);
  const requests = await requestLatency(big, 50, 3);
  process.stdout.write(JSON.stringify({ execArgv: process.execArgv, edits, small, big: large, requests }) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
