import { PoolModel } from '../kinds/pool/model';
import { parseXml } from '../parse/parseXml';

/** The libvirt objects that domains name by their `<name>`: networks, storage pools, volumes. */
export type CatalogKind = 'network' | 'pool' | 'volume';

const KINDS: readonly CatalogKind[] = ['network', 'pool', 'volume'];

/**
 * The networks, storage pools and volumes that the host knows from documents (the files of the
 * workspace, the editors open, the files on the command line): name → where it is defined (a
 * label for messages). Rules that check a domain's references read it; the service itself does
 * no I/O. A kind with no entry at all is unknown, not empty: nothing is reported against it.
 */
export interface ObjectCatalog {
  readonly network: ReadonlyMap<string, string>;
  readonly pool: ReadonlyMap<string, string>;
  readonly volume: ReadonlyMap<string, string>;
}

/** The object a document defines, read from its root element and `<name>`; undefined for other XML. */
export function catalogEntryOf(text: string): { kind: CatalogKind; name: string } | undefined {
  const xml = parseXml(text);
  const root = xml.root;
  if (!root || xml.syntaxError || !KINDS.includes(root.name as CatalogKind)) return undefined;
  // a pool of a type that names its source (logical, rbd …) may leave <name> out: the pool model knows
  const name = (root.name === 'pool' ? new PoolModel(xml, root).name : root.child('name')?.textContent())?.trim();
  return name ? { kind: root.name as CatalogKind, name } : undefined;
}

/** A catalog built from documents, keyed by where they come from (a file or an editor's URI). */
export class CatalogBuilder {
  private readonly entries = new Map<string, { kind: CatalogKind; name: string; label: string }>();
  private cached: ObjectCatalog | undefined;

  /** Sets (or, for a document that defines no object, removes) the object of one source; true when the catalog changed. */
  set(source: string, text: string, label: string): boolean {
    const entry = catalogEntryOf(text);
    const old = this.entries.get(source);
    if (!entry) return this.delete(source);
    if (old && old.kind === entry.kind && old.name === entry.name) return false;
    this.entries.set(source, { ...entry, label });
    this.cached = undefined;
    return true;
  }

  delete(source: string): boolean {
    if (!this.entries.delete(source)) return false;
    this.cached = undefined;
    return true;
  }

  has(source: string): boolean {
    return this.entries.has(source);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The catalog (the same object until a source changes). */
  catalog(): ObjectCatalog {
    if (!this.cached) {
      const maps = { network: new Map<string, string>(), pool: new Map<string, string>(), volume: new Map<string, string>() };
      for (const e of this.entries.values()) if (!maps[e.kind].has(e.name)) maps[e.kind].set(e.name, e.label);
      this.cached = maps;
    }
    return this.cached;
  }
}

/** How much of a document's start (characters, or bytes of a file) `mayDefineObject` looks at. */
export const OBJECT_HEAD_LENGTH = 1024;

/**
 * Whether a document that starts with `prefix` may define a catalog object: false only when
 * its root element is seen and is another one. Lets a host skip reading whole files.
 */
export function mayDefineObject(prefix: string): boolean {
  let rest = prefix.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.replace(/^\s+/, '');
    const skipped = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^<>[\]]|\[[\s\S]*?\])*>)/.exec(rest);
    if (!skipped) break;
    rest = rest.slice(skipped[0].length);
  }
  const root = /^<([A-Za-z_][\w.-]*)(?=[\s/>])/.exec(rest);
  // a comment, declaration or root name cut off by the end of the prefix: it cannot be told yet
  if (!root) return /^<[!?]/.test(rest) || /^<[\w.-]*$/.test(rest);
  return (KINDS as readonly string[]).includes(root[1]);
}
