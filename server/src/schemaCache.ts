import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAtomically } from './cacheDir';
import { CompiledSchema, type SchemaReader } from './service/schema/validate';
import { SNAPSHOT_FORMAT, SnapshotError } from './service/schema/snapshot';

/**
 * The compiled libvirt schema kept on disk between runs, so a command-line run does not parse
 * and compile libvirt's RelaxNG files every time (see docs/schema-engine.md, "Schema cache").
 *
 * A cache file is named by a hash of everything the compiled schema depends on: the content of
 * every `*.rng` file of the schema directory, the file compiled (and define, for a device),
 * the snapshot format and the build of this program. It is written to a temporary file and
 * renamed into place, so concurrent writers never leave a torn file and readers see a whole
 * old or a whole new one. Its first line carries the key and a hash of the rest: a truncated
 * or corrupt file is noticed, ignored and written again. A cache directory that cannot be
 * created or written is no error: the schema is then compiled on every run, as without a cache.
 */

const MAGIC = 'libvirt-xml-schema';

export interface SchemaCacheOptions {
  /** Where cache files live (created when missing); null: no cache. */
  dir: string | null;
  /**
   * Identifies the program that compiles: its version and build. A cache file written by
   * another build is never read (its compiler may differ).
   */
  buildId: string;
}

/** What happened, for tests and the benchmark. */
export type CacheOutcome = 'hit' | 'written' | 'miss-unwritable' | 'off' | 'uncacheable';

export interface CachedSchema {
  schema: CompiledSchema;
  outcome: CacheOutcome;
  /** The cache file used or written (absent when there is none). */
  file?: string;
}

/**
 * A 64-bit hash of byte strings (two 32-bit multiply-rotate lanes over 4-byte words, each
 * part's length mixed in), as 16 hex digits. Not cryptographic: it tells schema versions and
 * torn files apart, in a directory only the user writes; `node:crypto` is not used because
 * loading it costs a command-line run more than hashing the schemas does.
 */
export function hash64(parts: readonly (string | Uint8Array)[]): string {
  let a = 0x811c9dc5;
  let b = 0x2b1f4c3d;
  const mix = (x: number): void => {
    a = Math.imul(a ^ x, 0x01000193);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ x, 0x5bd1e995);
    b = (b << 17) | (b >>> 15);
  };
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    mix(bytes.length);
    const words = bytes.length >>> 2;
    if (bytes.byteOffset % 4 === 0) {
      const view = new Int32Array(bytes.buffer, bytes.byteOffset, words);
      for (let i = 0; i < words; i++) mix(view[i]);
    } else {
      for (let i = 0; i < words; i++) mix(bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24));
    }
    for (let i = words * 4; i < bytes.length; i++) mix(bytes[i]);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The schema files of a directory by name (`*.rng`), null when it cannot be listed. */
function schemaFiles(dir: string): Map<string, Buffer> | null {
  try {
    const files = new Map<string, Buffer>();
    for (const name of fs.readdirSync(dir).sort()) {
      if (!name.endsWith('.rng')) continue;
      try {
        files.set(name, fs.readFileSync(path.join(dir, name)));
      } catch {
        // unreadable (a directory named *.rng, a dangling link): the compile reports it if it needs it
      }
    }
    return files;
  } catch {
    return null;
  }
}

function cacheKey(files: Map<string, Buffer>, file: string, contentOf: string | undefined, buildId: string): string {
  const parts: (string | Uint8Array)[] = [MAGIC, String(SNAPSHOT_FORMAT), buildId, file, contentOf ?? ''];
  for (const [name, bytes] of files) parts.push(name, bytes);
  return hash64(parts);
}

/** The snapshot text in a cache file, or null when the file is missing, torn, corrupt or someone else's. */
function readCacheFile(file: string, key: string): string | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return null;
  const [magic, fileKey, payloadHash] = bytes.subarray(0, nl).toString('latin1').split(' ');
  if (magic !== MAGIC || fileKey !== key) return null;
  const payload = bytes.subarray(nl + 1);
  if (hash64([payload]) !== payloadHash) return null;
  return payload.toString('utf8');
}

/**
 * The compiled schema `file` of `schemaDir` (with `contentOf`, that define's element content),
 * from the cache when it holds it, else compiled (and then stored). Throws SchemaLoadError as
 * `CompiledSchema.load` does: a schema that does not compile is never cached.
 */
export function loadCompiledSchema(schemaDir: string, file: string, contentOf: string | undefined, options: SchemaCacheOptions): CachedSchema {
  const fromDisk: SchemaReader = (f) => fs.readFileSync(path.join(schemaDir, f), 'utf8');
  const files = options.dir === null ? null : schemaFiles(schemaDir);
  if (options.dir === null || files === null || !files.has(file)) {
    return { schema: CompiledSchema.load(fromDisk, file, {}, contentOf), outcome: 'off' };
  }
  const key = cacheKey(files, file, contentOf, options.buildId);
  const cacheFile = path.join(options.dir, `schema-${key}.cache`);
  const cached = readCacheFile(cacheFile, key);
  if (cached !== null) {
    try {
      return { schema: CompiledSchema.fromSnapshot(cached), outcome: 'hit', file: cacheFile };
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      // written by a build that hashed alike but encoded otherwise: compile and overwrite
    }
  }
  // The files hashed are the files compiled; an include from elsewhere makes it uncacheable.
  let onlyHashed = true;
  const reader: SchemaReader = (f) => {
    const bytes = files.get(f);
    if (bytes !== undefined) return bytes.toString('utf8');
    onlyHashed = false;
    return fromDisk(f);
  };
  const schema = CompiledSchema.load(reader, file, {}, contentOf);
  if (!onlyHashed) return { schema, outcome: 'uncacheable' };
  const payload = Buffer.from(schema.snapshot(), 'utf8');
  const written = writeAtomically(cacheFile, Buffer.concat([Buffer.from(`${MAGIC} ${key} ${hash64([payload])}\n`, 'latin1'), payload]));
  return written ? { schema, outcome: 'written', file: cacheFile } : { schema, outcome: 'miss-unwritable' };
}
