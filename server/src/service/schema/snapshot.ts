import { type Datatype, type DatatypeSpec, makeDatatype } from './datatypes';
import type { NameClass } from './nameClass';
import { type Pattern, type PatternSource, type PElement, PatternFactory, TABLE_KINDS, type TableDump, type TableKind } from './patterns';

/**
 * A compiled schema as text, and back: the patterns of a freshly compiled grammar with their
 * ids, the hash-consing table and the id counter, so that a schema read back validates
 * exactly as the one compiled from the `.rng` files (the same states, the same ids, so the
 * same messages in the same order). The schema cache (`server/src/schemaCache.ts`) stores
 * it; reading it is much cheaper than parsing and compiling libvirt's grammar.
 */

/** Bumped whenever the patterns, datatypes or this encoding change. */
export const SNAPSHOT_FORMAT = 2;

export class SnapshotError extends Error {}

/** Pattern kinds in the snapshot's `records`. */
const enum Op {
  None = -1,
  Empty = 0,
  NotAllowed,
  Text,
  Choice,
  Group,
  Interleave,
  After,
  OneOrMore,
  Data,
  Value,
  Attribute,
  Element,
}

/**
 * `records` holds three numbers per id (so the record of id `i` starts at `3i`): the Op (-1:
 * no pattern has that id) and two fields: the operands' ids (choice, group, interleave, after;
 * oneOrMore: one and 0); data: datatype and except id or -1; value: datatype and index in
 * `strings`; attribute and element: index in `nameClasses` and the content's id. Operands come
 * before the patterns made of them, except element content, which may refer back to its
 * element. `tables` are the factory's hash-consing tables slot for slot.
 */
interface SnapshotData {
  format: number;
  nextId: number;
  start: number;
  datatypes: DatatypeSpec[];
  nameClasses: NameClass[];
  strings: string[];
  records: number[];
  tables: Record<TableKind, TableDump>;
}

/** Every pattern of the factory (its hash-consed ones and the leaves they and `start` reach), by id. */
function allPatterns(factory: PatternFactory, start: Pattern): Pattern[] {
  const seen = new Map<number, Pattern>();
  const stack: Pattern[] = [start, factory.empty, factory.notAllowed, factory.text, ...factory.interned()];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p.id)) continue;
    seen.set(p.id, p);
    switch (p.kind) {
      case 'choice':
      case 'group':
      case 'interleave':
      case 'after':
        stack.push(p.a, p.b);
        break;
      case 'oneOrMore':
      case 'attribute':
      case 'element':
        stack.push(p.p);
        break;
      case 'data':
        if (p.except) stack.push(p.except);
        break;
    }
  }
  return [...seen.values()].sort((x, y) => x.id - y.id);
}

/** Index of each distinct item in a list (by `key`), added on first sight. */
function indexer<T>(list: T[], key: (x: T) => unknown): (x: T) => number {
  const index = new Map<unknown, number>();
  return (x) => {
    const k = key(x);
    let i = index.get(k);
    if (i === undefined) {
      i = list.push(x) - 1;
      index.set(k, i);
    }
    return i;
  };
}

