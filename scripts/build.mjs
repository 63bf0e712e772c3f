// Bundles the extension, the language server, the schema worker and the CLI with esbuild.
import { build } from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';

const candidates = {
  extension: 'client/src/extension.ts',
  server: 'server/src/main.ts',
  cli: 'cli/src/main.ts',
  schemaWorker: 'server/src/service/schema/worker.ts',
};
const entryPoints = Object.fromEntries(Object.entries(candidates).filter(([, file]) => existsSync(file)));

await build({
  entryPoints,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  outdir: 'dist',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
});
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
