import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompiledSchema } from '../../server/src/service/schema/validate';
import { sharedDir } from './fixtures';

/** The libvirt schema versions kept in ../shared for tests (the product reads installed ones). */
export const SCHEMA_VERSIONS = ['10.7.0', '9.0.0'] as const;
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];

export function schemaDir(version: SchemaVersion): string {
  return path.join(sharedDir, 'schemas', 'libvirt', version);
}

const compiled = new Map<string, CompiledSchema>();

/** One compiled schema per version for the whole test process. */
export function testSchema(version: SchemaVersion): CompiledSchema {
  let s = compiled.get(version);
  if (!s) {
    const dir = schemaDir(version);
    s = CompiledSchema.load((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    compiled.set(version, s);
  }
  return s;
}
