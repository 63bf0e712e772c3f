import type { ResponseError } from 'vscode-languageserver/node';
import type { DocumentStore } from '../documents';
import type { Settings, StatusParams, StatusResult } from '../protocol';
import { DEFAULT_SCHEMA_DIRS, findSchemaDir } from '../schemaFiles';
import { schemaVersion } from '../schemaVersion';
import type { LanguageService } from '../service/languageService';
import type { LintSettings } from '../service/types';

/** Schema directories and their versions, looked up once per directory (a file read). */
const versions = new Map<string, string | null>();

/**
 * `libvirt/status`: what the editor's language status item shows for a document: the schema
 * validation it gets (off, the directory and libvirt version in use, or where none was found)
 * and the active profiles. Bad params are read as "no document".
 */
export async function status(
  service: LanguageService,
  store: DocumentStore,
  settingsOf: (uri: string) => Promise<Settings>,
  lintSettingsOf: (uri: string) => Promise<LintSettings>,
  schemaOn: { defaultDirs?: readonly string[] } | undefined,
  params: unknown,
): Promise<StatusResult | ResponseError<void>> {
  const uri = typeof params === 'object' && params !== null && typeof (params as StatusParams).uri === 'string' ? (params as StatusParams).uri! : '';
  const settings = await settingsOf(uri);
  const document = uri ? store.get(uri) : undefined;
  const parsed = document ? store.parsed(document, await lintSettingsOf(uri)) : undefined;
  const isDomain = parsed ? service.isLibvirtDocument(parsed) : false;
  const base = { profiles: [...settings.profiles], isDomain, kind: parsed?.kind?.id ?? null };
  if (!schemaOn) return { ...base, schema: { kind: 'off', reason: 'not available in this server' } };
  if (!settings.schema.enable) return { ...base, schema: { kind: 'off', reason: 'libvirt.schema.enable is false' } };
  const location = findSchemaDir(settings.schema.path, schemaOn.defaultDirs ?? DEFAULT_SCHEMA_DIRS);
  if (!location.dir) return { ...base, schema: { kind: 'missing', searched: location.searched } };
  if (!versions.has(location.dir)) versions.set(location.dir, schemaVersion(location.dir));
  return { ...base, schema: { kind: 'found', dir: location.dir, version: versions.get(location.dir) ?? null } };
}
