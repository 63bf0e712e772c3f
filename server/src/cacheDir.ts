import fs = require('node:fs');
import path = require('node:path');

// The user's cache directory and safe writes into it: shared by the command line's code cache
// (cli/src/launcher.ts) and the compiled-schema cache (schemaCache.ts). Node built-ins only:
// the launcher loads this before anything else.

/**
 * The cache directory of libvirt-xml: `$XDG_CACHE_HOME/libvirt-xml`, else `~/.cache/libvirt-xml`
 * (XDG Base Directory Specification; a relative XDG_CACHE_HOME is ignored, as it says); null
 * when there is no home directory either.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'libvirt-xml');
  let home = env.HOME;
  if (!home) {
    try {
      // node:os only here: loading it costs a run that has $HOME (nearly all) a millisecond
      home = (require('node:os') as typeof import('node:os')).homedir();
    } catch {
      return null;
    }
  }
  return home && path.isAbsolute(home) ? path.join(home, '.cache', 'libvirt-xml') : null;
}

/**
 * Writes a file whole or not at all: to a temporary file of its own in the same directory,
 * then renamed over the name (atomic on POSIX file systems), so concurrent writers never
 * leave a torn file and readers see a whole old or a whole new one. The directory is made
 * when missing; `private`: it and the file are the user's alone. Returns the error when it
 * cannot, leaving nothing behind; null when written.
 */
export function writeWhole(file: string, data: string | Uint8Array, options: { private: boolean }): NodeJS.ErrnoException | null {
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, ...(options.private ? { mode: 0o700 } : {}) });
    fs.writeFileSync(tmp, data, { flag: 'wx', ...(options.private ? { mode: 0o600 } : {}) });
    fs.renameSync(tmp, file);
    return null;
  } catch (error) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never created
    }
    return error as NodeJS.ErrnoException;
  }
}

/**
 * A file of the user's cache directory written whole (writeWhole, private to the user), and
 * the directory's stale files pruned. Returns false on any failure: a cache that cannot be
 * written is no error.
 */
export function writeAtomically(file: string, data: string | Uint8Array): boolean {
  if (writeWhole(file, data, { private: true }) !== null) return false;
  pruneStale(path.dirname(file), file);
  return true;
}

/** Cache files not written for this long are deleted when another is written. */
export const STALE_AFTER_MS = 30 * 24 * 3600 * 1000;
/** The files this program writes in its cache directory (and temporary files a writer left). */
const OWN_FILE = /^(code-[\w.-]+\.bin|(schema|derived|stamp)-[0-9a-f]{16}\.cache)(\.\d+\.[0-9a-z]+\.tmp)?$/;

/**
 * Deletes this program's cache files that were not written for STALE_AFTER_MS: those of
 * earlier builds, Node.js versions and schema versions would otherwise pile up (a code cache
 * is over half a megabyte). Runs only after a write, which is rare (a new build, a new schema); a
 * file still in use that is deleted is written again by the next run that needs it. Files
 * of other names are never touched, and any failure is ignored.
 */
export function pruneStale(dir: string, keep: string, now = Date.now()): void {
  try {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (file === keep || !OWN_FILE.test(name)) continue;
      try {
        const st = fs.lstatSync(file);
        if (st.isFile() && now - st.mtimeMs > STALE_AFTER_MS) fs.unlinkSync(file);
      } catch {
        // gone already, or not ours to delete
      }
    }
  } catch {
    // an unreadable directory: nothing to prune
  }
}
