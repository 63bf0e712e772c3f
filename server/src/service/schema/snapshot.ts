import { type Datatype, type DatatypeSpec, knownDatatype, makeDatatype } from './datatypes';
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
export const SNAPSHOT_FORMAT = 3;

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
 * A snapshot is bytes: a 4-byte length, that much JSON (`SnapshotHead`), zero padding to a
 * multiple of 4, then 32-bit integers in the machine's byte order (the cache key names it):
 * `records`, three per id (so the record of id `i` starts at `3i`): the Op (-1: no pattern has
 * that id) and two fields: the operands' ids (choice, group, interleave, after; oneOrMore: one
 * and 0); data: datatype and except id or -1; value: datatype and index in `strings`;
 * attribute and element: index in `nameClasses` and the content's id. Operands come before the
 * patterns made of them, except element content, which may refer back to its element. Then,
 * per hash-consing table (TABLE_KINDS order, `tables` gives their capacities), its keys and
 * its slots' pattern ids (-1 when empty), slot for slot. Integers need no parsing: the
 * reader takes them as they lie in the file.
 */
interface SnapshotHead {
  format: number;
  nextId: number;
  start: number;
  datatypes: DatatypeSpec[];
  nameClasses: NameClass[];
  strings: string[];
  tables: Record<TableKind, number>;
}

