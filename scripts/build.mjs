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

// The extension-host test suites (test/e2e/suite), bundled apart from the extension into
// dist/test/suite/ (kept out of the .vsix by .vscodeignore). `vscode` is the host's; Mocha is
// loaded from node_modules at run time.
if (existsSync('test/e2e/suite/index.ts')) {
  const { readdirSync } = await import('node:fs');
  const suiteEntries = readdirSync('test/e2e/suite')
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => `test/e2e/suite/${f}`);
  await build({
    entryPoints: suiteEntries,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    outdir: 'dist/test/suite',
    sourcemap: true,
    logLevel: 'warning',
  });
  // A virsh for the live network/pool suite: libvirt's test driver with networks and pools
  // that last between runs (set as libvirt.virshPath through a shell script).
  if (existsSync('test/support/persistentTestDriver.ts')) {
    await build({
      entryPoints: { persistentVirsh: 'test/support/persistentTestDriver.ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir: 'dist/test/suite',
      logLevel: 'warning',
    });
  }
}
