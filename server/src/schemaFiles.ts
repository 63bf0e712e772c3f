import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SchemaReader } from './service/schema/validate';

/** Where distributions install libvirt's schemas (Debian 12: package libvirt0). */
export const DEFAULT_SCHEMA_DIRS: readonly string[] = ['/usr/share/libvirt/schemas'];

export interface SchemaLocation {
  /** A directory holding domain.rng, or null when none was found. */
  dir: string | null;
  /** The directories looked at, for the "not found" message. */
  searched: string[];
}

/**
 * The schema directory: the configured one (`libvirt.schema.path`, `--schema`) when set,
 * else the distribution's. A configured directory is not silently replaced by another one.
 */
export function findSchemaDir(configured?: string | null, defaults: readonly string[] = DEFAULT_SCHEMA_DIRS): SchemaLocation {
  const candidates = configured ? [resolve(configured)] : [...defaults];
  for (const dir of candidates) if (existsSync(join(dir, 'domain.rng'))) return { dir, searched: candidates };
  return { dir: null, searched: candidates };
}

/** Reads schema files from a directory (the I/O the pure validator is given). */
export function fileSchemaReader(dir: string): SchemaReader {
  return (file) => readFileSync(join(dir, file), 'utf8');
}