/** The snapshot of a schema as compiled: call it before anything is validated with the factory. */
export function writeSnapshot(factory: PatternFactory, start: Pattern): string {
  if (!factory.complete) throw new Error('writeSnapshot: the schema was itself read back from a snapshot');
  const data: SnapshotData = {
    format: SNAPSHOT_FORMAT,
    nextId: factory.size,
    start: start.id,
    datatypes: [],
    nameClasses: [],
    strings: [],
    records: new Array<number>(3 * factory.size).fill(Op.None),
    tables: factory.dumpTables(),
  };
  const dt = indexer<DatatypeSpec>(data.datatypes, (d) => d);
  const nc = indexer<NameClass>(data.nameClasses, (n) => JSON.stringify(n));
  const str = indexer<string>(data.strings, (s) => s);
  const record = (p: Pattern, op: Op, x = 0, y = 0): void => {
    data.records[3 * p.id] = op;
    data.records[3 * p.id + 1] = x;
    data.records[3 * p.id + 2] = y;
  };
  for (const p of allPatterns(factory, start)) {
    switch (p.kind) {
      case 'empty':
        record(p, Op.Empty);
        break;
      case 'notAllowed':
        record(p, Op.NotAllowed);
        break;
      case 'text':
        record(p, Op.Text);
        break;
      case 'choice':
        record(p, Op.Choice, p.a.id, p.b.id);
        break;
      case 'group':
        record(p, Op.Group, p.a.id, p.b.id);
        break;
      case 'interleave':
        record(p, Op.Interleave, p.a.id, p.b.id);
        break;
      case 'after':
        record(p, Op.After, p.a.id, p.b.id);
        break;
      case 'oneOrMore':
        record(p, Op.OneOrMore, p.p.id);
        break;
      case 'data':
        record(p, Op.Data, dt(p.dt.spec), p.except ? p.except.id : -1);
        break;
      case 'value':
        record(p, Op.Value, dt(p.dt.spec), str(p.value));
        break;
      case 'attribute':
        record(p, Op.Attribute, nc(p.nc), p.p.id);
        break;
      case 'element':
        record(p, Op.Element, nc(p.nc), p.p.id);
        break;
    }
  }
  return JSON.stringify(data);
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

function nameClass(x: unknown, depth = 0): NameClass {
  const bad = (): never => {
    throw new SnapshotError('malformed name class');
  };
  if (typeof x !== 'object' || x === null || depth > 64) return bad();
  const o = x as Record<string, unknown>;
  switch (o.kind) {
    case 'name':
      if (typeof o.ns !== 'string' || typeof o.local !== 'string') return bad();
      return { kind: 'name', ns: o.ns, local: o.local };
    case 'anyName':
      return { kind: 'anyName', except: o.except === null ? null : nameClass(o.except, depth + 1) };
    case 'nsName':
      if (typeof o.ns !== 'string') return bad();
      return { kind: 'nsName', ns: o.ns, except: o.except === null ? null : nameClass(o.except, depth + 1) };
    case 'choice':
      return { kind: 'choice', a: nameClass(o.a, depth + 1), b: nameClass(o.b, depth + 1) };
    default:
      return bad();
  }
}

function datatypeSpec(x: unknown): DatatypeSpec {
  const o = x as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || typeof o.library !== 'string' || typeof o.type !== 'string' || !Array.isArray(o.params)) throw new SnapshotError('malformed datatype');
  const params = o.params.map((p: unknown) => {
    const q = p as Record<string, unknown> | null;
    if (typeof q !== 'object' || q === null || typeof q.name !== 'string' || typeof q.value !== 'string') throw new SnapshotError('malformed datatype parameter');
    return { name: q.name, value: q.value };
  });
  return { library: o.library, type: o.type, params };
}

const OP_OF_TABLE: Record<TableKind, Op> = { choice: Op.Choice, group: Op.Group, interleave: Op.Interleave, after: Op.After, oneOrMore: Op.OneOrMore };

/**
 * The patterns of a snapshot, each made when first asked for (by a hash-consing table, an
 * operand, or an element's content when the element is entered). Everything was checked when
 * the snapshot was read, so making a pattern cannot fail.
 */
class LazyPatterns implements PatternSource {
  private readonly byId: (Pattern | undefined)[];
  /** Per element id: its content's id until the content is made, then -1. */
  private readonly contentIds: Int32Array;

  constructor(
    private readonly f: PatternFactory,
    private readonly records: number[],
    private readonly datatypes: Datatype[],
    private readonly nameClasses: NameClass[],
    private readonly strings: string[],
    nextId: number,
  ) {
    this.byId = new Array<Pattern | undefined>(nextId).fill(undefined);
    this.byId[f.empty.id] = f.empty;
    this.byId[f.notAllowed.id] = f.notAllowed;
    this.byId[f.text.id] = f.text;
    this.contentIds = new Int32Array(nextId).fill(-1);
  }

  resolve(id: number): Pattern {
    const known = this.byId[id];
    if (known) return known;
    const r = this.records;
    const x = r[3 * id + 1];
    const y = r[3 * id + 2];
    let p: Pattern;
    // the same object shapes as the factory makes (property order included)
    switch (r[3 * id] as Op) {
      case Op.Choice:
        p = { kind: 'choice', id, a: this.resolve(x), b: this.resolve(y) };
        break;
      case Op.Group:
        p = { kind: 'group', id, a: this.resolve(x), b: this.resolve(y) };
        break;
      case Op.Interleave:
        p = { kind: 'interleave', id, a: this.resolve(x), b: this.resolve(y) };
        break;
      case Op.After:
        p = { kind: 'after', id, a: this.resolve(x), b: this.resolve(y) };
        break;
      case Op.OneOrMore:
        p = { kind: 'oneOrMore', id, p: this.resolve(x) };
        break;
      case Op.Data:
        p = { kind: 'data', id, dt: this.datatypes[x], except: y === -1 ? null : this.resolve(y) };
        break;
      case Op.Value:
        p = { kind: 'value', id, dt: this.datatypes[x], value: this.strings[y] };
        break;
      case Op.Attribute:
        p = { kind: 'attribute', id, nc: this.nameClasses[x], p: this.resolve(y) };
        break;
      case Op.Element:
        p = { kind: 'element', id, nc: this.nameClasses[x], p: this.f.notAllowed };
        this.contentIds[id] = y;
        break;
      default:
        // checked when read: only the three fixed patterns have no record of this kind
        throw new SnapshotError(`no pattern ${id}`);
    }
    this.byId[id] = p;
    return p;
  }

