/**
 * The project config file `.libvirt-lint.json`, shared by the CLI and the language server so
 * that the editor and CI lint a file the same way. It is looked up from each file's directory
 * upwards; the nearest one applies (they are not merged).
 *
 * ```json
 * { "rules": { "shared-disk-cache-enabled": "error" }, "profiles": ["migration"],
 *   "schema": { "enable": true, "path": "schemas" }, "ignore": ["generated/**"] }
 * ```
 *
 * `schema.path`, `domain` and the `ignore` patterns are relative to the directory of the config file.
 * `domain` names the domain that the device files (`<disk>` … for `virsh attach-device`)
 * governed by the config are attached to: they are checked as part of it.
 */
import fs = require('node:fs');
import path = require('node:path');
import { allProfiles, allRules, builtinRules } from './service';
import { PROJECT_CONFIG_FILE } from './protocol';
import { LEVELS, type Level } from './service/types';

export { PROJECT_CONFIG_FILE } from './protocol';

const KEYS = ['rules', 'profiles', 'schema', 'ignore', 'domain'] as const;
const SCHEMA_KEYS = ['enable', 'path'] as const;

export interface ProjectConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Rule levels, by rule id. */
  rules: Record<string, Level>;
  /** The profiles, when the file names them (an empty list turns the profiles off). */
  profiles?: string[];
  /** `path` is absolute (resolved against the config file's directory). */
  schema: { enable?: boolean; path?: string };
  /** Glob patterns relative to the config file's directory, as written. */
  ignore: string[];
  /** The domain file device files are attached to, absolute (resolved against the config file's directory). */
  domain?: string;
}

/** A config file that cannot be used; the message names the file and says what to change. */
export class ProjectConfigError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ProjectConfigError';
  }
}

/** What a config file may name: the rule ids and (when given) the profiles. */
export interface ConfigVocabulary {
  rules: readonly string[];
  /** Absent: any profile name is taken. */
  profiles?: readonly string[];
}

/**
 * What the CLI and the language server accept in a config file: every registered and
 * built-in rule id, and the profiles of the profile registry.
 */
export function builtinVocabulary(): ConfigVocabulary {
  return { rules: [...allRules, ...builtinRules].map((r) => r.id), profiles: allProfiles.map((p) => p.id) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Edit distance, to suggest the id a typo was meant to be. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

function suggestion(word: string, known: readonly string[], quote = "'"): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const k of known) {
    const d = distance(word, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best ? ` (did you mean ${quote}${best}${quote}?)` : '';
}

/** "line L, column C" of a character offset (1-based), for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function parseJson(text: string, file: string): unknown {
  if (text.trim() === '') throw new ProjectConfigError(file, 'the file is empty; write a JSON object such as {"rules": {}}');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message);
    const where = at ? ` at ${lineColumn(text, Number(at[1]))}` : '';
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new ProjectConfigError(file, `not valid JSON${where}: ${reason}`);
  }
}

/**
 * Checks one ignore pattern. Patterns are relative to the config file's directory; a negated
 * pattern would silently ignore everything else, so it is refused.
 */
function checkPattern(pattern: unknown, file: string): string {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new ProjectConfigError(file, `"ignore" must be a list of glob patterns (non-empty strings), got ${JSON.stringify(pattern)}`);
  if (pattern.startsWith('!')) throw new ProjectConfigError(file, `"ignore" pattern '${pattern}': negated patterns are not supported; list only what to ignore`);
  if (path.isAbsolute(pattern) || pattern.split('/').includes('..')) {
    throw new ProjectConfigError(file, `"ignore" pattern '${pattern}' must be relative to the directory of the config file, without '..'`);
  }
  return pattern;
}

/** Parses and checks the text of a config file; throws ProjectConfigError. Pure: no I/O. */
export function parseProjectConfig(text: string, file: string, vocabulary: ConfigVocabulary): ProjectConfig {
  const raw = parseJson(text.replace(/^\uFEFF/, ''), file);
  if (!isObject(raw)) throw new ProjectConfigError(file, 'the file must hold one JSON object, e.g. {"rules": {"cache-unsafe": "error"}}');
  for (const key of Object.keys(raw)) {
    if (!(KEYS as readonly string[]).includes(key)) throw new ProjectConfigError(file, `unknown key "${key}"${suggestion(key, KEYS, '"')}; the keys are ${KEYS.map((k) => `"${k}"`).join(', ')}`);
  }
  const dir = path.dirname(file);
  const config: ProjectConfig = { file, rules: {}, schema: {}, ignore: [] };

  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) throw new ProjectConfigError(file, '"rules" must be an object of rule id → level, e.g. {"cache-unsafe": "error"}');
    for (const [id, level] of Object.entries(raw.rules)) {
      if (!vocabulary.rules.includes(id)) throw new ProjectConfigError(file, `unknown rule id '${id}' in "rules"${suggestion(id, vocabulary.rules)}; docs/rules.md and 'libvirt-xml-lint --list-rules' list the ids`);
      if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) {
        throw new ProjectConfigError(file, `bad level ${JSON.stringify(level)} for rule '${id}'; use one of ${LEVELS.join(', ')}`);
      }
      config.rules[id] = level as Level;
    }
  }

  if (raw.profiles !== undefined) {
    if (!Array.isArray(raw.profiles)) throw new ProjectConfigError(file, '"profiles" must be a list of profile names, e.g. ["migration"]');
    const profiles: string[] = [];
    for (const name of raw.profiles) {
      if (typeof name !== 'string') throw new ProjectConfigError(file, `"profiles" must be a list of profile names (strings), got ${JSON.stringify(name)}`);
      if (vocabulary.profiles && !vocabulary.profiles.includes(name)) {
        throw new ProjectConfigError(file, `unknown profile '${name}' in "profiles"${suggestion(name, vocabulary.profiles)}; known profiles: ${vocabulary.profiles.join(', ')}`);
      }
      if (!profiles.includes(name)) profiles.push(name);
    }
    config.profiles = profiles;
  }

  if (raw.schema !== undefined) {
    if (!isObject(raw.schema)) throw new ProjectConfigError(file, '"schema" must be an object such as {"enable": true, "path": "schemas"}');
    for (const key of Object.keys(raw.schema)) {
      if (!(SCHEMA_KEYS as readonly string[]).includes(key)) throw new ProjectConfigError(file, `unknown key "schema.${key}"${suggestion(key, SCHEMA_KEYS, '"')}; "schema" takes "enable" and "path"`);
    }
    const { enable, path: dirName } = raw.schema;
    if (enable !== undefined && typeof enable !== 'boolean') throw new ProjectConfigError(file, `"schema.enable" must be true or false, got ${JSON.stringify(enable)}`);
    if (dirName !== undefined && (typeof dirName !== 'string' || dirName.trim() === '')) {
      throw new ProjectConfigError(file, `"schema.path" must be a directory holding domain.rng (relative to the config file), got ${JSON.stringify(dirName)}`);
    }
    if (enable !== undefined) config.schema.enable = enable;
    if (typeof dirName === 'string') config.schema.path = path.resolve(dir, dirName.trim());
  }

  if (raw.domain !== undefined) {
    if (typeof raw.domain !== 'string' || raw.domain.trim() === '') {
      throw new ProjectConfigError(file, `"domain" must name the domain XML file that device files are attached to (relative to the config file), got ${JSON.stringify(raw.domain)}`);
    }
    config.domain = path.resolve(dir, raw.domain.trim());
  }

  if (raw.ignore !== undefined) {
    if (!Array.isArray(raw.ignore)) throw new ProjectConfigError(file, '"ignore" must be a list of glob patterns, e.g. ["generated/**"]');
    config.ignore = raw.ignore.map((p) => checkPattern(p, file));
  }
  return config;
}

