import { type Datatype, type DatatypeSpec, makeDatatype } from './datatypes';
import type { NameClass } from './nameClass';
import { type Pattern, type PElement, PatternFactory } from './patterns';

/**
 * A compiled schema as text, and back: the patterns of a freshly compiled grammar with their
 * ids, the hash-consing table and the id counter, so that a schema read back validates
 * exactly as the one compiled from the `.rng` files (the same states, the same ids, so the
 * same messages in the same order). The schema cache (`server/src/schemaCache.ts`) stores
 * it; reading it is much cheaper than parsing and compiling libvirt's grammar.
 */

/** Bumped whenever the patterns, datatypes or this encoding change. */
export const SNAPSHOT_FORMAT = 1;

export class SnapshotError extends Error {}

/** Pattern kinds in the snapshot's `ops`. */
const enum Op {
  Empty,
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
 * `ops` is one flat list of numbers (cheap to parse): per pattern, in id order, its id, its
 * Op and its fields: the operands' ids (choice, group, interleave, after: 2; oneOrMore: 1);
 * data: datatype and except id or -1; value: datatype and index in `strings`; attribute and
 * element: index in `nameClasses` and the content's id (element content is the only field
 * that may refer to a later id: it refers back to its element).
 */
interface SnapshotData {
  format: number;
  nextId: number;
  start: number;
  datatypes: DatatypeSpec[];
  nameClasses: NameClass[];
  strings: string[];
  ops: number[];
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
  const data: SnapshotData = { format: SNAPSHOT_FORMAT, nextId: factory.size, start: start.id, datatypes: [], nameClasses: [], strings: [], ops: [] };
  const dt = indexer<DatatypeSpec>(data.datatypes, (d) => d);
  const nc = indexer<NameClass>(data.nameClasses, (n) => JSON.stringify(n));
  const str = indexer<string>(data.strings, (s) => s);
  const ops = data.ops;
  for (const p of allPatterns(factory, start)) {
    switch (p.kind) {
      case 'empty':
        ops.push(p.id, Op.Empty);
        break;
      case 'notAllowed':
        ops.push(p.id, Op.NotAllowed);
        break;
      case 'text':
        ops.push(p.id, Op.Text);
        break;
      case 'choice':
        ops.push(p.id, Op.Choice, p.a.id, p.b.id);
        break;
      case 'group':
        ops.push(p.id, Op.Group, p.a.id, p.b.id);
        break;
      case 'interleave':
        ops.push(p.id, Op.Interleave, p.a.id, p.b.id);
        break;
      case 'after':
        ops.push(p.id, Op.After, p.a.id, p.b.id);
        break;
      case 'oneOrMore':
        ops.push(p.id, Op.OneOrMore, p.p.id);
        break;
      case 'data':
        ops.push(p.id, Op.Data, dt(p.dt.spec), p.except ? p.except.id : -1);
        break;
      case 'value':
        ops.push(p.id, Op.Value, dt(p.dt.spec), str(p.value));
        break;
      case 'attribute':
        ops.push(p.id, Op.Attribute, nc(p.nc), p.p.id);
        break;
      case 'element':
        ops.push(p.id, Op.Element, nc(p.nc), p.p.id);
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

/**
 * The factory and start pattern a snapshot holds. Anything malformed (wrong format, ids out
 * of order or unknown, bad fields) throws SnapshotError: a cache file that is not what this
 * version wrote is never half-used.
 */
export function readSnapshot(text: string): { factory: PatternFactory; start: Pattern } {
  let data: SnapshotData;
  try {
    data = JSON.parse(text) as SnapshotData;
  } catch (e) {
    throw new SnapshotError(`not JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || data.format !== SNAPSHOT_FORMAT) throw new SnapshotError('another snapshot format');
  const { nextId, ops, strings } = data;
  if (!isInt(nextId) || !isInt(data.start) || !Array.isArray(data.datatypes) || !Array.isArray(data.nameClasses) || !Array.isArray(strings) || !Array.isArray(ops)) throw new SnapshotError('malformed snapshot');
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
  const f = new PatternFactory();
  // by id; ids are below nextId
  const byId: (Pattern | undefined)[] = new Array<Pattern | undefined>(nextId).fill(undefined);
  const elements: PElement[] = [];
  const contents: number[] = [];
  const patterns: Pattern[] = [];
  const malformed = (what: string): never => {
    throw new SnapshotError(`malformed snapshot: ${what}`);
  };
  // A pattern that `id` refers to: made before it (and a number at all: `undefined` and
  // non-integers find nothing in `byId`).
  const ref = (x: number, id: number): Pattern => (x < id && byId[x]) || malformed(`pattern ${id} refers to an unknown or later pattern`);
  const n = ops.length;
  let last = -1;
  let at = 0;
  // A loop without calls per field: it runs once per pattern of the schema, cold, at start-up.
  while (at < n) {
    const id = ops[at];
    const op = ops[at + 1];
    if (!(id > last && id < nextId) || !Number.isInteger(id)) malformed('pattern ids out of order');
    last = id;
    let p: Pattern;
    // the same object shapes as the factory makes (property order included)
    switch (op) {
      case Op.Empty:
        p = f.empty;
        at += 2;
        break;
      case Op.NotAllowed:
        p = f.notAllowed;
        at += 2;
        break;
      case Op.Text:
        p = f.text;
        at += 2;
        break;
      case Op.Choice:
        p = { kind: 'choice', id, a: ref(ops[at + 2], id), b: ref(ops[at + 3], id) };
        at += 4;
        break;
      case Op.Group:
        p = { kind: 'group', id, a: ref(ops[at + 2], id), b: ref(ops[at + 3], id) };
        at += 4;
        break;
      case Op.Interleave:
        p = { kind: 'interleave', id, a: ref(ops[at + 2], id), b: ref(ops[at + 3], id) };
        at += 4;
        break;
      case Op.After:
        p = { kind: 'after', id, a: ref(ops[at + 2], id), b: ref(ops[at + 3], id) };
        at += 4;
        break;
      case Op.OneOrMore:
        p = { kind: 'oneOrMore', id, p: ref(ops[at + 2], id) };
        at += 3;
        break;
      case Op.Data: {
        const dt = datatypes[ops[at + 2]] ?? malformed('unknown datatype');
        const except = ops[at + 3];
        p = { kind: 'data', id, dt, except: except === -1 ? null : ref(except, id) };
        at += 4;
        break;
      }
      case Op.Value: {
        const dt = datatypes[ops[at + 2]] ?? malformed('unknown datatype');
        const value = strings[ops[at + 3]];
        if (typeof value !== 'string') malformed('value pattern without its value');
        p = { kind: 'value', id, dt, value };
        at += 4;
        break;
      }
      case Op.Attribute:
        p = { kind: 'attribute', id, nc: nameClasses[ops[at + 2]] ?? malformed('unknown name class'), p: ref(ops[at + 3], id) };
        at += 4;
        break;
      case Op.Element: {
        const e: PElement = { kind: 'element', id, nc: nameClasses[ops[at + 2]] ?? malformed('unknown name class'), p: f.notAllowed };
        elements.push(e);
        contents.push(ops[at + 3]);
        p = e;
        at += 4;
        break;
      }
      default:
        return malformed('unknown pattern kind');
    }
    if (p.id !== id) malformed('a fixed pattern has another id');
    byId[id] = p;
    patterns.push(p);
  }
  if (at !== n) malformed('a pattern record is cut short');
  for (let i = 0; i < elements.length; i++) elements[i].p = ref(contents[i], nextId);
  f.adopt(patterns, nextId);
  return { factory: f, start: ref(data.start, nextId) };
}