  content(e: PElement): Pattern {
    const c = this.contentIds[e.id];
    if (c < 0) return e.p;
    this.contentIds[e.id] = -1;
    return (e.p = this.resolve(c));
  }
}

/**
 * The factory and start pattern a snapshot holds. Anything malformed (wrong format, ids out
 * of order or unknown, bad fields) throws SnapshotError, here and not later: a cache file that
 * is not what this version wrote is never half-used. The patterns themselves are made on
 * first use (a typical domain meets a small part of libvirt's grammar).
 */
export function readSnapshot(text: string): { factory: PatternFactory; start: Pattern } {
  let data: SnapshotData;
  try {
    data = JSON.parse(text) as SnapshotData;
  } catch (e) {
    throw new SnapshotError(`not JSON: ${(e as Error).message}`);
  }
  const malformed = (what: string): never => {
    throw new SnapshotError(`malformed snapshot: ${what}`);
  };
  if (typeof data !== 'object' || data === null || data.format !== SNAPSHOT_FORMAT) throw new SnapshotError('another snapshot format');
  const { nextId, records, strings, tables } = data;
  if (!isInt(nextId) || !isInt(data.start) || data.start >= nextId || !Array.isArray(data.datatypes) || !Array.isArray(data.nameClasses) || !Array.isArray(strings) || !Array.isArray(records)) malformed('fields');
  if (records.length !== 3 * nextId || typeof tables !== 'object' || tables === null) malformed('records');
  let datatypes: Datatype[];
  try {
    datatypes = data.datatypes.map((d) => {
      const spec = datatypeSpec(d);
      return makeDatatype(spec.library, spec.type, spec.params);
    });
  } catch (e) {
    throw e instanceof SnapshotError ? e : new SnapshotError(`bad datatype: ${(e as Error).message}`);
  }
  const nameClasses = data.nameClasses.map((n) => nameClass(n));
  // Check every record now (numbers only: cheap), so that making a pattern later cannot fail.
  const f = new PatternFactory();
  const fixed = [Op.Empty, Op.NotAllowed, Op.Text];
  for (let id = 0; id < nextId; id++) {
    const op = records[3 * id];
    const x = records[3 * id + 1];
    const y = records[3 * id + 2];
    if (!Number.isInteger(x) || !Number.isInteger(y)) malformed(`fields of pattern ${id}`);
    const before = (z: number): boolean => z >= 0 && z < id && records[3 * z] > Op.None;
    let ok: boolean;
    switch (op) {
      case Op.None:
        ok = id > 2;
        break;
      case Op.Empty:
      case Op.NotAllowed:
      case Op.Text:
        ok = fixed[id] === op;
        break;
      case Op.Choice:
      case Op.Group:
      case Op.Interleave:
      case Op.After:
        ok = before(x) && before(y);
        break;
      case Op.OneOrMore:
        ok = before(x);
        break;
      case Op.Data:
        ok = x >= 0 && x < datatypes.length && (y === -1 || before(y));
        break;
      case Op.Value:
        ok = x >= 0 && x < datatypes.length && typeof strings[y] === 'string';
        break;
      case Op.Attribute:
        ok = x >= 0 && x < nameClasses.length && before(y);
        break;
      case Op.Element:
        ok = x >= 0 && x < nameClasses.length && y >= 0 && y < nextId && records[3 * y] > Op.None;
        break;
      default:
        ok = false;
    }
    if (!ok || (id <= 2 && fixed[id] !== op)) malformed(`pattern ${id}`);
  }
  if (!(records[3 * data.start] > Op.None)) malformed('start');
  for (const kind of TABLE_KINDS) {
    const t = tables[kind];
    const size = Array.isArray(t?.ids) ? t.ids.length : 0;
    if (size < 1 || (size & (size - 1)) !== 0 || !Array.isArray(t.a) || !Array.isArray(t.b) || t.a.length !== size || t.b.length !== size) malformed(`${kind} table`);
    const op = OP_OF_TABLE[kind];
    for (let i = 0; i < size; i++) {
      const id = t.ids[i];
      if (id === null) continue;
      // the slot must name a pattern of this kind made of exactly the slot's operands
      if (!isInt(id) || id >= nextId || records[3 * id] !== op || records[3 * id + 1] !== t.a[i] || records[3 * id + 2] !== t.b[i]) malformed(`${kind} table slot ${i}`);
    }
  }
  const source = new LazyPatterns(f, records, datatypes, nameClasses, strings, nextId);
  f.load(tables, nextId, source);
  return { factory: f, start: source.resolve(data.start) };
}