const matchers = new WeakMap<ProjectConfig, (p: string) => boolean>();

/**
 * Whether a file is ignored by its config: the path relative to the config file's directory
 * (forward slashes), or one of its parent directories, matches an `ignore` pattern.
 */
export function isIgnored(config: ProjectConfig, file: string): boolean {
  if (config.ignore.length === 0) return false;
  const relative = path.relative(path.dirname(config.file), path.resolve(file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  let match = matchers.get(config);
  if (!match) {
    // loaded for the first config with `ignore` patterns only
    const picomatch = require('picomatch') as typeof import('picomatch');
    match = picomatch(
      config.ignore.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')),
      { dot: true },
    );
    matchers.set(config, match);
  }
  const parts = relative.split(path.sep);
  for (let i = 1; i <= parts.length; i++) if (match(parts.slice(0, i).join('/'))) return true;
  return false;
}

/** The config that governs a file: none, a usable one, or one in error. */
export type ConfigLookup = { file: string; config: ProjectConfig; error?: undefined } | { file: string; config?: undefined; error: ProjectConfigError } | null;

export interface LoaderOptions {
  /**
   * Check the files again on every lookup (the language server: a config may be created,
   * edited or removed while the editor runs). Off (the CLI): each directory is looked at once.
   */
  revalidate?: boolean;
}

/**
 * Finds and reads config files, upwards from a file's directory to the filesystem root.
 * Parsed files are cached by path and modification stamp.
 */
export class ProjectConfigLoader {
  private readonly byDir = new Map<string, string | null>();
  private readonly parsed = new Map<string, { stamp: string; lookup: ConfigLookup }>();

  constructor(
    private readonly vocabulary: ConfigVocabulary,
    private readonly options: LoaderOptions = {},
  ) {}

  /** The config of a file (that need not exist): the nearest `.libvirt-lint.json` above it. */
  forFile(file: string): ConfigLookup {
    return this.forDirectory(path.dirname(path.resolve(file)));
  }

  forDirectory(start: string): ConfigLookup {
    const visited: string[] = [];
    let found: string | null = null;
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const cached = this.options.revalidate ? undefined : this.byDir.get(dir);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(dir);
      const candidate = path.join(dir, PROJECT_CONFIG_FILE);
      const st = fs.statSync(candidate, { throwIfNoEntry: false });
      if (st?.isFile()) {
        found = candidate;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    if (!this.options.revalidate) for (const dir of visited) this.byDir.set(dir, found);
    return found ? this.read(found) : null;
  }

  private read(file: string): ConfigLookup {
    let stamp = '';
    try {
      const st = fs.statSync(file);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      // removed since the lookup: read() below reports it
    }
    const cached = this.parsed.get(file);
    if (cached && cached.stamp === stamp) return cached.lookup;
    let lookup: ConfigLookup;
    try {
      lookup = { file, config: parseProjectConfig(fs.readFileSync(file, 'utf8'), file, this.vocabulary) };
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      const problem = error instanceof ProjectConfigError ? error : new ProjectConfigError(file, `cannot read the file: ${e.code === 'EACCES' ? 'permission denied' : (e.message ?? String(error))}`);
      lookup = { file, error: problem };
    }
    this.parsed.set(file, { stamp, lookup });
    return lookup;
  }
}
