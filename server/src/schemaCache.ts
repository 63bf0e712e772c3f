import fs = require('node:fs');
import path = require('node:path');
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
/** The machine's byte order, as `os.endianness()` names it (without loading node:os). */
const ENDIANNESS = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'LE' : 'BE';

export interface SchemaCacheOptions {
  /** Where cache files live (created when missing); null: no cache. */
  dir: string | null;
  /**
   * Identifies the program that compiles: its version and build. A cache file written by
   * another build is never read (its compiler may differ).
   */
  buildId: string;
  /**
   * How many bytes of documents the run validates, when known. A run over enough of them
   * reads, and stores, the states earlier such runs derived (see storeDerived); without it,
   * or for a run over a few small files, only the grammar is read (the stored states cost
   * more to read than they would save).
   */
  inputBytes?: number;
}

/**
 * The build: in a bundle, the version and a hash of the sources it was built from (set by
 * scripts/build.mjs, the same in every bundle of one build: the command line and the language
 * server's schema worker share cache files); else (compiled tests) this file's size and time.
 * A cached compiled schema is used only by the build that wrote it.
 */
declare const LIBVIRT_XML_BUILD: string | undefined;
export function buildId(): string {
  if (typeof LIBVIRT_XML_BUILD === 'string') return LIBVIRT_XML_BUILD;
  try {
    const st = fs.statSync(__filename);
    return `unbundled:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'unbundled';
  }
}

/** What happened, for tests and the benchmark. */
export type CacheOutcome = 'hit' | 'written' | 'miss-unwritable' | 'off' | 'uncacheable';

export interface CachedSchema {
  schema: CompiledSchema;
  outcome: CacheOutcome;
  /** The cache file used or written (absent when there is none). */
  file?: string;
  /** The cache file's key (with `file`). */
  key?: string;
  /** Where the derived states go (storeDerived), with what decides whether they are worth storing. */
  derived?: { file: string; inputBytes: number; grammarBytes: number; mayReplace: boolean };
}

/**
 * What validating derives is stored (storeDerived) only when a run made at least this many
 * new states (derived patterns): a run over files met before, or with new values only, does
 * not rewrite the file.
 */
export const STORE_MIN_DERIVED = 64;
/**
 * The derived states are read, instead of the grammar alone, when what they add to the
 * grammar's file is at most this many times the size of the documents to validate. Each
 * megabyte added costs a cold run about 10 ms (reading, hashing and checking it), while a
 * memo that knows the documents' states saves most of their validation: about 10 ms for one
 * typical 4 KB domain (whose states add about 95 KB), 120 ms for 300 domains (330 KB; 1.7 MB
 * added), 130 ms for a 5,000-disk domain (1.8 MB; 0.65 MB added). Measured with a file 3.6 MB
 * larger than the grammar's (the whole corpus's states), a run over one domain that read it
 * took 35 ms longer; by this rule it takes 72 KB of documents to read it.
 */
export const DERIVED_BYTES_PER_INPUT_BYTE = 50;
/** At least this many bytes a derived pattern adds to the file (its record and table slot): an early no to storing. */
const MIN_BYTES_PER_DERIVED_PATTERN = 24;
/**
 * Nor past these sizes: a schema read back with more patterns would come near the memo limit
 * at which validation drops its tables (validate.ts, 500,000 patterns), and each run reads
 * the whole file. The file keeps what it holds; the rest is derived in each run, as before.
 */
export const STORE_MAX_PATTERNS = 200_000;
export const STORE_MAX_BYTES = 24 * 1024 * 1024;

/**
 * A 64-bit hash of byte strings (two 32-bit multiply-rotate lanes over 4-byte words, each
 * part's length mixed in), as 16 hex digits. Not cryptographic: it tells schema versions and
 * torn files apart, in a directory only the user writes; `node:crypto` is not used because
 * loading it costs a command-line run more than hashing the schemas does.
 */
export function hash64(parts: readonly (string | Uint8Array)[]): string {
  let a = 0x811c9dc5;
  let b = 0x2b1f4c3d;
  for (const part of parts) {
    let bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    const n = bytes.length;
    a = Math.imul(a ^ n, 0x01000193);
    b = Math.imul(b ^ n, 0x5bd1e995);
    const words = n >>> 2;
    if (bytes.byteOffset % 4 !== 0) bytes = Uint8Array.prototype.slice.call(bytes);
    const view = new Int32Array(bytes.buffer, bytes.byteOffset, words);
    // one loop, no calls: it runs cold, over every schema file
    for (let i = 0; i < words; i++) {
      const x = view[i];
      a = Math.imul(a ^ x, 0x01000193);
      a = (a << 13) | (a >>> 19);
      b = Math.imul(b ^ x, 0x5bd1e995);
      b = (b << 17) | (b >>> 15);
    }
    for (let i = words * 4; i < n; i++) {
      a = Math.imul(a ^ bytes[i], 0x01000193);
      b = Math.imul(b ^ bytes[i], 0x5bd1e995);
    }
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The `*.rng` files of a schema directory, sorted, each with what `stat` says of it. */
interface SchemaDirListing {
  names: string[];
  /** size, modification time, inode and device of every file: when none changed, neither did the content. */
  stamp: string;
}

function listSchemaDir(dir: string): SchemaDirListing | null {
  try {
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.rng')).sort();
    const stamp: string[] = [];
    for (const name of names) {
      const st = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
      stamp.push(st ? `${name}:${st.size}:${st.mtimeMs}:${st.ino}:${st.dev}` : `${name}:-`);
    }
    return { names, stamp: stamp.join('/') };
  } catch {
    return null;
  }
}

/** The content of the schema files by name; an unreadable one is left out (the compile reports it if it needs it). */
function readSchemaFiles(dir: string, names: readonly string[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of names) {
    try {
      files.set(name, fs.readFileSync(path.join(dir, name)));
    } catch {
      // a directory named *.rng, a dangling link
    }
  }
  return files;
}

function cacheKey(files: Map<string, Buffer>, file: string, contentOf: string | undefined, buildId: string): string {
  // the snapshot's integers are in the machine's byte order
  const parts: (string | Uint8Array)[] = [MAGIC, String(SNAPSHOT_FORMAT), ENDIANNESS, buildId, file, contentOf ?? ''];
  for (const [name, bytes] of files) parts.push(name, bytes);
  return hash64(parts);
}

/** The size of a file, or undefined when there is none to read (also when the cache home is a file). */
function fileSize(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}

/** A cache file: a header line (magic, key, hash of the rest), then the payload. */
function readCacheFile(file: string, key: string): Buffer | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  const nl = bytes.indexOf(0x0a);
  if (nl < 0 || nl > 200) return null;
  const [magic, fileKey, payloadHash] = bytes.subarray(0, nl).toString('latin1').trimEnd().split(' ');
  if (magic !== MAGIC || fileKey !== key) return null;
  const payload = bytes.subarray(nl + 1);
  if (hash64([payload]) !== payloadHash) return null;
  return payload;
}

/** The header line's length in bytes, newline and padding included, with a 16-digit key (writeCacheFile). */
const HEADER_BYTES = (MAGIC.length + 38) & ~3;

function writeCacheFile(file: string, key: string, payload: Uint8Array): boolean {
  // padded so that the payload starts at a multiple of 4 bytes: a snapshot's integers are then read in place
  let header = `${MAGIC} ${key} ${hash64([payload])}`;
  header = header.padEnd(((header.length + 1 + 3) & ~3) - 1, ' ');
  return writeAtomically(file, Buffer.concat([Buffer.from(`${header}\n`, 'latin1'), payload]));
}

/**
 * A key of the content of every `*.rng` file in `schemaDir` and of this build (what any schema
 * compiled from the directory depends on), from the stamp kept in `options.dir` when it is
 * there; null when the directory cannot be listed or has no domain.rng.
 */
export function schemaDirKey(schemaDir: string, options: { dir: string | null; buildId: string }): string | null {
  return contentKey(schemaDir, 'domain.rng', undefined, options)?.key ?? null;
}

/**
 * The content key of the schema directory: from its stamp file in `options.dir` when `stat`
 * finds every file as it was when the key was worked out, else by reading and hashing the
 * files (and the stamp is written again; with no cache directory, no stamp). The stamp only
 * saves reading the files; the key is the content's.
 */
function contentKey(schemaDir: string, file: string, contentOf: string | undefined, options: { dir: string | null; buildId: string }): { key: string; files?: Map<string, Buffer> } | null {
  const listing = listSchemaDir(schemaDir);
  if (!listing || !listing.names.includes(file)) return null;
  const stampFile = options.dir === null ? null : path.join(options.dir, `stamp-${hash64([MAGIC, options.buildId, path.resolve(schemaDir), file, contentOf ?? ''])}.cache`);
  const stamped = stampFile === null ? undefined : readCacheFile(stampFile, 'stamp')?.toString('utf8');
  if (stamped !== undefined) {
    const nl = stamped.indexOf('\n');
    if (nl > 0 && stamped.slice(nl + 1) === listing.stamp) return { key: stamped.slice(0, nl) };
  }
  const files = readSchemaFiles(schemaDir, listing.names);
  const key = cacheKey(files, file, contentOf, options.buildId);
  // the stamp is taken before the files are read: a file changed meanwhile only costs a re-read next time
  if (stampFile !== null) writeCacheFile(stampFile, 'stamp', Buffer.from(`${key}\n${listing.stamp}`, 'utf8'));
  return { key, files };
}

/**
 * The compiled schema `file` of `schemaDir` (with `contentOf`, that define's element content),
 * from the cache when it holds it, else compiled (and then stored). Throws SchemaLoadError as
 * `CompiledSchema.load` does: a schema that does not compile is never cached.
 */
export function loadCompiledSchema(schemaDir: string, file: string, contentOf: string | undefined, options: SchemaCacheOptions): CachedSchema {
  const fromDisk: SchemaReader = (f) => fs.readFileSync(path.join(schemaDir, f), 'utf8');
  const found = options.dir === null ? null : contentKey(schemaDir, file, contentOf, options);
  if (options.dir === null || found === null) return { schema: CompiledSchema.load(fromDisk, file, {}, contentOf), outcome: 'off' };
  const { key } = found;
  const cacheFile = path.join(options.dir, `schema-${key}.cache`);
  // Derived states stored by a run over more documents than this one are not read (see
  // worthReading), and not replaced by this run's fewer either; a file that is not there or
  // cannot be used may be.
  const derived = options.inputBytes !== undefined ? { file: path.join(options.dir, `derived-${key}.cache`), inputBytes: options.inputBytes, grammarBytes: fileSize(cacheFile) ?? 0, mayReplace: true } : undefined;
  if (derived) {
    // the grammar with the states earlier runs derived, when it adds little enough to read
    const size = fileSize(derived.file);
    derived.mayReplace = size === undefined || worthReading(derived, size);
    const stored = size !== undefined && derived.mayReplace ? readCacheFile(derived.file, key) : null;
    if (stored !== null) {
      try {
        return { schema: CompiledSchema.fromSnapshot(stored), outcome: 'hit', file: derived.file, key, derived };
      } catch (e) {
        if (!(e instanceof SnapshotError)) throw e;
        // not readable by this build after all: the grammar alone, below
      }
    }
  }
  const cached = readCacheFile(cacheFile, key);
  if (cached !== null) {
    try {
      return { schema: CompiledSchema.fromSnapshot(cached), outcome: 'hit', file: cacheFile, key, ...(derived ? { derived } : {}) };
    } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      // written by a build that hashed alike but encoded otherwise: compile and overwrite
    }
  }
  // The files hashed are the files compiled (read again if the stamp saved reading them, and
  // hashed again: the key must be the content's that is compiled); an include from elsewhere
  // makes the schema uncacheable.
  const files = found.files ?? readSchemaFiles(schemaDir, listSchemaDir(schemaDir)?.names ?? []);
  if (cacheKey(files, file, contentOf, options.buildId) !== key) return { schema: CompiledSchema.load(fromDisk, file, {}, contentOf), outcome: 'uncacheable' };
  let onlyHashed = true;
  const reader: SchemaReader = (f) => {
    const bytes = files.get(f);
    if (bytes !== undefined) return bytes.toString('utf8');
    onlyHashed = false;
    return fromDisk(f);
  };
  const schema = CompiledSchema.load(reader, file, {}, contentOf);
  if (!onlyHashed) return { schema, outcome: 'uncacheable' };
  const snapshot = schema.snapshot();
  const written = writeCacheFile(cacheFile, key, snapshot);
  return written ? { schema, outcome: 'written', file: cacheFile, key, ...(derived ? { derived: { ...derived, grammarBytes: HEADER_BYTES + snapshot.length } } : {}) } : { schema, outcome: 'miss-unwritable' };
}

/** Whether a derived-states file of `size` bytes adds little enough to the grammar's to be read for this run (DERIVED_BYTES_PER_INPUT_BYTE). */
function worthReading(d: { inputBytes: number; grammarBytes: number }, size: number): boolean {
  return size - d.grammarBytes <= d.inputBytes * DERIVED_BYTES_PER_INPUT_BYTE;
}

/**
 * Stores the grammar with what validating derived so far (the derived states and the memo:
 * see docs/schema-engine.md, "Derived states") in the cache, next to the grammar's own file,
 * for later runs over enough documents to read it (worthReading): they look the states
 * up instead of deriving them again. Only when this run derived enough to be worth a write,
 * would itself have read the result, did not pass over a larger stored one (it would replace
 * more states than it adds), and the result stays within the limits above. Written
 * like the grammar's file (a temporary file renamed into place: racing runs leave one whole
 * file, each a superset of the one it read). Returns whether it wrote.
 */
export function storeDerived(cached: CachedSchema): boolean {
  const { derived, key } = cached;
  if (derived === undefined || key === undefined || !derived.mayReplace) return false;
  const grown = cached.schema.derivedSinceBuilt;
  if (grown.patterns < STORE_MIN_DERIVED || grown.total > STORE_MAX_PATTERNS) return false;
  // a file this run would not read (see worthReading) is not worth writing; first a cheap estimate
  if (!worthReading(derived, derived.grammarBytes + grown.derived * MIN_BYTES_PER_DERIVED_PATTERN)) return false;
  // nor worth working out where it cannot be written (a read-only cache, say)
  try {
    fs.accessSync(path.dirname(derived.file), fs.constants.W_OK);
  } catch {
    return false;
  }
  const snapshot = cached.schema.snapshotWithMemo();
  if (snapshot === null || snapshot.length > STORE_MAX_BYTES || !worthReading(derived, snapshot.length + HEADER_BYTES)) return false;
  return writeCacheFile(derived.file, key, snapshot);
}
