import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, from the compiled test location (out/test/...) or the sources. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
})();

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

/** `../shared` next to the repository (read-only data: corpus, schemas, seed). */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');

export function readFixture(...parts: string[]): string {
  return fs.readFileSync(path.join(fixturesDir, ...parts), 'utf8');
}
