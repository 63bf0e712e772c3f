import path = require('node:path');
import type { ObjectCatalog } from './service/catalog/catalog';
import { fileURLToPath } from 'node:url';
import { type Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import { builtinVocabulary, isIgnored, PROJECT_CONFIG_FILE, type ProjectConfig, type ProjectConfigError, ProjectConfigLoader } from './projectConfig';
import { EXPLICIT_SETTINGS_KEY, type RuleLevel, type Settings, SETTINGS_SECTION, type TraceLevel } from './protocol';
import { allRules, builtinRules } from './service';
import type { Rule } from './service/rule';
import type { LintSettings } from './service/types';
import { DEFAULT_MAX_FILE_SIZE } from './service/languageService';

const LEVELS = new Set<string>(['off', 'hint', 'info', 'warning', 'error']);
const TRACE = new Set<string>(['off', 'messages', 'verbose']);

export function defaultSettings(): Settings {
  return { validate: { enable: true }, lint: {}, profiles: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, trace: { server: 'off' }, schema: { enable: true, path: '' }, deviceFiles: { domain: '' } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Settings from whatever a client sent: VS Code sends the whole section with defaults,
 * other editors send partial objects or nothing. Unknown or ill-typed values fall back to
 * the defaults rather than failing. Accepts both nested (`lint: {id: level}`) and flat
 * (`'lint.<id>': level`) keys, since some clients do not expand dotted names.
 */
export function normalizeSettings(raw: unknown): Settings {
  const s = defaultSettings();
  if (!isObject(raw)) return s;
  const validate = raw.validate;
  if (isObject(validate) && typeof validate.enable === 'boolean') s.validate.enable = validate.enable;
  if (typeof raw['validate.enable'] === 'boolean') s.validate.enable = raw['validate.enable'];
  const lint = isObject(raw.lint) ? raw.lint : {};
  for (const [id, level] of Object.entries(lint)) if (typeof level === 'string' && LEVELS.has(level)) s.lint[id] = level as RuleLevel;
  for (const [key, level] of Object.entries(raw)) {
    if (key.startsWith('lint.') && typeof level === 'string' && LEVELS.has(level)) s.lint[key.slice(5)] = level as RuleLevel;
  }
  if (Array.isArray(raw.profiles)) s.profiles = raw.profiles.filter((p): p is string => typeof p === 'string');
  if (typeof raw.maxFileSize === 'number' && Number.isFinite(raw.maxFileSize) && raw.maxFileSize > 0) s.maxFileSize = raw.maxFileSize;
  const trace = raw.trace;
  if (isObject(trace) && typeof trace.server === 'string' && TRACE.has(trace.server)) s.trace.server = trace.server as TraceLevel;
  const schema = isObject(raw.schema) ? raw.schema : {};
  const schemaEnable = typeof schema.enable === 'boolean' ? schema.enable : raw['schema.enable'];
  if (typeof schemaEnable === 'boolean') s.schema.enable = schemaEnable;
  const schemaPath = typeof schema.path === 'string' ? schema.path : raw['schema.path'];
  if (typeof schemaPath === 'string') s.schema.path = schemaPath.trim();
  const domain = deviceDomainOf(raw);
  if (typeof domain === 'string') s.deviceFiles.domain = domain.trim();
  return s;
}

/** `deviceFiles.domain`, nested or flat. */
function deviceDomainOf(raw: Record<string, unknown>): unknown {
  const deviceFiles = isObject(raw.deviceFiles) ? raw.deviceFiles : {};
  return deviceFiles.domain ?? raw['deviceFiles.domain'];
}

/** Which settings the user set, as opposed to defaults: those beat `.libvirt-lint.json`. */
export interface UserSet {
  /** Rule ids whose `libvirt.lint.<id>` the user set. */
  lint: ReadonlySet<string>;
  profiles: boolean;
  schemaEnable: boolean;
  schemaPath: boolean;
  deviceDomain: boolean;
}

const ruleDefaults: ReadonlyMap<string, string> = new Map([...allRules, ...builtinRules].map((r) => [r.id, r.defaultSeverity]));

/**
 * What the user set, from the raw section the client answered. A client that marks its answer
 * with `explicitOnly: true` ({@link EXPLICIT_SETTINGS_KEY}) sends only what the user set, so
 * every key present counts. VS Code's plain answer holds every contributed default as well,
 * so there a value equal to its default counts as not set (the config file then applies):
 * a user who sets a value equal to the default does not override the config file until the
 * client sends explicit values only (see the client middleware described at the key).
 */
export function userSet(raw: unknown, s: Settings): UserSet {
  if (isObject(raw) && raw[EXPLICIT_SETTINGS_KEY] === true) {
    const nested = isObject(raw.lint) ? Object.keys(raw.lint) : [];
    const flat = Object.keys(raw).filter((k) => k.startsWith('lint.')).map((k) => k.slice(5));
    const schema = isObject(raw.schema) ? raw.schema : {};
    return {
      lint: new Set([...nested, ...flat].filter((id) => id in s.lint)),
      profiles: Array.isArray(raw.profiles),
      schemaEnable: typeof (schema.enable ?? raw['schema.enable']) === 'boolean',
      schemaPath: typeof (schema.path ?? raw['schema.path']) === 'string',
      deviceDomain: typeof deviceDomainOf(raw) === 'string',
    };
  }
  const defaults = defaultSettings();
  return {
    lint: new Set(Object.entries(s.lint).filter(([id, level]) => ruleDefaults.get(id) !== level).map(([id]) => id)),
    profiles: s.profiles.length > 0,
    schemaEnable: s.schema.enable !== defaults.schema.enable,
    schemaPath: s.schema.path !== defaults.schema.path,
    deviceDomain: s.deviceFiles.domain !== defaults.deviceFiles.domain,
  };
}

/**
 * The settings of one file with its project config merged under what the user set: rule
 * levels, profiles and the schema from the config where the user set none; a file that
 * the config's `ignore` names is not validated.
 */
export function withProjectConfig(s: Settings, set: UserSet, config: ProjectConfig, file: string): Settings {
  const out: Settings = { ...s, validate: { ...s.validate }, lint: { ...s.lint }, profiles: [...s.profiles], trace: { ...s.trace }, schema: { ...s.schema }, deviceFiles: { ...s.deviceFiles } };
  for (const [id, level] of Object.entries(config.rules)) if (!set.lint.has(id)) out.lint[id] = level;
  if (config.profiles && !set.profiles) out.profiles = [...config.profiles];
  if (config.schema.enable !== undefined && !set.schemaEnable) out.schema.enable = config.schema.enable;
  if (config.schema.path !== undefined && !set.schemaPath) out.schema.path = config.schema.path;
  if (config.domain !== undefined && !set.deviceDomain) out.deviceFiles.domain = config.domain;
  if (isIgnored(config, file)) out.validate.enable = false;
  return out;
}

/** The file of a `file:` URI; null for other schemes (untitled, libvirt:). */
export function filePath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/**
 * The service's view of the settings. A level equal to the rule's default severity is left
 * out: VS Code reports every contributed default as if the user had set it, and a set level
 * would flatten the severities a rule gives individual findings (an advisory `info` next to
 * a `warning` of the same rule).
 */
export function toLintSettings(settings: Settings, rules: readonly Rule[], catalog?: ObjectCatalog): LintSettings {
  const defaults = new Map(rules.map((r) => [r.id, r.defaultSeverity]));
  const levels: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(settings.lint)) if (defaults.get(id) !== level) levels[id] = level;
  const domain = settings.deviceFiles.domain;
  return { rules: levels, profiles: settings.profiles, maxFileSize: settings.maxFileSize, ...(domain && path.isAbsolute(domain) ? { domainFile: domain } : {}), ...(catalog ? { catalog } : {}) };
}

/** The client's settings with what the user set among them. */
interface Pulled {
  settings: Settings;
  set: UserSet;
}

function fromClient(raw: unknown): Pulled {
  const settings = normalizeSettings(raw);
  return { settings, set: userSet(raw, settings) };
}

/**
 * Settings per resource, pulled with workspace/configuration and cached until the client
 * says they changed. Clients without workspace/configuration push them with
 * didChangeConfiguration; those apply to every document.
 */
export class SettingsStore {
  private readonly perUri = new Map<string, Promise<Pulled>>();
  private global: Pulled = { settings: defaultSettings(), set: userSet(undefined, defaultSettings()) };
  /** `.libvirt-lint.json` files, checked again on each lookup: they may be edited at any time. */
  private readonly configs = new ProjectConfigLoader(builtinVocabulary(), { revalidate: true });
  /** The last problem reported per config file, so that each is told once. */
  private readonly reported = new Map<string, string>();
  pullSupported = false;

  /** `isOpen`: settings are cached only for open documents (requests may name any URI). */
  constructor(
    private readonly connection: Connection,
    private readonly isOpen: (uri: string) => boolean = () => true,
    /** Workspace folder paths, for settings relative to a folder. */
    private readonly workspaceFolders: () => readonly string[] = () => [],
  ) {}

  /** How many documents' settings are cached. */
  get cachedCount(): number {
    return this.perUri.size;
  }

  /** The settings of a document: the client's, over the `.libvirt-lint.json` of its file. */
  async get(uri: string): Promise<Settings> {
    return this.withDomainResolved(uri, this.withConfig(uri, await this.pulled(uri)));
  }

  /**
   * `deviceFiles.domain` as an absolute path: a relative one (the VS Code setting) is taken
   * from the workspace folder that holds the file, else from the file's directory; documents
   * that are not files keep only absolute paths.
   */
  private withDomainResolved(uri: string, s: Settings): Settings {
    const domain = s.deviceFiles.domain;
    if (!domain || path.isAbsolute(domain)) return s;
    const file = filePath(uri);
    if (!file) return { ...s, deviceFiles: { domain: '' } };
    const folder = this.workspaceFolders().filter((f) => file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
    return { ...s, deviceFiles: { domain: path.resolve(folder ?? path.dirname(file), domain) } };
  }

  private pulled(uri: string): Promise<Pulled> {
    if (!this.pullSupported) return Promise.resolve(this.global);
    let pending = this.perUri.get(uri);
    if (!pending) {
      pending = this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(fromClient, () => fromClient(undefined));
      if (this.isOpen(uri)) this.perUri.set(uri, pending);
    }
    return pending;
  }

  /**
   * Merges the file's project config. A config that cannot be used is reported (log and a
   * warning, once per problem) and left out: the document is linted with the client's settings.
   */
  private withConfig(uri: string, pulled: Pulled): Settings {
    const file = filePath(uri);
    if (!file) return pulled.settings;
    let lookup;
    try {
      lookup = this.configs.forFile(file);
    } catch (error) {
      this.connection.console.error(`looking for ${PROJECT_CONFIG_FILE} above ${file} failed: ${error instanceof Error ? error.message : String(error)}`);
      return pulled.settings;
    }
    if (!lookup) return pulled.settings;
    if (lookup.error) {
      this.report(lookup.error);
      return pulled.settings;
    }
    this.reported.delete(lookup.file);
    return withProjectConfig(pulled.settings, pulled.set, lookup.config, file);
  }

  private report(error: ProjectConfigError): void {
    if (this.reported.get(error.file) === error.message) return;
    this.reported.set(error.file, error.message);
    const message = `libvirt: config file ${error.message}. It is not used until it is fixed.`;
    this.connection.console.error(message);
    // a notification: nothing to answer, nothing to wait for
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
  }

  /** didChangeConfiguration: forget what was pulled; take pushed settings when there is no pull. */
  changed(pushed: unknown): void {
    this.perUri.clear();
    if (!this.pullSupported) this.global = fromClient(isObject(pushed) ? pushed[SETTINGS_SECTION] : undefined);
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }
}
