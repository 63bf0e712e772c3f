import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { it } from 'node:test';
import { build } from 'esbuild';
import { repoRoot } from '../support/fixtures';

// The .vsix ships minified bundles (`npm run package`); VS Code loads the client on every
// XML file, so both stay well under 1 MB.
const LIMIT = 768 * 1024;

for (const [name, entry] of [
  ['extension', 'client/src/extension.ts'],
  ['server', 'server/src/main.ts'],
] as const) {
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
