import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { parseXml } from '../parse/parseXml';
import { CompiledSchema, type SchemaError } from './validate';

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

// Compiled once per directory; a worker serves one extension host, so a few entries at most.
const schemas = new Map<string, CompiledSchema | Error>();

function schemaFor(dir: string, file: string, contentOf: string | undefined): CompiledSchema {
  const key = `${dir}\u0000${file}\u0000${contentOf ?? ''}`;
  let s = schemas.get(key);
  if (!s) {
    try {
      s = CompiledSchema.load((f) => readFileSync(join(dir, f), 'utf8'), file, {}, contentOf);
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
