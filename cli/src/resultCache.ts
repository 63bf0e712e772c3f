import fs = require('node:fs');
import path = require('node:path');
import { writeWhole } from '../../server/src/cacheDir';
import type { CliDiagnostic } from './format';

/**
 * `--cache`: each file's findings kept between runs, as eslint's `--cache` keeps them. A file
 * is linted again only when something its findings depend on changed: its bytes, its
 * settings (rules, profiles, the schema's content, the domain device files attach to, the
 * networks and pools among the files of the run), or the build of the linter. Each file's
 * entry carries a key of all of these (made by the caller); a file whose key differs from
 * its entry's is linted and its entry replaced. Entries are by path, relative to the cache
 * file, so a cache restored in another checkout (a CI cache) still matches.
 *
 * The file is JSON, written whole or not at all (a temporary file renamed into place), only
 * when an entry changed. A cache file that cannot be read, is not JSON or is of another build
 * counts as empty and is written again; one that cannot be written is a note, never an error:
 * without a cache the run is only slower.
 */

/** What is kept of a file's run: its findings, or why it was skipped. */
export type CachedResult = { diagnostics: CliDiagnostic[]; fixes: boolean } | { skipped: string };

interface Entry {
  key: string;
  result: CachedResult;
}

interface CacheFile {
  format: typeof FORMAT;
  build: string;
  files: Record<string, Entry>;
}

const FORMAT = 'libvirt-xml-lint-results-1';
/** The default file, in the working directory (next to a project's `.libvirt-lint.json`, in its .gitignore). */
export const DEFAULT_RESULT_CACHE = '.libvirt-lint-cache';

export class ResultCache {
  private changed = false;
  private readonly seen = new Set<string>();

  private constructor(
    /** The cache file. */
    readonly file: string,
    private readonly build: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  /**
   * The cache at `location` (a file, or a directory to hold `.libvirt-lint-cache`), for this
   * build; empty when there is none yet or it cannot be used.
   */
  static open(location: string, build: string): ResultCache {
    let file = path.resolve(location);
    try {
      if (location.endsWith(path.sep) || location.endsWith('/') || fs.statSync(file).isDirectory()) file = path.join(file, DEFAULT_RESULT_CACHE);
    } catch {
      // not there yet: a file
    }
    const entries = new Map<string, Entry>();
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.format === FORMAT && parsed.build === build && parsed.files && typeof parsed.files === 'object') {
        for (const [name, entry] of Object.entries(parsed.files)) if (isEntry(entry)) entries.set(name, entry);
      }
    } catch {
      // none, unreadable or damaged: an empty cache, written whole at the end
    }
    return new ResultCache(file, build, entries);
  }

  private nameOf(file: string): string {
    return path.relative(path.dirname(this.file), path.resolve(file)).split(path.sep).join('/');
  }

  /** The result kept for `file` under `key`; undefined when there is none or it was made otherwise. */
  get(file: string, key: string, needFixes: boolean): CachedResult | undefined {
    const name = this.nameOf(file);
    this.seen.add(name);
    const entry = this.entries.get(name);
    if (!entry || entry.key !== key) return undefined;
    if ('diagnostics' in entry.result && needFixes && !entry.result.fixes) return undefined;
    return entry.result;
  }

  set(file: string, key: string, result: CachedResult): void {
    const name = this.nameOf(file);
    this.seen.add(name);
    const entry = this.entries.get(name);
    if (entry && entry.key === key && JSON.stringify(entry.result) === JSON.stringify(result)) return;
    this.entries.set(name, { key, result });
    this.changed = true;
  }

  /**
   * Writes the cache when an entry changed (whole or not at all), leaving out the entries of
   * files that are gone (those of files another run lints are kept). Returns the error when it
   * cannot be written.
   */
  save(): NodeJS.ErrnoException | null {
    // a run that changed nothing writes nothing, and does not look for the other files either
    if (!this.changed) return null;
    for (const name of [...this.entries.keys()]) {
      if (!this.seen.has(name) && !fs.existsSync(path.resolve(path.dirname(this.file), name))) this.entries.delete(name);
    }
    const content: CacheFile = { format: FORMAT, build: this.build, files: Object.fromEntries([...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    // in the project, next to its files: not private to the user, and no pruning of its directory
    const error = writeWhole(this.file, JSON.stringify(content), { private: false });
    if (error === null) this.changed = false;
    return error;
  }
}

// A cache file is the user's file: one edited by hand or damaged is checked, entry by entry,
// to the last field the report reads, and what does not hold is left out (that file is linted).
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isPosition = (x: unknown): boolean => isObject(x) && Number.isInteger(x.line) && Number.isInteger(x.character);
const isRange = (x: unknown): boolean => isObject(x) && isPosition(x.start) && isPosition(x.end);
const SEVERITIES: readonly unknown[] = ['error', 'warning', 'info', 'hint'];
const isFix = (x: unknown): boolean =>
  isObject(x) && typeof x.title === 'string' && typeof x.preferred === 'boolean' && Array.isArray(x.edits) && x.edits.every((e) => isObject(e) && isRange(e.range) && typeof e.newText === 'string');
const isDiagnostic = (x: unknown): boolean =>
  isObject(x) && typeof x.ruleId === 'string' && SEVERITIES.includes(x.severity) && typeof x.message === 'string' && isRange(x.range) && Array.isArray(x.fixes) && x.fixes.every(isFix);

function isEntry(x: unknown): x is Entry {
  if (!isObject(x) || typeof x.key !== 'string' || !isObject(x.result)) return false;
  const r = x.result;
  return typeof r.skipped === 'string' || (Array.isArray(r.diagnostics) && r.diagnostics.every(isDiagnostic) && typeof r.fixes === 'boolean');
}
