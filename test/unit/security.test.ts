import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/fixtures';

/** The code that ships: the extension client, the language server and the CLI. */
const SHIPPED = ['client', 'server', 'cli'];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'out' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * The code without its comments (strings stay: they are what a shell would run). A small
 * tokenizer: quotes, template literals and comments; good enough for our own sources.
 */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|dash|zsh|ksh|csh|tcsh|fish|cmd|cmd\.exe|powershell|powershell\.exe|pwsh)$/i;

/** Ways a source file could run a shell. Empty when it only uses execFile/spawn with argument arrays. */
export function shellUses(source: string): string[] {
  const code = stripComments(source);
  const found: string[] = [];
  const imports = /(?:import\s+([^;]*?)\s+from\s*|(?:(?:const|let|var)\s+(\w+)\s*=\s*)?require\s*\(\s*)['"](?:node:)?child_process['"]/g;
  let usesChildProcess = false;
  for (const m of code.matchAll(imports)) {
    usesChildProcess = true;
    const clause = m[1] ?? m[2] ?? '';
    if (/\{[^}]*\b(?:exec|execSync)\b[^}]*\}/.test(clause)) found.push(`imports exec/execSync: ${m[0]}`);
    const ns = /\*\s+as\s+(\w+)/.exec(clause)?.[1] ?? /^(\w+)$/.exec(clause.trim())?.[1];
    if (ns && new RegExp(`\\b${ns}\\s*\\.\\s*(?:exec|execSync)\\s*\\(`).test(code)) found.push(`calls ${ns}.exec/execSync`);
  }
  // require('child_process').exec(...) and destructured requires.
  if (/require\s*\(\s*['"](?:node:)?child_process['"]\s*\)\s*\.\s*(?:exec|execSync)\b/.test(code)) found.push('calls require(child_process).exec');
  if (/\{[^}]*\b(?:exec|execSync)\b[^}]*\}\s*=\s*require\s*\(\s*['"](?:node:)?child_process['"]/.test(code)) found.push('destructures exec/execSync from child_process');
  // A shell option on any call (execFile and spawn run a shell with it).
  for (const m of code.matchAll(/\bshell\s*:\s*([^,}\s]+)/g)) if (m[1] !== 'false') found.push(`shell option: ${m[0]}`);
  if (usesChildProcess) {
    // A shell by another door: execFile('sh', ['-c', …]).
    for (const m of code.matchAll(/['"`]([^'"`\n]*)['"`]/g)) if (SHELLS.test(m[1])) found.push(`names a shell: ${m[0]}`);
  }
  // VS Code terminals and shell tasks run their text in a shell.
  if (/\b(?:sendText|ShellExecution)\b/.test(code)) found.push('runs text in a terminal or shell task');
  return found;
}

type Manifest = { contributes?: { configuration?: { properties?: Record<string, { scope?: string }> } | { properties?: Record<string, { scope?: string }> }[] } };

/**
 * Settings that name a program to run, a file to load or a host to connect to must not come
 * from a workspace (a cloned repository could point them anywhere): only `machine` or
 * `application` scope keeps them out of workspace settings. Rule levels (`libvirt.lint.*`)
 * are not such settings, whatever the rule is called.
 */
export function misScopedSettings(manifest: Manifest): { checked: string[]; wrong: string[] } {
  const config = manifest.contributes?.configuration;
  const sections = Array.isArray(config) ? config : config ? [config] : [];
  const checked: string[] = [];
  const wrong: string[] = [];
  for (const section of sections) {
    for (const [name, schema] of Object.entries(section.properties ?? {})) {
      if (!name.startsWith('libvirt.') || name.startsWith('libvirt.lint.')) continue;
      if (!/path|connections|virsh|uri|executable|command/i.test(name)) continue;
      checked.push(name);
      if (schema.scope !== 'machine' && schema.scope !== 'application') wrong.push(`${name} has scope ${schema.scope ?? '(none: window)'}`);
    }
  }
  return { checked, wrong };
}

describe('security', () => {
  it('no shell: shipped code runs programs only with execFile/spawn and argument arrays', () => {
    const files = SHIPPED.flatMap((d) => sourceFiles(path.join(repoRoot, d)));
    assert.ok(files.length > 10, `found only ${files.length} source files`);
    const problems = files.flatMap((f) => shellUses(fs.readFileSync(f, 'utf8')).map((p) => `${path.relative(repoRoot, f)}: ${p}`));
    assert.deepEqual(problems, []);
  });

  it('nothing runs in an untrusted workspace: the server starts no process, client code that does asks for Workspace Trust', () => {
    const imports = /(?:from|require\s*\()\s*['"](?:node:)?child_process['"]/;
    const server = sourceFiles(path.join(repoRoot, 'server')).filter((f) => imports.test(stripComments(fs.readFileSync(f, 'utf8'))));
    // The language server serves untrusted workspaces too (untrustedWorkspaces: limited).
    assert.deepEqual(server.map((f) => path.relative(repoRoot, f)), [], 'the language server must not start processes');
    const client = sourceFiles(path.join(repoRoot, 'client')).filter((f) => imports.test(stripComments(fs.readFileSync(f, 'utf8'))));
    const unguarded = client.filter((f) => !/\bisTrusted\b/.test(stripComments(fs.readFileSync(f, 'utf8'))));
    assert.deepEqual(unguarded.map((f) => path.relative(repoRoot, f)), [], 'client code that starts processes must check Workspace Trust');
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    if (client.length) assert.notEqual(manifest.capabilities?.untrustedWorkspaces?.supported, true, 'the extension runs programs: it cannot claim full support for untrusted workspaces');
  });

  it('the no-shell check catches exec, execSync, shell options and shells run by name', () => {
    const bad = [
      "import { exec } from 'node:child_process';\nexec('virsh list');",
      "import { execSync as run } from 'child_process';",
      "import * as cp from 'child_process';\ncp.exec(`virsh ${x}`);",
      "const cp = require('child_process');\ncp.execSync('ls');",
      "const { exec } = require('node:child_process');",
      "require('child_process').exec('ls');",
      "import { spawn } from 'node:child_process';\nspawn('virsh', ['list'], { shell: true });",
      "import { execFile } from 'node:child_process';\nexecFile(virsh, args, { cwd, shell: process.env.SHELL });",
      "import { execFile } from 'node:child_process';\nexecFile('/bin/sh', ['-c', cmd]);",
      "import { spawn } from 'node:child_process';\nspawn('cmd.exe', ['/c', cmd]);",
      'terminal.sendText(`virsh define ${file}`);',
    ];
    for (const src of bad) assert.notDeepEqual(shellUses(src), [], `not caught:\n${src}`);
    const good = [
      "import { execFile } from 'node:child_process';\n// exec('x') in a comment\nexecFile(virshPath, ['-c', uri, 'list'], { shell: false });",
      "import { spawn } from 'node:child_process';\nconst p = spawn(process.execPath, [script], { stdio: 'pipe' });\nconst s = 'sh is a word';",
      "const re = /exec/; const execution = 1; function exec() {}",
    ];
    for (const src of good) assert.deepEqual(shellUses(src), [], `flagged:\n${src}`);
  });

  it('settings that name programs, files or connections are machine scoped', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const { checked, wrong } = misScopedSettings(manifest);
    console.log(`security: ${checked.length} executable/connection settings checked${checked.length ? ': ' + checked.join(', ') : ''}`);
    assert.deepEqual(wrong, []);
    // The check itself: a workspace-settable virsh path or connection list is refused.
    const sample: Manifest = {
      contributes: {
        configuration: {
          properties: {
            'libvirt.virshPath': { scope: 'window' },
            'libvirt.connections': { scope: 'resource' },
            'libvirt.schema.path': { scope: 'machine-overridable' },
            'libvirt.lint.multipath-rule': { scope: 'resource' },
            'libvirt.other': { scope: 'application' },
          },
        },
      },
    };
    assert.deepEqual(misScopedSettings(sample).wrong, [
      'libvirt.virshPath has scope window',
      'libvirt.connections has scope resource',
      'libvirt.schema.path has scope machine-overridable',
    ]);
  });

  it('npm audit --omit=dev: no high or critical advisory', { timeout: 120_000 }, async (t) => {
    const npmCli = process.env.npm_execpath;
    const [cmd, args] = npmCli && /\.c?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];
    const { stdout, error } = await new Promise<{ stdout: string; error: (Error & { code?: unknown; killed?: boolean }) | null }>((resolve) =>
      execFile(cmd, [...args, 'audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: repoRoot, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (e, out) =>
        resolve({ stdout: out, error: e }),
      ),
    );
    if (error?.killed) return t.skip('npm audit did not answer within 90 s (registry unreachable)');
    let report: { metadata?: { vulnerabilities?: Record<string, number> }; vulnerabilities?: Record<string, { severity: string; via: unknown[] }>; message?: string; error?: { summary?: string; code?: string } };
    try {
      report = JSON.parse(stdout);
    } catch {
      if ((error as { code?: unknown } | null)?.code === 'ENOENT') return t.skip('npm is not on PATH');
      return t.skip(`npm audit gave no report: ${String(error?.message ?? stdout).slice(0, 300)}`);
    }
    const counts = report.metadata?.vulnerabilities;
    // No advisory data at all means the advisory endpoint could not be asked: that is not a pass.
    if (!counts) return t.skip(`npm audit could not query the advisory endpoint: ${report.message ?? report.error?.summary ?? report.error?.code ?? 'no report'}`);
    const serious = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(([name, v]) => `${name} (${v.severity})`);
    console.log(`npm audit --omit=dev: ${JSON.stringify(counts)}`);
    assert.deepEqual(serious, []);
    assert.equal((counts.high ?? 0) + (counts.critical ?? 0), 0);
  });
});
