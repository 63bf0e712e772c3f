import type { Connection } from 'vscode-languageserver/node';
import { type RuleLevel, type Settings, SETTINGS_SECTION, type TraceLevel } from './protocol';
import type { Rule } from './service/rule';
import type { LintSettings } from './service/types';
import { DEFAULT_MAX_FILE_SIZE } from './service/languageService';

const LEVELS = new Set<string>(['off', 'hint', 'info', 'warning', 'error']);
const TRACE = new Set<string>(['off', 'messages', 'verbose']);

export function defaultSettings(): Settings {
  return { validate: { enable: true }, lint: {}, profiles: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, trace: { server: 'off' }, schema: { enable: true, path: '' } };
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
  return s;
}

/**
 * The service's view of the settings. A level equal to the rule's default severity is left
 * out: VS Code reports every contributed default as if the user had set it, and a set level
 * would flatten the severities a rule gives individual findings (an advisory `info` next to
 * a `warning` of the same rule).
 */
export function toLintSettings(settings: Settings, rules: readonly Rule[]): LintSettings {
  const defaults = new Map(rules.map((r) => [r.id, r.defaultSeverity]));
  const levels: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(settings.lint)) if (defaults.get(id) !== level) levels[id] = level;
  return { rules: levels, profiles: settings.profiles, maxFileSize: settings.maxFileSize };
}

/**
 * Settings per resource, pulled with workspace/configuration and cached until the client
 * says they changed. Clients without workspace/configuration push them with
 * didChangeConfiguration; those apply to every document.
 */
export class SettingsStore {
  private readonly perUri = new Map<string, Promise<Settings>>();
  private global: Settings = defaultSettings();
  pullSupported = false;

  /** `isOpen`: settings are cached only for open documents (requests may name any URI). */
  constructor(
    private readonly connection: Connection,
    private readonly isOpen: (uri: string) => boolean = () => true,
  ) {}

  /** How many documents' settings are cached. */
  get cachedCount(): number {
    return this.perUri.size;
  }

  get(uri: string): Promise<Settings> {
    if (!this.pullSupported) return Promise.resolve(this.global);
    let pending = this.perUri.get(uri);
    if (!pending) {
      pending = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(normalizeSettings, () => defaultSettings());
      if (this.isOpen(uri)) this.perUri.set(uri, pending);
    }
    return pending;
  }

  /** didChangeConfiguration: forget what was pulled; take pushed settings when there is no pull. */
  changed(pushed: unknown): void {
    this.perUri.clear();
    if (!this.pullSupported) this.global = normalizeSettings(isObject(pushed) ? pushed[SETTINGS_SECTION] : undefined);
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }
}
