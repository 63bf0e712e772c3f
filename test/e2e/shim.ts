// The "VS Code executable" handed to @vscode/test-electron's runTests() as
// vscodeExecutablePath. runTests() cannot start code-server directly (it appends Electron
// flags code-server rejects: "Unknown option --no-sandbox"), so this launcher takes the same
// command line a desktop VS Code would get, starts code-server and headless Chromium on the
// extension-test payload, and exits with the tests' exit code. Usage (by runTests):
//   code-server-shim [FOLDER] --user-data-dir D --extensions-dir E
//     --extensionDevelopmentPath=P --extensionTestsPath=T [Electron flags, ignored]
import * as path from 'node:path';
import { launchBrowser, type BrowserContext } from './lib/browser';
import { startCodeServer, tail, type CodeServer } from './lib/codeServer';
import { isolatedEnv } from './lib/paths';
import { runExtensionTests } from './lib/workbench';

/** Flags of a desktop (Electron) VS Code that code-server has no use for. */
const electronOnly = new Set([
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-updates',
  '--skip-welcome',
  '--skip-release-notes',
  '--no-cached-data',
  '--disable-workspace-trust',
  '--disable-gpu',
  '--new-window',
  '--wait',
]);

export interface ShimArgs {
  folder?: string;
  userDataDir?: string;
  extensionsDir?: string;
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  passThrough: string[];
}

export function parseArgs(argv: string[]): ShimArgs {
  const out: ShimArgs = { extensionDevelopmentPaths: [], passThrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => (eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : (argv[++i] ?? ''));
    switch (name) {
      case '--extensionDevelopmentPath':
        out.extensionDevelopmentPaths.push(path.resolve(takeValue()));
        break;
      case '--extensionTestsPath':
        out.extensionTestsPath = path.resolve(takeValue());
        break;
      case '--user-data-dir':
        out.userDataDir = path.resolve(takeValue());
        break;
      case '--extensions-dir':
        out.extensionsDir = path.resolve(takeValue());
        break;
      case '--disable-extensions':
        out.passThrough.push(arg);
        break;
      default:
        if (electronOnly.has(name)) break;
        if (arg.startsWith('-')) {
          process.stderr.write(`code-server-shim: ignoring ${arg}\n`);
        } else {
          out.folder = path.resolve(arg);
        }
    }
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath || !args.userDataDir || !args.extensionsDir || !args.folder) {
    process.stderr.write('code-server-shim: needs a folder, --user-data-dir, --extensions-dir and --extensionTestsPath\n');
    return 2;
  }
  const runDir = process.env.LIBVIRT_E2E_RUN_DIR ?? path.dirname(args.userDataDir);
  const env = isolatedEnv(path.join(runDir, 'home'));
  const timeoutMs = Number(process.env.LIBVIRT_E2E_TIMEOUT_MS ?? 300_000);
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    server = await startCodeServer(
      { runDir, userDataDir: args.userDataDir, extensionsDir: args.extensionsDir, env },
      args.folder,
      args.passThrough,
    );
    browser = await launchBrowser(path.join(runDir, 'chromium-profile'), env);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (err) => process.stderr.write(`[page] ${err.message}\n`));
    const code = await runExtensionTests(
      page,
      {
        origin: server.origin,
        authority: server.authority,
        folder: args.folder,
        extensionDevelopmentPaths: args.extensionDevelopmentPaths,
        extensionTestsPath: args.extensionTestsPath,
      },
      (line) => process.stdout.write(line + '\n'),
      timeoutMs,
    );
    if (code !== 0) process.stderr.write(`code-server-shim: code-server log tail:\n${tail(server.logFile, 25)}\n`);
    return code;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`code-server-shim: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
