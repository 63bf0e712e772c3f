import { type Datatype, type DatatypeSpec, knownDatatype, makeDatatype } from './datatypes';
import type { NameClass } from './nameClass';
import { type Leaves, type Memo, type MemoSource, type Pattern, type PatternSource, type PElement, PatternFactory, SEEN_ONCE, SEEN_TWICE, TABLE_KINDS, type TableDump, type TableKind } from './patterns';

/**
 * A compiled schema as bytes, and back: the patterns of the grammar with their ids, the
 * hash-consing tables and the id counter, so that a schema read back validates exactly as the
 * one compiled from the `.rng` files (the same states, the same ids, so the same messages in
 * the same order). The schema cache (`server/src/schemaCache.ts`) stores it; reading it is
 * much cheaper than parsing and compiling libvirt's grammar.
 *
 * A snapshot may also hold what validating has derived so far: the derived patterns (they are
 * hash-consed like the grammar's own, so they are records and table slots as well) and the
 * derivative memo of every pattern. The memo is a function of the grammar alone (a derivative
 * depends on the state and the name, value or verdicts, never on the document it came from),
 * so a schema read back with it validates exactly as the one that derived it, and a later run
 * looks up, instead of deriving again, the states earlier runs met.
 */

/** Bumped whenever the patterns, datatypes, memo or this encoding change. */
export const SNAPSHOT_FORMAT = 4;

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
 * its slots' pattern ids (-1 when empty), slot for slot. Then the memo (`memo` gives the
 * counts): the start of each id's memo entries (nextId + 1 integers), the entries (four
 * integers each: a MemoOp and its fields, see writeMemo), the ids of the leaf lists the
 * entries name, and the end offset of each memo string in the string bytes, which come last
 * (UTF-8). Integers need no parsing: the reader takes them as they lie in the file, and memo
 * entries are made into objects only for the patterns a run uses.
 */
interface SnapshotHead {
  format: number;
  nextId: number;
  /** The grammar's own patterns have the ids below this; derived ones come after. */
  compiled: number;
  start: number;
  datatypes: DatatypeSpec[];
  nameClasses: NameClass[];
  strings: string[];
  tables: Record<TableKind, number>;
  memo: { entries: number; leaves: number; strings: number; bytes: number };
}

/** Kinds of memo entries: [op, a, b, c]. */
const enum MemoOp {
  /** a: 1 when nullable, else 0. */
  Nullable = 0,
  /** a: name key (string), b: derivative id. */
  Open,
  /** a: memo key (string), b: derivative id. */
  Att,
  /** a: memo key (string), b: derivative id. */
  Text,
  /** a: name key (string), b: start of the leaf list in the leaf ids (or LEAVES_SEEN_*), c: its length. */
  AttLeaves,
  /** b, c: as for AttLeaves. */
  TextLeaves,
  /** b: the pattern after the start tag closes. */
  Close,
  /** a: name key, b: value (strings), c: derivative id. */
  AttValue,
  /** a: value (string), b: derivative id. */
  TextValue,
}
/** In place of a leaf list: the state has met one value of the name, or two (see Deriver). */
const LEAVES_SEEN_ONCE = -2;
const LEAVES_SEEN_TWICE = -3;

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

/**
 * The snapshot of a schema: its factory (compiled here, or itself read back from a snapshot,
 * whose patterns and memo not used since are carried over as they were) and start pattern;
 * `compiled` is the id counter right after compiling. With `withMemo`, the derived patterns
 * and the memo go in too; without, the factory must not have derived anything yet.
 */
