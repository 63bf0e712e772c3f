// Run as its own process by the bench (a cold module cache, as in a fresh extension host):
// loads dist/extension.js with a stand-in for the `vscode` module and times activate() until
// it has constructed the LanguageClient and asked it to start (the synchronous part of
// activate; the rest waits for the server process). Prints one JSON line.
import Module = require('node:module');
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const repoRoot = process.argv[2];
let clientConstructed: number | null = null;

/** Any property is another stand-in, callable and constructible: enough for module load and construction. */
function standIn(name: string): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as Record<PropertyKey, unknown>;
  return new Proxy(target, {
    get(t, p) {
      if (p === 'then') return undefined; // not a promise
      if (p === 'prototype') return (t as { prototype: unknown }).prototype;
      if (p === Symbol.toPrimitive) return () => name;
      if (p === Symbol.iterator) return function* () {};
      if (name === 'vscode.commands' && p === 'registerCommand') {
        // extension.ts registers its commands right after `new LanguageClient(...)`.
        return () => {
          clientConstructed ??= performance.now();
          return { dispose() {} };
        };
      }
      if (!cache.has(p)) cache.set(p, standIn(`${name}.${String(p)}`));
      return cache.get(p);
    },
    apply: () => standIn(`${name}()`),
    // Instances (also of subclasses) keep their own members and stand in for the rest.
    construct: (t, args, newTarget) => {
      const instance = Reflect.construct(t as unknown as () => void, args, newTarget) as Record<PropertyKey, unknown>;
      return new Proxy(instance, { get: (o, p, receiver) => (p in o || p === 'then' ? Reflect.get(o, p, receiver) : standIn(`${name}#${String(p)}`)) });
    },
  });
}

/**
 * The module object: bundlers copy a module's own keys (__toESM, __importStar), so it holds
 * every top-level name the real API declares (read from @types/vscode), each a stand-in.
 */
function vscodeModule(): Record<string, unknown> {
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const m of dts.matchAll(/^\t?export (?:namespace|class|enum|const|let|function|interface|type) (\w+)/gm)) names.add(m[1]);
  const module: Record<string, unknown> = {};
  for (const name of names) module[name] = standIn(`vscode.${name}`);
  // The client checks the editor version against its own minimum (package.json engines).
  module.version = '1.91.0';
  return module;
}

const vscode = vscodeModule();
const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
(Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

// The clock starts here: the stand-in is built, node is up; what is left is what VS Code's
// extension host does for us (load the bundle, call activate).
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const extension = require(path.join(repoRoot, 'dist', 'extension.js')) as { activate(context: unknown): Promise<void> };
const loaded = performance.now();
const context = {
  subscriptions: [] as unknown[],
  extensionPath: repoRoot,
  asAbsolutePath: (p: string) => path.join(repoRoot, p),
  // The server must not actually start from here.
};
let error: string | null = null;
try {
  void extension.activate(context).catch((e: unknown) => { if (process.env.BENCH_DEBUG) console.error(e); });
} catch (e) {
  error = String(e);
}
const activated = performance.now();
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ loadMs: loaded - t0, activateMs: activated - t0, activateCpuMs: (cpu.user + cpu.system) / 1000, clientConstructedMs: clientConstructed === null ? null : clientConstructed - t0, error }) + '\n');
process.exit(0);
