#!/usr/bin/env node
// The `libvirt-xml-lint` bin (dist/cli.js): loads the command line's bundle (dist/cli-main.js)
// with a V8 code cache kept in the user's cache directory, so a run does not parse and compile
// the bundle's JavaScript again each time (Node 20 has no module compile cache of its own;
// `module.enableCompileCache` came with Node 22). The cache is one file per build of the
// bundle, Node.js version and architecture; V8 itself refuses data made by another V8 or with
// other flags (then the bundle is compiled as without a cache, and the file rewritten). No
// cache directory, an unreadable or unwritable one, or `--no-cache`: the bundle is compiled
// as usual. Only Node built-ins and ../../server/src/cacheDir are loaded here.
import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import vm = require('node:vm');
import { userCacheDir, writeAtomically } from '../../server/src/cacheDir';

/** A hash of the bundle's content, written in by scripts/build.mjs. */
declare const CLI_BUNDLE_HASH: string;

interface CliBundle {
  run(argv?: string[]): Promise<void>;
  typicalRun(): boolean;
  exitWhenWritten(): void;
}

const bundle = path.join(__dirname, 'cli-main.js');

/** The code cache file for this bundle and this Node.js, or null when there is to be none. */
function codeCacheFile(stat: fs.Stats): string | null {
  // `--no-cache` is also an option of the command line itself (args.ts), which accepts it
  if (process.argv.includes('--no-cache')) return null;
  const dir = userCacheDir();
  if (!dir) return null;
  const stamp = `${stat.size.toString(36)}-${Math.trunc(stat.mtimeMs).toString(36)}`;
  return path.join(dir, `code-${CLI_BUNDLE_HASH}-${stamp}-node${process.versions.node}-${process.arch}.bin`);
}

function load(): { cli: CliBundle; script: vm.Script; cacheFile: string | null; cached: Buffer | undefined } {
  const fd = fs.openSync(bundle, 'r');
  let source: string;
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
    // The bundle is ASCII (esbuild escapes every other character, and the build checks it):
    // read as latin1, it is the same text without a UTF-8 decode.
    source = fs.readFileSync(fd, 'latin1');
  } finally {
    fs.closeSync(fd);
  }
  const cacheFile = codeCacheFile(stat);
  let cached: Buffer | undefined;
  if (cacheFile) {
    try {
      cached = fs.readFileSync(cacheFile);
    } catch {
      // none yet, or unreadable: compiled as without a cache
    }
  }
  // The bundle runs as a CommonJS module of its own, exactly as `require` would run it.
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.loaded = true;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  return { cli: mod.exports as CliBundle, script, cacheFile, cached };
}

const { cli, script, cacheFile, cached } = load();
void cli.run().then(() => {
  // When there was no usable cache, after a run that linted as the next runs will (so the cache
  // holds the functions they need, and not the schema compiler): V8 serializes every function
  // compiled so far.
  if (cacheFile && (cached === undefined || script.cachedDataRejected === true) && cli.typicalRun()) {
    writeAtomically(cacheFile, script.createCachedData());
  }
  cli.exitWhenWritten();
});
