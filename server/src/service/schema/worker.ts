import { parentPort } from 'node:worker_threads';
import { userCacheDir } from '../../cacheDir';
import { buildId, loadCompiledSchema } from '../../schemaCache';
import { parseXml } from '../parse/parseXml';
import type { CompiledSchema, SchemaError } from './validate';

/** A request from the host: validate `text` against `dir`/`file` (default domain.rng). */
export interface SchemaRequest {
  id: number;
  dir: string;
  file?: string;
  /** Validate against the content of this define's element instead of the start (a device fragment). */
  contentOf?: string;
  text: string;
}

export type SchemaResponse = { id: number; ok: true; errors: SchemaError[]; ms: number } | { id: number; ok: false; message: string };

// Loaded once per directory; a worker serves one extension host, so a few entries at most.
const schemas = new Map<string, CompiledSchema | Error>();

/**
 * The compiled schema, from the cache the command line keeps too (server/src/schemaCache.ts:
 * keyed by the schema files' content and this build; read lazily, it takes about 15 ms and
 * 2 MB where compiling libvirt's grammar takes 0.3 s and 40 MB at its peak), else compiled and
 * stored there. A cache directory that cannot be used means compiling, as before.
 */
function schemaFor(dir: string, file: string, contentOf: string | undefined): CompiledSchema {
  const key = `${dir}\u0000${file}\u0000${contentOf ?? ''}`;
  let s = schemas.get(key);
  if (!s) {
    try {
      s = loadCompiledSchema(dir, file, contentOf, { dir: userCacheDir(), buildId: buildId() }).schema;
    } catch (e) {
      s = e instanceof Error ? e : new Error(String(e));
    }
    schemas.set(key, s);
  }
  if (s instanceof Error) throw s;
  return s;
}

export function handleSchemaRequest(req: SchemaRequest): SchemaResponse {
  const t0 = performance.now();
  try {
    const schema = schemaFor(req.dir, req.file ?? 'domain.rng', req.contentOf);
    const errors = schema.validate(parseXml(req.text));
    return { id: req.id, ok: true, errors, ms: performance.now() - t0 };
  } catch (e) {
    return { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

parentPort?.on('message', (req: SchemaRequest) => {
  parentPort!.postMessage(handleSchemaRequest(req));
});
