// Starts code-server (VS Code 1.100.3 with a Node extension host) on 127.0.0.1 and a free
// port, in its own process group, with user data, extensions and HOME under one run dir.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { codeServerBin, isolatedEnv } from './paths';
import { sleep, spawnGroup, type GroupProcess } from './processGroup';

export interface CodeServerDirs {
  /** Holds config.yaml, the log and (unless given) home/. */
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface CodeServer {
  port: number;
  /** host:port, the authority of vscode-remote:// URIs on this server. */
  authority: string;
  origin: string;
  logFile: string;
  process: GroupProcess;
  stop(): Promise<void>;
}

/** The settings that keep a test workbench quiet and offline (shared/docs/e2e.md). */
const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

export function prepareDirs(dirs: CodeServerDirs, extraSettings: Record<string, unknown> = {}): NodeJS.ProcessEnv {
  const env = dirs.env ?? isolatedEnv(path.join(dirs.runDir, 'home'));
  const userDir = path.join(dirs.userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.mkdirSync(dirs.extensionsDir, { recursive: true });
  const settingsFile = path.join(userDir, 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...extraSettings }, null, 2));
  }
  fs.writeFileSync(path.join(dirs.runDir, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return env;
}

export async function installExtension(dirs: CodeServerDirs, vsix: string): Promise<void> {
  const env = prepareDirs(dirs);
  await promisify(execFile)(
    codeServerBin,
    [
      '--config', path.join(dirs.runDir, 'config.yaml'),
      '--user-data-dir', dirs.userDataDir,
      '--extensions-dir', dirs.extensionsDir,
      '--install-extension', vsix,
    ],
    { env, timeout: 120_000 },
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Starts code-server on `folder` and resolves once /healthz answers 200. */
export async function startCodeServer(dirs: CodeServerDirs, folder: string, extraArgs: string[] = []): Promise<CodeServer> {
  const env = prepareDirs(dirs);
  const logFile = path.join(dirs.runDir, 'code-server.log');
  // A port taken between freePort() and code-server's bind makes it exit; try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const log = fs.openSync(logFile, 'a');
    const proc = spawnGroup(
      codeServerBin,
      [
        '--config', path.join(dirs.runDir, 'config.yaml'),
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--user-data-dir', dirs.userDataDir,
        '--extensions-dir', dirs.extensionsDir,
        ...extraArgs,
        folder,
      ],
      { env, stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && proc.child.exitCode === null && proc.child.signalCode === null) {
      if (await healthy(port)) {
        return {
          port,
          authority: `127.0.0.1:${port}`,
          origin: `http://127.0.0.1:${port}`,
          logFile,
          process: proc,
          stop: () => proc.stop(),
        };
      }
      await sleep(200);
    }
    await proc.stop();
    if (attempt >= 3) {
      throw new Error(`e2e: code-server did not become healthy on port ${port}; last log lines:\n${tail(logFile)}`);
    }
  }
}
