import * as fs from 'node:fs';
import * as path from 'node:path';

export function findRepoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found');
    dir = up;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const corpusDir = path.join(sharedDir, 'corpus', 'synthetic');
export const rngPath = path.join(sharedDir, 'schemas', 'libvirt', '10.7.0', 'domain.rng');
export const file5000 = path.join(corpusDir, 'synthetic-disks-5000.xml');

/**
 * A domain of about 300 lines: the 50-disk synthetic domain with disks dropped from the end
 * until it has at most 300 lines (the rest of the domain unchanged). Built, not stored, so
 * it follows the corpus.
 */
export function domain300(): string {
  const text = fs.readFileSync(path.join(corpusDir, 'synthetic-disks-50.xml'), 'utf8');
  const disks = [...text.matchAll(/[ \t]*<disk\b[\s\S]*?<\/disk>\r?\n/g)];
  let out = text;
  for (let i = disks.length - 1; i >= 0 && out.split('\n').length > 300; i--) {
    const d = disks[i];
    out = out.slice(0, d.index) + out.slice(d.index + d[0].length);
  }
  return out;
}
