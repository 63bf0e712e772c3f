import { EXPLICIT_SETTINGS_KEY } from '../../server/src/protocol';

/** What `WorkspaceConfiguration.inspect` tells about one key (the parts used here). */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

/**
 * The `libvirt` section as the language server should see it: only the values the user set
 * (in any scope, the most specific first), nested by their dotted keys, and marked
 * `explicitOnly` so that a project's `.libvirt-lint.json` applies to everything else — also
 * where the user's value equals the default, which VS Code's plain answer cannot tell apart.
 */
export function explicitSection(inspect: (key: string) => Inspected | undefined, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { [EXPLICIT_SETTINGS_KEY]: true };
  for (const key of keys) {
    const i = inspect(key);
    const value = i?.workspaceFolderLanguageValue ?? i?.workspaceLanguageValue ?? i?.globalLanguageValue ?? i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (value === undefined) continue;
    // `lint.cache-unsafe` → { lint: { 'cache-unsafe': … } }: the shape the server parses.
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

/** The `libvirt.*` keys a package.json contributes, without the section prefix. */
export function contributedKeys(packageJson: unknown, section: string): string[] {
  const config = (packageJson as { contributes?: { configuration?: unknown } } | undefined)?.contributes?.configuration;
  const sections = (Array.isArray(config) ? config : config ? [config] : []) as { properties?: Record<string, unknown> }[];
  const prefix = `${section}.`;
  return sections.flatMap((s) => Object.keys(s.properties ?? {})).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}
