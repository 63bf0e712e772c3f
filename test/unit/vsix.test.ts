import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/fixtures';

/** Entry names of a zip file (a .vsix), read from its central directory. */
export function zipEntries(buf: Buffer): string[] {
  const min = Math.max(0, buf.length - 0xffff - 22);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'corrupt central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** What the installed extension needs, and nothing else (sources, tests, examples, maps stay out). */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/(readme\.md|README\.md|changelog\.md|CHANGELOG\.md|LICENSE|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|server|cli|cli-main|schemaWorker)\.js$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
  /^extension\/images\/icon\.png$/,
];

const hasClient = fs.existsSync(path.join(repoRoot, 'client', 'src', 'extension.ts'));

describe('the .vsix', () => {
  if (!hasClient) {
    it('builds with vsce (offline) and holds only what the extension needs', { todo: 'the VS Code client (client/src/extension.ts) is not on this branch yet' });
    return;
  }
  it('builds with vsce (offline) and holds only what the extension needs', { timeout: 120_000 }, async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-vsix-')), 'libvirt-xml.vsix');
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    try {
      await new Promise<void>((resolve, reject) => {
        execFile(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out], { cwd: repoRoot }, (error, stdout, stderr) =>
          error ? reject(new Error(`vsce package failed: ${stdout}${stderr}`)) : resolve(),
        );
      });
      const names = zipEntries(fs.readFileSync(out));
      const extra = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
      assert.deepEqual(extra, [], 'files the extension does not need');
      for (const needed of ['extension/images/icon.png', 'extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js']) {
        assert.ok(names.includes(needed), `${needed} missing from the .vsix`);
      }
      assert.ok(names.some((n) => /^extension\/readme\.md$/i.test(n)), 'README missing');
      assert.ok(names.some((n) => /^extension\/changelog\.md$/i.test(n)), 'CHANGELOG missing');
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
