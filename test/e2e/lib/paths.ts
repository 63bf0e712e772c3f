// Where the end-to-end harness finds its tools and keeps its state. Everything it writes
// goes under the work dir (gitignored) or the screenshot folder; nothing under the real HOME.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root: out/test/e2e/lib → four levels up, test/e2e/lib (ts-node) → three. */
function findRepoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'scripts', 'e2e-setup.sh'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('e2e: cannot find the repository root above ' + __dirname);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot();
export const harnessDir = path.join(repoRoot, 'test', 'e2e', 'harness');
export const fixturesDir = path.join(repoRoot, 'test', 'e2e', 'fixtures');
export const workDir = process.env.LIBVIRT_E2E_WORK ?? path.join(repoRoot, '.test-work');
export const outputDir = path.join(repoRoot, 'test-output', 'e2e');
export const codeServerBin = path.join(harnessDir, 'node_modules', '.bin', 'code-server');
export const chromiumBin = process.env.LIBVIRT_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** The executable handed to runTests() as vscodeExecutablePath (see shim.ts). */
export const shimBin = path.join(repoRoot, 'test', 'e2e', 'code-server-shim');

let shortTmp: string | undefined;

/**
 * A temp dir with a short path, removed when this process exits. Chromium puts its
 * singleton socket under TMPDIR, and a Unix socket path must fit in 108 bytes, which a temp
 * dir inside a deeply checked-out repository does not.
 */
export function privateTmpDir(): string {
  if (!shortTmp) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvx-'));
    shortTmp = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  }
  return shortTmp;
}

/**
 * Environment that keeps code-server, Chromium and the extension host inside `home` (and a
 * private temp dir): without it they write to ~/.config, ~/.local/share and ~/.cache, even
 * for `--version`.
 */
export function isolatedEnv(home: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  fs.mkdirSync(home, { recursive: true });
  return {
    ...base,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_RUNTIME_DIR: undefined,
    TMPDIR: privateTmpDir(),
    // Harmless for code-server, and keeps a developer's own VS Code session out of the way.
    VSCODE_IPC_HOOK_CLI: undefined,
    ELECTRON_RUN_AS_NODE: undefined,
  };
}

/** Runs of each kind kept for a look after the fact; older ones are removed. */
const KEEP_RUNS = 3;

/** A fresh directory for one run, under the work dir. */
export function freshRunDir(label: string): string {
  const runs = path.join(workDir, 'runs');
  if (fs.existsSync(runs)) {
    const old = fs
      .readdirSync(runs)
      .filter((d) => d.startsWith(label + '-'))
      .map((d) => path.join(runs, d))
      .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
    for (const d of old.slice(0, Math.max(0, old.length - (KEEP_RUNS - 1)))) fs.rmSync(d, { recursive: true, force: true });
  }
  const dir = path.join(runs, `${label}-${Date.now().toString(36)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Where a VS Code keeps its user data for a run. code-server and VS Code put their IPC
 * sockets there, and a socket path must fit in 108 bytes: a deep checkout gets the short
 * private temp dir instead of the run dir.
 */
export function userDataDirFor(runDir: string): string {
  const inRun = path.join(runDir, 'ud');
  return inRun.length <= 60 ? inRun : path.join(privateTmpDir(), 'ud-' + path.basename(runDir));
}