const OP_OF_TABLE: Record<TableKind, Op> = { choice: Op.Choice, group: Op.Group, interleave: Op.Interleave, after: Op.After, oneOrMore: Op.OneOrMore };
const OP_OF_LEAF = { empty: Op.Empty, notAllowed: Op.NotAllowed, text: Op.Text } as const;

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
export function writeSnapshot(factory: PatternFactory, start: Pattern): Uint8Array {
  if (!factory.complete) throw new Error('writeSnapshot: the schema was itself read back from a snapshot');
  const dumps = factory.dumpTables();
  const head: SnapshotHead = {
    format: SNAPSHOT_FORMAT,
    nextId: factory.size,
    start: start.id,
    datatypes: [],
    nameClasses: [],
    strings: [],
    tables: Object.fromEntries(TABLE_KINDS.map((k) => [k, dumps[k].ids.length])) as Record<TableKind, number>,
  };
  const dt = indexer<DatatypeSpec>(head.datatypes, (d) => d);
  const nc = indexer<NameClass>(head.nameClasses, (n) => JSON.stringify(n));
  const str = indexer<string>(head.strings, (s) => s);
  const records = new Int32Array(3 * factory.size).fill(Op.None);
  const record = (p: Pattern, op: Op, x = 0, y = 0): void => {
    records[3 * p.id] = op;
    records[3 * p.id + 1] = x;
    records[3 * p.id + 2] = y;
  };
  for (const p of allPatterns(factory, start)) {
    switch (p.kind) {
      case 'empty':
      case 'notAllowed':
      case 'text':
        record(p, OP_OF_LEAF[p.kind]);
        break;
      case 'choice':
      case 'group':
      case 'interleave':
      case 'after':
      case 'oneOrMore':
        record(p, OP_OF_TABLE[p.kind], p.kind === 'oneOrMore' ? p.p.id : p.a.id, p.kind === 'oneOrMore' ? 0 : p.b.id);
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
  const json = Buffer.from(JSON.stringify(head), 'utf8');
  const intsAt = (4 + json.length + 3) & ~3;
  const tableInts = TABLE_KINDS.reduce((n, k) => n + 3 * head.tables[k], 0);
  const out = new Uint8Array(intsAt + 4 * (records.length + tableInts));
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  const ints = new Int32Array(out.buffer, intsAt);
  ints.set(records, 0);
  let at = records.length;
  for (const k of TABLE_KINDS) {
    const d = dumps[k];
    ints.set(d.a, at);
    ints.set(d.b, at + d.a.length);
    ints.set(d.ids.map((id) => id ?? -1), at + 2 * d.a.length);
    at += 3 * d.a.length;
  }
  return out;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** Whether a parsed value is a name class (checked in place: the parsed object is used as it is). */
function isNameClass(x: unknown, depth = 0): x is NameClass {
  if (typeof x !== 'object' || x === null || depth > 64) return false;
  const o = x as Record<string, unknown>;
  switch (o.kind) {
    case 'name':
      return typeof o.ns === 'string' && typeof o.local === 'string';
    case 'anyName':
      return o.except === null || isNameClass(o.except, depth + 1);
    case 'nsName':
      return typeof o.ns === 'string' && (o.except === null || isNameClass(o.except, depth + 1));
    case 'choice':
      return isNameClass(o.a, depth + 1) && isNameClass(o.b, depth + 1);
    default:
      return false;
  }
}

function isDatatypeSpec(x: unknown): x is DatatypeSpec {
  const o = x as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || typeof o.library !== 'string' || typeof o.type !== 'string' || !Array.isArray(o.params)) return false;
  return o.params.every((p: unknown) => {
    const q = p as Record<string, unknown> | null;
    return typeof q === 'object' && q !== null && typeof q.name === 'string' && typeof q.value === 'string';
  });
}


/**
 * The patterns of a snapshot, each made when first asked for (by a hash-consing table, an
 * operand, or an element's content when the element is entered), and datatypes likewise.
 * Everything was checked when the snapshot was read, so making a pattern cannot fail.
 */
class LazyPatterns implements PatternSource {
  private readonly byId: (Pattern | undefined)[];
  /** Per element id: its content's id until the content is made, then -1. */
  private readonly contentIds: Int32Array;
  private readonly datatypes: (Datatype | undefined)[];

  constructor(
    private readonly f: PatternFactory,
    private readonly records: Int32Array,
    private readonly specs: DatatypeSpec[],
    private readonly nameClasses: NameClass[],
    private readonly strings: string[],
    nextId: number,
  ) {
    this.byId = new Array<Pattern | undefined>(nextId).fill(undefined);
    this.byId[f.empty.id] = f.empty;
    this.byId[f.notAllowed.id] = f.notAllowed;
    this.byId[f.text.id] = f.text;
    this.contentIds = new Int32Array(nextId).fill(-1);
    this.datatypes = new Array<Datatype | undefined>(specs.length).fill(undefined);
  }

  private datatype(i: number): Datatype {
    let d = this.datatypes[i];
    if (!d) {
      const spec = this.specs[i];
      d = this.datatypes[i] = makeDatatype(spec.library, spec.type, spec.params);
    }
    return d;
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
        p = { kind: 'data', id, dt: this.datatype(x), except: y === -1 ? null : this.resolve(y) };
        break;
      case Op.Value:
        p = { kind: 'value', id, dt: this.datatype(x), value: this.strings[y] };
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

/** Whether every record is well-formed (numbers only: cheap), so that making a pattern later cannot fail. */
function checkRecords(records: Int32Array, nextId: number, head: SnapshotHead): boolean {
  const fixed = [Op.Empty, Op.NotAllowed, Op.Text];
  const datatypes = head.datatypes.length;
  const nameClasses = head.nameClasses.length;
  for (let id = 0; id < nextId; id++) {
    const op = records[3 * id];
    const x = records[3 * id + 1];
    const y = records[3 * id + 2];
    // operands: made before this pattern (a smaller id with a record)
    const xBefore = x >= 0 && x < id && records[3 * x] > Op.None;
    const yBefore = y >= 0 && y < id && records[3 * y] > Op.None;
    let ok: boolean;
    if (id <= 2) ok = op === fixed[id];
    else if (op === Op.None) ok = true;
    else if (op >= Op.Choice && op <= Op.After) ok = xBefore && yBefore;
    else if (op === Op.OneOrMore) ok = xBefore;
    else if (op === Op.Data) ok = x >= 0 && x < datatypes && (y === -1 || yBefore);
    else if (op === Op.Value) ok = x >= 0 && x < datatypes && y >= 0 && y < head.strings.length;
    else if (op === Op.Attribute) ok = x >= 0 && x < nameClasses && yBefore;
    else if (op === Op.Element) ok = x >= 0 && x < nameClasses && y >= 0 && y < nextId && records[3 * y] > Op.None;
    else ok = false;
    if (!ok) return false;
  }
  return true;
}

/** Whether every slot of a table names a pattern of its kind made of exactly the slot's keys. */
function checkTable(kind: TableKind, d: TableDump, records: Int32Array, nextId: number): boolean {
  const op = OP_OF_TABLE[kind];
  for (let i = 0; i < d.ids.length; i++) {
    const id = d.ids[i];
    if (d.a[i] === -1) {
      if (id !== -1) return false;
      continue;
    }
    if (id < 0 || id >= nextId || records[3 * id] !== op || records[3 * id + 1] !== d.a[i] || records[3 * id + 2] !== d.b[i]) return false;
  }
  return true;
}

/**
 * The factory and start pattern a snapshot holds. Anything malformed (wrong format, ids out
 * of order or unknown, bad fields) throws SnapshotError, here and not later: a cache file that
 * is not what this version wrote is never half-used. The patterns themselves are made on
 * first use (a typical domain meets a small part of libvirt's grammar).
 */
export function readSnapshot(bytes: Uint8Array): { factory: PatternFactory; start: Pattern } {
  const malformed = (what: string): never => {
    throw new SnapshotError(`malformed snapshot: ${what}`);
  };
  if (bytes.length < 4) malformed('too short');
  // the integers are read in place: they must start at a multiple of 4 in memory
  if (bytes.byteOffset % 4 !== 0) bytes = new Uint8Array(bytes); // a copy (Buffer's slice would not be one)
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(0, true);
  const intsAt = (4 + jsonLength + 3) & ~3;
  if (intsAt > bytes.length || (bytes.length - intsAt) % 4 !== 0) malformed('lengths');
  let head: SnapshotHead;
  try {
    head = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, jsonLength).toString('utf8')) as SnapshotHead;
  } catch (e) {
    throw new SnapshotError(`not JSON: ${(e as Error).message}`);
  }
  if (typeof head !== 'object' || head === null || head.format !== SNAPSHOT_FORMAT) throw new SnapshotError('another snapshot format');
  const { nextId, strings, tables } = head;
  if (!isInt(nextId) || nextId < 3 || !isInt(head.start) || head.start >= nextId || !Array.isArray(head.datatypes) || !Array.isArray(head.nameClasses) || !Array.isArray(strings) || typeof tables !== 'object' || tables === null) malformed('fields');
  if (!strings.every((x) => typeof x === 'string')) malformed('strings');
  // datatypes are made when first used: a spec this build cannot make is refused now, not then
  const specs = head.datatypes;
  const nameClasses = head.nameClasses;
  if (!specs.every((d) => isDatatypeSpec(d) && knownDatatype(d))) malformed('datatypes');
  if (!nameClasses.every((n) => isNameClass(n))) malformed('name classes');
  const ints = new Int32Array(bytes.buffer, bytes.byteOffset + intsAt, (bytes.length - intsAt) / 4);
  let at = 3 * nextId;
  const dumps = {} as Record<TableKind, TableDump>;
  for (const kind of TABLE_KINDS) {
    const size = tables[kind];
    if (!isInt(size) || size < 1 || (size & (size - 1)) !== 0) malformed(`${kind} table`);
    dumps[kind] = { a: ints.subarray(at, at + size), b: ints.subarray(at + size, at + 2 * size), ids: ints.subarray(at + 2 * size, at + 3 * size) };
    at += 3 * size;
  }
  if (at !== ints.length) malformed('lengths');
  const records = ints.subarray(0, 3 * nextId);
  if (!checkRecords(records, nextId, head) || !(records[3 * head.start] > Op.None)) malformed('patterns');
  for (const kind of TABLE_KINDS) if (!checkTable(kind, dumps[kind], records, nextId)) malformed(`${kind} table`);
  const f = new PatternFactory();
  const source = new LazyPatterns(f, records, specs, nameClasses, strings, nextId);
  f.load(dumps, nextId, source);
  return { factory: f, start: source.resolve(head.start) };
}