export function writeSnapshot(factory: PatternFactory, start: Pattern, compiled: number, withMemo: boolean): Uint8Array {
  const source = factory.patternSource;
  if (source !== null && !(source instanceof LazyPatterns)) throw new Error('writeSnapshot: patterns of an unknown source');
  const lazy = source;
  if (!withMemo && factory.size !== compiled) throw new Error('writeSnapshot: the schema has derived patterns; take the snapshot right after compiling');
  const dumps = factory.dumpTables();
  const head: SnapshotHead = {
    format: SNAPSHOT_FORMAT,
    nextId: factory.size,
    compiled,
    start: start.id,
    datatypes: [],
    nameClasses: [],
    strings: [],
    tables: Object.fromEntries(TABLE_KINDS.map((k) => [k, dumps[k].ids.length])) as Record<TableKind, number>,
    memo: { entries: 0, leaves: 0, strings: 0, bytes: 0 },
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
  // Patterns read back keep their records (the same, and an element whose content is not made
  // yet still knows its content's id there); those made since are written from the objects.
  const made = lazy ? lazy.madePatterns(factory) : allPatterns(factory, start);
  if (lazy) lazy.copyRecords(records, head);
  for (const p of made) {
    if (lazy && p.id < lazy.nextId) continue;
    // derivation makes hash-consed patterns only: leaves all come from the grammar
    if (lazy && !(p.kind in OP_OF_TABLE)) throw new Error(`writeSnapshot: a ${p.kind} pattern made after the snapshot was read`);
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
  const written = withMemo ? writeMemo(factory.size, made, lazy) : null;
  // no memo entries (a grammar as compiled): no memo section at all
  const memo = written && written.entries.length > 0 ? written : null;
  if (memo) head.memo = { entries: memo.entries.length / 4, leaves: memo.leaves.length, strings: memo.stringEnds.length, bytes: memo.bytes.length };
  const json = Buffer.from(JSON.stringify(head), 'utf8');
  const intsAt = (4 + json.length + 3) & ~3;
  const tableInts = TABLE_KINDS.reduce((n, k) => n + 3 * head.tables[k], 0);
  const memoInts = memo ? factory.size + 1 + 4 * head.memo.entries + head.memo.leaves + head.memo.strings : 0;
  const out = new Uint8Array(intsAt + 4 * (records.length + tableInts + memoInts) + head.memo.bytes);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  const ints = new Int32Array(out.buffer, intsAt, records.length + tableInts + memoInts);
  ints.set(records, 0);
  let at = records.length;
  for (const k of TABLE_KINDS) {
    const d = dumps[k];
    ints.set(d.a, at);
    ints.set(d.b, at + d.a.length);
    ints.set(d.ids, at + 2 * d.a.length);
    at += 3 * d.a.length;
  }
  if (memo) {
    ints.set(memo.starts, at);
    at += memo.starts.length;
    ints.set(memo.entries, at);
    at += memo.entries.length;
    ints.set(memo.leaves, at);
    at += memo.leaves.length;
    ints.set(memo.stringEnds, at);
    out.set(memo.bytes, intsAt + 4 * ints.length);
  }
  return out;
}

/** The memo section of a snapshot (see SnapshotHead). */
interface MemoSection {
  starts: Int32Array;
  entries: Int32Array;
  leaves: Int32Array;
  stringEnds: Int32Array;
  bytes: Uint8Array;
}

/** A growable list of 32-bit integers. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const more = new Int32Array(this.data.length * 2);
      more.set(this.data);
      this.data = more;
    }
    this.data[this.length++] = x;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * The memo of every pattern: from the objects where a run made or used it, else (a pattern
 * read back and not used since) carried over from the snapshot read.
 */
function writeMemo(nextId: number, made: readonly Pattern[], lazy: LazyPatterns | null): MemoSection {
  const starts = new Int32Array(nextId + 1);
  const entries = new IntList();
  const leafIds = new IntList();
  const strings: string[] = [];
  const str = indexer<string>(strings, (s) => s);
  const leafLists = new Map<readonly Pattern[], number>();
  const leaves = (l: Leaves<Pattern>): number => {
    if (l === SEEN_ONCE) return LEAVES_SEEN_ONCE;
    if (l === SEEN_TWICE) return LEAVES_SEEN_TWICE;
    let at = leafLists.get(l.list);
    if (at === undefined) {
      at = leafIds.length;
      for (const x of l.list) leafIds.push(x.id);
      leafLists.set(l.list, at);
    }
    return at;
  };
  const entry = (op: MemoOp, a: number, b: number, c: number): void => {
    entries.push(op);
    entries.push(a);
    entries.push(b);
    entries.push(c);
  };
  const byId = new Map<number, Pattern>();
  for (const p of made) byId.set(p.id, p);
  for (let id = 0; id < nextId; id++) {
    starts[id] = entries.length / 4;
    const m = byId.get(id)?.memo;
    if (m !== undefined && m.pending === undefined) {
      if (m.nullable !== undefined) entry(MemoOp.Nullable, m.nullable ? 1 : 0, 0, 0);
      m.open?.forEach((r, k) => entry(MemoOp.Open, str(k), r.id, 0));
      m.att?.forEach((r, k) => entry(MemoOp.Att, str(k), r.id, 0));
      m.attValue?.forEach((byValue, name) => byValue.forEach((r, v) => entry(MemoOp.AttValue, str(name), str(v), r.id)));
      m.text?.forEach((r, k) => entry(MemoOp.Text, str(k), r.id, 0));
      m.textValue?.forEach((r, v) => entry(MemoOp.TextValue, str(v), r.id, 0));
      m.attLeaves?.forEach((l, name) => entry(MemoOp.AttLeaves, str(name), leaves(l), l.list.length));
      if (m.textLeaves !== undefined) entry(MemoOp.TextLeaves, 0, leaves(m.textLeaves), m.textLeaves.list.length);
      if (m.close !== undefined) entry(MemoOp.Close, 0, m.close.id, 0);
    } else if (lazy !== null && id < lazy.nextId) {
      lazy.copyMemo(id, entry, str, leafIds);
    }
  }
  starts[nextId] = entries.length / 4;
  const encoded = strings.map((s) => Buffer.from(s, 'utf8'));
  const stringEnds = new Int32Array(strings.length);
  let end = 0;
  encoded.forEach((b, i) => (stringEnds[i] = end += b.length));
  return { starts, entries: entries.done(), leaves: leafIds.done(), stringEnds, bytes: Buffer.concat(encoded) };
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


/** The memo section of a snapshot as read, in place. */
interface MemoView {
  starts: Int32Array;
  entries: Int32Array;
  leaves: Int32Array;
  stringEnds: Int32Array;
  bytes: Buffer;
}

/**
 * The patterns of a snapshot, each made when first asked for (by a hash-consing table, an
 * operand, or an element's content when the element is entered), and datatypes likewise; and
 * the memo of each, made when derivation first uses it. Everything was checked when the
 * snapshot was read, so making a pattern or a memo cannot fail.
 */
class LazyPatterns implements PatternSource, MemoSource {
  private readonly byId: (Pattern | undefined)[];
  /** Per element id: its content's id until the content is made, then -1. */
  private readonly contentIds: Int32Array;
  private readonly datatypes: (Datatype | undefined)[];
  /** The memo of a pattern made here that has entries in the snapshot, until it is used. */
  private readonly pendingMemo: Memo = { pending: this };
  private readonly memoStrings: (string | undefined)[];

  constructor(
    private readonly f: PatternFactory,
    private readonly records: Int32Array,
    private readonly specs: DatatypeSpec[],
    private readonly nameClasses: NameClass[],
    private readonly strings: string[],
    readonly nextId: number,
    /** Null for a grammar as compiled (no memo entries). */
    private readonly memo: MemoView | null,
  ) {
    this.byId = new Array<Pattern | undefined>(nextId).fill(undefined);
    for (const p of [f.empty, f.notAllowed, f.text]) {
      this.byId[p.id] = p;
      if (this.hasMemo(p.id)) p.memo = this.pendingMemo;
    }
    this.contentIds = new Int32Array(nextId).fill(-1);
    this.datatypes = new Array<Datatype | undefined>(specs.length).fill(undefined);
    this.memoStrings = new Array<string | undefined>(memo ? memo.stringEnds.length : 0).fill(undefined);
  }

  private hasMemo(id: number): boolean {
    return this.memo !== null && this.memo.starts[id] < this.memo.starts[id + 1];
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
    if (this.hasMemo(id)) p.memo = this.pendingMemo;
    this.byId[id] = p;
    return p;
  }

  content(e: PElement): Pattern {
    const c = this.contentIds[e.id];
    if (c < 0) return e.p;
    this.contentIds[e.id] = -1;
    return (e.p = this.resolve(c));
  }

  /**
   * The memo strings as one string, when they are all ASCII (nearly always: names, values and
   * verdict keys of libvirt documents); null when they are not. Made on first use.
   */
  private memoText: string | null | undefined = undefined;

  private memoString(i: number): string {
    let s = this.memoStrings[i];
    if (s === undefined) {
      const { stringEnds, bytes } = this.memo!; // only patterns with memo entries get here
      const from = i === 0 ? 0 : stringEnds[i - 1];
      if (this.memoText === undefined) {
        // one decode for all, then slices: a decode a string was most of the time making a memo took
        const text = bytes.toString('latin1');
        this.memoText = /[^\x00-\x7f]/.test(text) ? null : text;
      }
      s = this.memoText !== null ? this.memoText.slice(from, stringEnds[i]) : bytes.toString('utf8', from, stringEnds[i]);
      this.memoStrings[i] = s;
    }
    return s;
  }

  private leafList<T extends Pattern>(at: number, length: number): Leaves<T> {
    if (at === LEAVES_SEEN_ONCE) return SEEN_ONCE;
    if (at === LEAVES_SEEN_TWICE) return SEEN_TWICE;
    const list: T[] = [];
    for (let i = 0; i < length; i++) list.push(this.resolve(this.memo!.leaves[at + i]) as T);
    return { list, keys: [] };
  }

  /** The memo of `p` as the snapshot holds it (its patterns made as needed). */
  memoOf(p: Pattern): Memo {
    const { starts, entries } = this.memo!; // set as pending only when there are entries
    const m: Memo = {};
    for (let e = starts[p.id]; e < starts[p.id + 1]; e++) {
      const a = entries[4 * e + 1];
      const b = entries[4 * e + 2];
      const c = entries[4 * e + 3];
      switch (entries[4 * e] as MemoOp) {
        case MemoOp.Nullable:
          m.nullable = a === 1;
          break;
        case MemoOp.Open:
          (m.open ??= new Map()).set(this.memoString(a), this.resolve(b));
          break;
        case MemoOp.Att:
          (m.att ??= new Map()).set(this.memoString(a), this.resolve(b));
          break;
        case MemoOp.AttValue: {
          const name = this.memoString(a);
          const byName = (m.attValue ??= new Map());
          let byValue = byName.get(name);
          if (!byValue) byName.set(name, (byValue = new Map()));
          byValue.set(this.memoString(b), this.resolve(c));
          break;
        }
        case MemoOp.Text:
          (m.text ??= new Map()).set(this.memoString(a), this.resolve(b));
          break;
        case MemoOp.TextValue:
          (m.textValue ??= new Map()).set(this.memoString(a), this.resolve(b));
          break;
        case MemoOp.AttLeaves:
          (m.attLeaves ??= new Map()).set(this.memoString(a), this.leafList(b, c));
          break;
        case MemoOp.TextLeaves:
          m.textLeaves = this.leafList(b, c);
          break;
        case MemoOp.Close:
          m.close = this.resolve(b);
          break;
      }
    }
    return m;
  }

  // ---- for writing a snapshot of a schema read back (writeSnapshot) ----

  /** The patterns made so far: those read back and used, and those derived since. */
  madePatterns(f: PatternFactory): Pattern[] {
    const out = new Map<number, Pattern>();
    for (const p of this.byId) if (p) out.set(p.id, p);
    for (const p of f.interned()) out.set(p.id, p);
    return [...out.values()].sort((x, y) => x.id - y.id);
  }

  /** Copies the records, datatypes, name classes and strings read (unchanged: ids and indexes stay). */
  copyRecords(records: Int32Array, head: SnapshotHead): void {
    records.set(this.records, 0);
    head.datatypes.push(...this.specs);
    head.nameClasses.push(...this.nameClasses);
    head.strings.push(...this.strings);
  }

  /** Carries the memo entries of an unused pattern over to a snapshot being written. */
  copyMemo(id: number, entry: (op: MemoOp, a: number, b: number, c: number) => void, str: (s: string) => number, leafIds: { length: number; push(x: number): void }): void {
    if (this.memo === null) return;
    const { starts, entries, leaves } = this.memo;
    const leafList = (at: number, length: number): number => {
      if (at < 0) return at;
      const to = leafIds.length;
      for (let i = 0; i < length; i++) leafIds.push(leaves[at + i]);
      return to;
    };
    for (let e = starts[id]; e < starts[id + 1]; e++) {
      const op = entries[4 * e] as MemoOp;
      const a = entries[4 * e + 1];
      const b = entries[4 * e + 2];
      const c = entries[4 * e + 3];
      switch (op) {
        case MemoOp.Nullable:
        case MemoOp.Close:
          entry(op, a, b, c);
          break;
        case MemoOp.AttValue:
          entry(op, str(this.memoString(a)), str(this.memoString(b)), c);
          break;
        case MemoOp.AttLeaves:
          entry(op, str(this.memoString(a)), leafList(b, c), c);
          break;
        case MemoOp.TextLeaves:
          entry(op, a, leafList(b, c), c);
          break;
        default:
          entry(op, str(this.memoString(a)), b, c);
      }
    }
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
export function readSnapshot(bytes: Uint8Array): { factory: PatternFactory; start: Pattern; compiled: number } {
  const malformed = (what: string): never => {
    throw new SnapshotError(`malformed snapshot: ${what}`);
  };
  if (bytes.length < 4) malformed('too short');
  // the integers are read in place: they must start at a multiple of 4 in memory
  if (bytes.byteOffset % 4 !== 0) bytes = new Uint8Array(bytes); // a copy (Buffer's slice would not be one)
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(0, true);
  const intsAt = (4 + jsonLength + 3) & ~3;
  if (intsAt > bytes.length) malformed('lengths');
  let head: SnapshotHead;
  try {
    head = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, jsonLength).toString('utf8')) as SnapshotHead;
  } catch (e) {
    throw new SnapshotError(`not JSON: ${(e as Error).message}`);
  }
  if (typeof head !== 'object' || head === null || head.format !== SNAPSHOT_FORMAT) throw new SnapshotError('another snapshot format');
  const { nextId, strings, tables, memo } = head;
  if (!isInt(nextId) || nextId < 3 || !isInt(head.compiled) || head.compiled > nextId || !isInt(head.start) || head.start >= head.compiled || !Array.isArray(head.datatypes) || !Array.isArray(head.nameClasses) || !Array.isArray(strings) || typeof tables !== 'object' || tables === null) malformed('fields');
  if (typeof memo !== 'object' || memo === null || !isInt(memo.entries) || !isInt(memo.leaves) || !isInt(memo.strings) || !isInt(memo.bytes)) malformed('memo fields');
  if (!strings.every((x) => typeof x === 'string')) malformed('strings');
  // datatypes are made when first used: a spec this build cannot make is refused now, not then
  const specs = head.datatypes;
  const nameClasses = head.nameClasses;
  if (!specs.every((d) => isDatatypeSpec(d) && knownDatatype(d))) malformed('datatypes');
  if (!nameClasses.every((n) => isNameClass(n))) malformed('name classes');
  let tableInts = 0;
  for (const kind of TABLE_KINDS) {
    const size = tables[kind];
    if (!isInt(size) || size < 1 || (size & (size - 1)) !== 0) malformed(`${kind} table`);
    tableInts += 3 * size;
  }
  const hasMemo = memo.entries > 0;
  if (!hasMemo && memo.leaves + memo.strings + memo.bytes > 0) malformed('memo fields');
  const intCount = 3 * nextId + tableInts + (hasMemo ? nextId + 1 + 4 * memo.entries + memo.leaves + memo.strings : 0);
  if (intsAt + 4 * intCount + memo.bytes !== bytes.length) malformed('lengths');
  const ints = new Int32Array(bytes.buffer, bytes.byteOffset + intsAt, intCount);
  let at = 3 * nextId;
  const dumps = {} as Record<TableKind, TableDump>;
  for (const kind of TABLE_KINDS) {
    const size = tables[kind];
    dumps[kind] = { a: ints.subarray(at, at + size), b: ints.subarray(at + size, at + 2 * size), ids: ints.subarray(at + 2 * size, at + 3 * size) };
    at += 3 * size;
  }
  const records = ints.subarray(0, 3 * nextId);
  if (!checkRecords(records, nextId, head) || !(records[3 * head.start] > Op.None)) malformed('patterns');
  for (const kind of TABLE_KINDS) if (!checkTable(kind, dumps[kind], records, nextId)) malformed(`${kind} table`);
  const view: MemoView | null = hasMemo
    ? {
        starts: ints.subarray(at, (at += nextId + 1)),
        entries: ints.subarray(at, (at += 4 * memo.entries)),
        leaves: ints.subarray(at, (at += memo.leaves)),
        stringEnds: ints.subarray(at, (at += memo.strings)),
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset + intsAt + 4 * intCount, memo.bytes),
      }
    : null;
  if (view && !checkMemo(view, records, nextId)) malformed('memo');
  const f = new PatternFactory();
  const source = new LazyPatterns(f, records, specs, nameClasses, strings, nextId, view);
  f.load(dumps, nextId, source);
  return { factory: f, start: source.resolve(head.start), compiled: head.compiled };
}

/**
 * Whether the memo section is well-formed (numbers only): entries in order per pattern, every
 * string and leaf list in range, every derivative a pattern with a record, every leaf of the
 * right kind; so that making a memo later cannot fail.
 */
function checkMemo(m: MemoView, records: Int32Array, nextId: number): boolean {
  const { starts, entries, leaves, stringEnds } = m;
  const entryCount = entries.length / 4;
  const stringCount = stringEnds.length;
  if (starts[0] !== 0 || starts[nextId] !== entryCount) return false;
  for (let id = 0; id < nextId; id++) if (starts[id] > starts[id + 1]) return false;
  let end = 0;
  for (let i = 0; i < stringCount; i++) {
    if (stringEnds[i] < end) return false;
    end = stringEnds[i];
  }
  if (end !== m.bytes.length) return false;
  // a pattern id with a record (the three fixed ones have theirs too)
  const isPattern = (id: number): boolean => id >= 0 && id < nextId && records[3 * id] > Op.None;
  const isString = (i: number): boolean => i >= 0 && i < stringCount;
  const leafOps = (at: number, length: number, attribute: boolean): boolean => {
    if (at === LEAVES_SEEN_ONCE || at === LEAVES_SEEN_TWICE) return length === 0;
    if (at < 0 || length < 0 || at + length > leaves.length) return false;
    for (let i = at; i < at + length; i++) {
      const id = leaves[i];
      if (!isPattern(id)) return false;
      const op = records[3 * id];
      if (attribute ? op !== Op.Attribute : op !== Op.Value && op !== Op.Data) return false;
    }
    return true;
  };
  for (let e = 0; e < entryCount; e++) {
    const op = entries[4 * e];
    const a = entries[4 * e + 1];
    const b = entries[4 * e + 2];
    const c = entries[4 * e + 3];
    let ok: boolean;
    switch (op as MemoOp) {
      case MemoOp.Nullable:
        ok = a === 0 || a === 1;
        break;
      case MemoOp.Open:
      case MemoOp.Att:
      case MemoOp.Text:
      case MemoOp.TextValue:
        ok = isString(a) && isPattern(b);
        break;
      case MemoOp.AttValue:
        ok = isString(a) && isString(b) && isPattern(c);
        break;
      case MemoOp.AttLeaves:
        ok = isString(a) && leafOps(b, c, true);
        break;
      case MemoOp.TextLeaves:
        ok = leafOps(b, c, false);
        break;
      case MemoOp.Close:
        ok = isPattern(b);
        break;
      default:
        ok = false;
    }
    if (!ok) return false;
  }
  return true;
}
