// Bundles the extension, the language server, the schema worker and the CLI with esbuild.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocsLeftOut } from './ruleDocs.mjs';

/**
 * The build's identity: the version and a hash of every source and the locked dependencies.
 * The CLI keys its cached compiled schema with it, so a cache written by another build
 * (another compiler) is never read.
 */
function buildId() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name)) h.update(`${p}\0`).update(readFileSync(p)).update('\0');
    }
  };
  for (const dir of ['server/src', 'client/src', 'cli/src']) if (existsSync(dir)) walk(dir);
  for (const file of ['package-lock.json']) if (existsSync(file)) h.update(readFileSync(file));
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  return `${version}+${h.digest('hex').slice(0, 16)}`;
}

const candidates = {
  extension: 'client/src/extension.ts',
  server: 'server/src/main.ts',
  schemaWorker: 'server/src/service/schema/worker.ts',
};
const entryPoints = Object.fromEntries(Object.entries(candidates).filter(([, file]) => existsSync(file)));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  define: { LIBVIRT_XML_BUILD: JSON.stringify(buildId()) },
  outdir: 'dist',
  sourcemap: true,
  logLevel: 'warning',
};
// The extension, the server and the schema worker are read whole at every start: built without
// white space and comments (names kept, so that stack traces in the logs still read; the source
// maps map back); --minify (the .vsix) shortens the names too.
await build({ ...common, entryPoints, minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: process.argv.includes('--minify'), legalComments: 'eof' });

// The command line: its bundle, and the bin (dist/cli.js) that loads it with a code cache. Every
// run reads the whole bundle, so it is always built without white space and comments (half the
// bytes; names are kept, so that a stack trace still reads); dist/cli-main.js.map maps it back.
if (existsSync('cli/src/main.ts')) {
  await build({
    ...common,
    entryPoints: { 'cli-main': 'cli/src/main.ts' },
    // the command line links to the rules' documentation and never shows it: its text is left
    // out (an eighth of the bundle, which every run reads and whose top level it runs)
    plugins: [ruleDocsLeftOut],
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: process.argv.includes('--minify'),
    legalComments: 'eof',
  });
  // The launcher names the bundle's content in its code cache files, so a rebuilt bundle never
  // meets the compiled code of another.
  const bundleBytes = readFileSync('dist/cli-main.js');
  // the launcher reads the bundle as latin1, which is its text only while it is ASCII
  if (bundleBytes.some((b) => b > 0x7f)) throw new Error('dist/cli-main.js is not ASCII: the launcher (cli/src/launcher.ts) reads it as latin1');
  const bundleHash = createHash('sha256').update(bundleBytes).digest('hex').slice(0, 16);
  await build({
    entryPoints: { cli: 'cli/src/launcher.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: { CLI_BUNDLE_HASH: JSON.stringify(bundleHash) },
    outdir: 'dist',
    minify: process.argv.includes('--minify'),
    logLevel: 'warning',
  });
  chmodSync('dist/cli.js', 0o755);
}

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
