import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { it } from 'node:test';
import { build } from 'esbuild';
import { repoRoot } from '../support/fixtures';

// The .vsix ships minified bundles (`npm run package`). VS Code loads the client on every XML
// file: it stays well under 1 MB. The server carries the rules and facts of every document kind
// (domains, devices, networks, storage pools and volumes): it stays under 1 MB.
const LIMITS = { extension: 768 * 1024, server: 1024 * 1024 };

for (const [name, entry] of [
  ['extension', 'client/src/extension.ts'],
  ['server', 'server/src/main.ts'],
] as const) {
  const LIMIT = LIMITS[name];
  it(`dist/${name}.js minified stays under ${LIMIT / 1024} KB`, async () => {
    const result = await build({
      entryPoints: [path.join(repoRoot, entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles[0].contents.byteLength;
    assert.ok(bytes < LIMIT, `${name}: ${bytes} bytes`);
  });
}

// The client is a thin edge: the service (rules, facts, parser, xmldom) runs in the language
// server only. Everything it needs from server/src is types and protocol constants.
it('dist/extension.js (as npm run build makes it) stays under 1 MB and bundles no service code', async () => {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'client/src/extension.ts')],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents.byteLength;
  assert.ok(bytes <= 1024 * 1024, `extension: ${bytes} bytes`);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((f) => f.startsWith('client/src/')), 'metafile paths are relative to the repository');
  assert.deepEqual(inputs.filter((f) => (f.startsWith('server/') && f !== 'server/src/protocol.ts') || f.includes('@xmldom')), []);
});
