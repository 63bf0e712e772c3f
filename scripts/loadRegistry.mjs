// The service's rule registry (allRules, builtinRules, …) for the generators, bundled in memory
// from the TypeScript sources: no build step needed, and never a stale dist/.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The exports of server/src/service/index.ts. */
export async function loadService() {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'server/src/service/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} };
  const require = createRequire(path.join(repoRoot, 'package.json'));
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, require);
  return module.exports;
}
