import type { Datatype } from './datatypes';
import { contains, type NameClass, type QName, qnKey } from './nameClass';

/**
 * RelaxNG patterns in simplified form and their derivatives (James Clark, "An algorithm for
 * RELAX NG validation", 2002). Patterns are hash-consed so that equal states are the same
 * object and derivatives can be memoized on it; that keeps a 5000-disk domain linear.
 * Interleave is handled exactly, unlike libxml2 (see docs/schema-engine.md).
 */
export type Pattern =
  | PEmpty
  | PNotAllowed
  | PText
  | PChoice
  | PInterleave
  | PGroup
  | POneOrMore
  | PData
  | PValue
  | PAttribute
  | PElement
  | PAfter;

interface PBase {
  readonly id: number;
  /** Memoized derivatives (per pattern object). */
  memo?: Memo;
}
/** Memoized derivatives (per pattern object). */
export interface Memo {
  /**
   * Set on a pattern read back from a snapshot that holds its memo: the memo is made from
   * there when first used (see memo()), not when the pattern is made.
   */
  pending?: MemoSource;
  nullable?: boolean;
  open?: Map<string, Pattern>;
  att?: Map<string, Pattern>;
  /** Derivatives by attributes met, by name key, then by value. */
  attValue?: Map<string, Map<string, Pattern>>;
  text?: Map<string, Pattern>;
  /** Derivatives by texts met, by value. */
  textValue?: Map<string, Pattern>;
  /**
   * The attribute patterns an attribute of a name may match here, by the name's key; or
   * SEEN_ONCE / SEEN_TWICE while the state has met only so many values of the name, too few
   * for working out the leaves to pay (see Deriver).
   */
  attLeaves?: Map<string, Leaves<PAttribute>>;
  /** The value and data patterns a text may match here; or SEEN_ONCE / SEEN_TWICE likewise. */
  textLeaves?: Leaves<PValue | PData>;
  /** Of a schema pattern: the names of the elements that can start it (namesIn). */
  starts?: Names;
  /** Of a schema pattern: the names of the attributes a start tag can match in it (namesIn). */
  attNames?: Names;
  close?: Pattern;
}

/** Where the memo of a pattern read back from a snapshot comes from (snapshot.ts). */
export interface MemoSource {
  memoOf(p: Pattern): Memo;
}

/**
 * The patterns whose verdict on a value decides a derivative (see Deriver): in the order the
 * derivative meets them, each once, with the memo keys of the verdicts met so far by bit mask.
 */
export interface Leaves<T extends Pattern> {
  readonly list: readonly T[];
  /** Memo keys by the mask of accepting leaves (up to 30 leaves; more are keyed without the cache). */
  readonly keys: (string | undefined)[];
}
export interface PEmpty extends PBase {
  readonly kind: 'empty';
}
export interface PNotAllowed extends PBase {
  readonly kind: 'notAllowed';
}
export interface PText extends PBase {
  readonly kind: 'text';
}
export interface PChoice extends PBase {
  readonly kind: 'choice';
  readonly a: Pattern;
  readonly b: Pattern;
}
export interface PInterleave extends PBase {
  readonly kind: 'interleave';
  readonly a: Pattern;
  readonly b: Pattern;
}
export interface PGroup extends PBase {
  readonly kind: 'group';
  readonly a: Pattern;
  readonly b: Pattern;
}
export interface POneOrMore extends PBase {
  readonly kind: 'oneOrMore';
  readonly p: Pattern;
}
export interface PData extends PBase {
  readonly kind: 'data';
  readonly dt: Datatype;
  readonly except: Pattern | null;
}
export interface PValue extends PBase {
  readonly kind: 'value';
  readonly dt: Datatype;
  readonly value: string;
}
export interface PAttribute extends PBase {
  readonly kind: 'attribute';
  readonly nc: NameClass;
  readonly p: Pattern;
}
export interface PElement extends PBase {
  readonly kind: 'element';
  readonly nc: NameClass;
  /** Set once after construction: element content may refer back to the element. */
  p: Pattern;
}
export interface PAfter extends PBase {
  readonly kind: 'after';
  readonly a: Pattern;
  readonly b: Pattern;
}

/** A pattern the factory hash-conses: made from other patterns, found again by their ids. */
export type InternedPattern = PChoice | PGroup | PInterleave | PAfter | POneOrMore;

/**
 * Where the patterns of a schema read back from its snapshot come from, made on first use
 * (snapshot.ts): a run meets only the part of libvirt's grammar its documents use.
 */
export interface PatternSource {
  /** The pattern of an id the snapshot holds (made once; its operands first). */
  resolve(id: number): Pattern;
  /** An element's content, made when the element is first entered. */
  content(e: PElement): Pattern;
}

/** A hash-consing table as arrays, slot for slot: keys (-1 for an empty slot) and pattern ids (-1: none). */
export interface TableDump {
  a: Int32Array;
  b: Int32Array;
  ids: Int32Array;
}

/**
 * The hash-consing table of one kind of pattern: an open-addressing hash table from the
 * operands' ids to the pattern, in typed arrays, so a lookup allocates nothing (derivation
 * looks up a pattern at every step). An empty slot has key -1. In a table read back from a
 * snapshot, a slot may name (in `pending`) a pattern that is made on its first lookup.
 */
class PairTable<T extends Pattern> {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: (T | null)[];
  private pending: Int32Array | null = null;
  /** Whether keysA and keysB are a snapshot's arrays, read in place (see load). */
  private borrowed = false;
  private mask: number;
  size = 0;
  private source: PatternSource | null = null;

  constructor(capacity = 256) {
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.values = new Array<T | null>(capacity).fill(null);
    this.mask = capacity - 1;
  }

  private slot(x: number, y: number): number {
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    let i = h & this.mask;
    for (;;) {
      const k = this.keysA[i];
      if (k === -1 || (k === x && this.keysB[i] === y)) return i;
      i = (i + 1) & this.mask;
    }
  }

  get(x: number, y: number): T | undefined {
    const i = this.slot(x, y);
    const v = this.values[i];
    if (v !== null) return v;
    if (this.pending === null || this.keysA[i] === -1) return undefined;
    const p = this.source!.resolve(this.pending[i]) as T;
    this.values[i] = p;
    return p;
  }

  set(x: number, y: number, p: T): void {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    else if (this.borrowed) {
      // the keys are still the snapshot's own arrays: copy them before the first write, or
      // the snapshot would be changed under any other schema read back from it (and under
      // this one, read again when its memo is dropped)
      this.keysA = this.keysA.slice();
      this.keysB = this.keysB.slice();
    }
    this.borrowed = false;
    const i = this.slot(x, y);
    if (this.keysA[i] === -1) this.size++;
    this.keysA[i] = x;
    this.keysB[i] = y;
    this.values[i] = p;
  }

  private grow(): void {
    const { keysA, keysB, values, pending } = this;
    const capacity = (this.mask + 1) * 2;
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.values = new Array<T | null>(capacity).fill(null);
    this.pending = pending === null ? null : new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let i = 0; i < keysA.length; i++) {
      if (keysA[i] === -1) continue;
      const j = this.slot(keysA[i], keysB[i]);
      this.keysA[j] = keysA[i];
      this.keysB[j] = keysB[i];
      this.values[j] = values[i];
      if (pending !== null) this.pending![j] = pending[i];
    }
  }

  /** The made patterns (all of them in a table that was not read back lazily). */
  *patterns(): IterableIterator<T> {
    for (const v of this.values) if (v !== null) yield v;
  }

  dump(): TableDump {
    const ids = new Int32Array(this.keysA.length).fill(-1);
    for (let i = 0; i < ids.length; i++) ids[i] = this.values[i]?.id ?? this.pending?.[i] ?? -1;
    return { a: this.keysA.slice(), b: this.keysB.slice(), ids };
  }

  /**
   * Takes in a dump (the caller has checked it): the same slots, patterns made on first
   * lookup. The dump's arrays are used in place and never written (copied on the first new entry).
   */
  load(d: TableDump, source: PatternSource): void {
    this.keysA = d.a;
    this.keysB = d.b;
    this.borrowed = true;
    this.pending = d.ids;
    this.values = new Array<T | null>(d.ids.length).fill(null);
    this.mask = d.ids.length - 1;
    this.size = 0;
    for (let i = 0; i < d.a.length; i++) if (d.a[i] !== -1) this.size++;
    this.source = source;
  }
}

/** The hash-consing tables of a factory, by the kind of pattern they hold. */
export type TableKind = 'choice' | 'group' | 'interleave' | 'after' | 'oneOrMore';
export const TABLE_KINDS: readonly TableKind[] = ['choice', 'group', 'interleave', 'after', 'oneOrMore'];

/** Owns the hash-consing tables; derived patterns live as long as the factory. */
export class PatternFactory {
  private nextId = 0;
  // one table a kind, keyed by the operands' ids (oneOrMore: its operand's id and 0)
  private readonly choices = new PairTable<PChoice>();
  private readonly groups = new PairTable<PGroup>();
  private readonly interleaves = new PairTable<PInterleave>();
  private readonly afters = new PairTable<PAfter>();
  private readonly oneOrMores = new PairTable<POneOrMore>();
  /** Set when the patterns come from a snapshot, made on first use. */
  private source: PatternSource | null = null;
  readonly empty: PEmpty = { kind: 'empty', id: this.nextId++ };
  readonly notAllowed: PNotAllowed = { kind: 'notAllowed', id: this.nextId++ };
  readonly text: PText = { kind: 'text', id: this.nextId++ };

  /** Number of distinct patterns made so far (the memory the memo tables hold). */
  get size(): number {
    return this.nextId;
  }

  /** Whether every pattern is made (not so for a schema read back from a snapshot). */
  get complete(): boolean {
    return this.source === null;
  }

  /** Where the patterns not made yet come from (a schema read back from a snapshot), else null. */
  get patternSource(): PatternSource | null {
    return this.source;
  }

  private table(kind: TableKind): PairTable<Pattern> {
    switch (kind) {
      case 'choice':
        return this.choices;
      case 'group':
        return this.groups;
      case 'interleave':
        return this.interleaves;
      case 'after':
        return this.afters;
      case 'oneOrMore':
        return this.oneOrMores;
    }
  }

  /** The hash-consed patterns made so far (for the schema snapshot). */
  *interned(): IterableIterator<InternedPattern> {
    yield* this.choices.patterns();
    yield* this.groups.patterns();
    yield* this.interleaves.patterns();
    yield* this.afters.patterns();
    yield* this.oneOrMores.patterns();
  }

  /** The hash-consing tables as arrays, slot for slot (for the schema snapshot). */
  dumpTables(): Record<TableKind, TableDump> {
    return Object.fromEntries(TABLE_KINDS.map((k) => [k, this.table(k).dump()])) as Record<TableKind, TableDump>;
  }

  /**
   * Takes in the tables and the id counter of a snapshot (a schema read back: snapshot.ts):
   * the same slots, so deriving makes the same patterns, with the same ids, as deriving from
   * the schema that was compiled; the patterns themselves come from `source` when first met.
   * Only for a factory that has made nothing yet.
   */
  load(tables: Record<TableKind, TableDump>, nextId: number, source: PatternSource): void {
    if (this.nextId !== 3 || this.choices.size + this.groups.size + this.interleaves.size + this.afters.size + this.oneOrMores.size > 0) throw new Error('load: the factory is not new');
    for (const k of TABLE_KINDS) this.table(k).load(tables[k], source);
    this.source = source;
    this.nextId = nextId;
  }

  /** An element's content (made on first use when the schema was read back from a snapshot). */
  content(e: PElement): Pattern {
    return this.source === null ? e.p : this.source.content(e);
  }

  /** The choice of two different non-choice patterns or choices in canonical form, `a` first. */
  private pair(a: Pattern, b: Pattern): PChoice {
    let p = this.choices.get(a.id, b.id);
    if (!p) {
      p = { kind: 'choice', id: this.nextId++, a, b };
      this.choices.set(a.id, b.id, p);
    }
    return p;
  }

  choice(a: Pattern, b: Pattern): Pattern {
    if (a.kind === 'notAllowed') return b;
    if (b.kind === 'notAllowed') return a;
    if (a === b) return a;
    // Two plain alternatives: the canonical form is just the two in id order.
    if (a.kind !== 'choice' && b.kind !== 'choice') return a.id < b.id ? this.pair(a, b) : this.pair(b, a);
    // Canonical form (flattened, sorted, no duplicates) so equal states share one object.
    const alts: Pattern[] = [];
    const seen = new Set<number>();
    const add = (p: Pattern): void => {
      if (p.kind === 'choice') {
        add(p.a);
        add(p.b);
      } else if (!seen.has(p.id)) {
        seen.add(p.id);
        alts.push(p);
      }
    };
    add(a);
    add(b);
    if (alts.length === 1) return alts[0];
    alts.sort((x, y) => x.id - y.id);
    let r = alts[alts.length - 1];
    for (let i = alts.length - 2; i >= 0; i--) r = this.pair(alts[i], r);
    return r;
  }

  group(a: Pattern, b: Pattern): Pattern {
    if (a.kind === 'notAllowed' || b.kind === 'notAllowed') return this.notAllowed;
    if (a.kind === 'empty') return b;
    if (b.kind === 'empty') return a;
    let p = this.groups.get(a.id, b.id);
    if (!p) {
      p = { kind: 'group', id: this.nextId++, a, b };
      this.groups.set(a.id, b.id, p);
    }
    return p;
  }

  interleave(a: Pattern, b: Pattern): Pattern {
    if (a.kind === 'notAllowed' || b.kind === 'notAllowed') return this.notAllowed;
    if (a.kind === 'empty') return b;
    if (b.kind === 'empty') return a;
    // Interleave is commutative: order the operands for more sharing.
    if (a.id > b.id) [a, b] = [b, a];
    let p = this.interleaves.get(a.id, b.id);
    if (!p) {
      p = { kind: 'interleave', id: this.nextId++, a, b };
      this.interleaves.set(a.id, b.id, p);
    }
    return p;
  }

  after(a: Pattern, b: Pattern): Pattern {
    if (a.kind === 'notAllowed' || b.kind === 'notAllowed') return this.notAllowed;
    let p = this.afters.get(a.id, b.id);
    if (!p) {
      p = { kind: 'after', id: this.nextId++, a, b };
      this.afters.set(a.id, b.id, p);
    }
    return p;
  }

  oneOrMore(p: Pattern): Pattern {
    if (p.kind === 'notAllowed' || p.kind === 'empty') return p;
    let o = this.oneOrMores.get(p.id, 0);
    if (!o) {
      o = { kind: 'oneOrMore', id: this.nextId++, p };
      this.oneOrMores.set(p.id, 0, o);
    }
    return o;
  }

  // Leaves made while compiling the schema are unique objects (no structural key needed).
  data(dt: Datatype, except: Pattern | null): PData {
    return { kind: 'data', id: this.nextId++, dt, except };
  }

  value(dt: Datatype, value: string): PValue {
    return { kind: 'value', id: this.nextId++, dt, value };
  }

  attribute(nc: NameClass, p: Pattern): PAttribute {
    return { kind: 'attribute', id: this.nextId++, nc, p };
  }

  element(nc: NameClass): PElement {
    return { kind: 'element', id: this.nextId++, nc, p: this.notAllowed };
  }
}

function memo(p: Pattern): Memo {
  const m = p.memo;
  if (m === undefined) return (p.memo = {});
  if (m.pending !== undefined) return (p.memo = m.pending.memoOf(p));
  return m;
}

export function nullable(p: Pattern): boolean {
  switch (p.kind) {
    case 'empty':
    case 'text':
      return true;
    case 'notAllowed':
    case 'data':
    case 'value':
    case 'attribute':
    case 'element':
    case 'after':
      return false;
    case 'oneOrMore':
      return nullable(p.p);
    default: {
      const m = memo(p);
      if (m.nullable === undefined) {
        m.nullable = p.kind === 'choice' ? nullable(p.a) || nullable(p.b) : nullable(p.a) && nullable(p.b);
      }
      return m.nullable;
    }
  }
}

/** Whether a string is XML white space only (RelaxNG leaves such text out between elements). */
export const isWhitespace = (s: string): boolean => /^[ \t\r\n]*$/.test(s);

const NONE: readonly never[] = [];

/** The leaves of two operands: those of `a`, then those of `b` not among them. */
function union<T>(a: Leaves<T & Pattern>, b: Leaves<T & Pattern>): Leaves<T & Pattern> {
  if (b.list.length === 0 || a === b) return a;
  if (a.list.length === 0) return b;
  const list = a.list.slice();
  for (const l of b.list) if (!list.includes(l)) list.push(l);
  return { list, keys: [] };
}

/** Leaves not worked out yet: the state has met one, or two, values of the name (see Deriver). */
export const SEEN_ONCE: Leaves<never> = { list: NONE, keys: [] };
export const SEEN_TWICE: Leaves<never> = { list: NONE, keys: [] };
const notYet = (l: Leaves<Pattern> | undefined): boolean => l === undefined || l === SEEN_ONCE || l === SEEN_TWICE;

/** No leaves (attributes: the derivative is then notAllowed, and no key is made). */
const NO_LEAVES: Leaves<never> = { list: NONE, keys: [] };

/**
 * The attribute patterns of name `qn` that a derivative by such an attribute reaches from `p`
 * (the edges Deriver.att follows), each once; memoized on every pattern on the way, so a new
 * state is walked only where it differs from the states met before.
 */
function attributeLeaves(p: Pattern, qn: QName, name: string): Leaves<PAttribute> {
  switch (p.kind) {
    case 'attribute': {
      if (!contains(p.nc, qn)) return NO_LEAVES;
      // one object per leaf and name: its memo keys are the name's
      const m = memo(p);
      let r = m.attLeaves?.get(name);
      if (r === undefined || notYet(r)) (m.attLeaves ??= new Map()).set(name, (r = { list: [p], keys: [] }));
      return r;
    }
    case 'after':
    case 'choice':
    case 'group':
    case 'interleave':
    case 'oneOrMore': {
      const m = memo(p);
      let r = m.attLeaves?.get(name);
      if (r === undefined || notYet(r)) {
        r = p.kind === 'after' ? attributeLeaves(p.a, qn, name) : p.kind === 'oneOrMore' ? attributeLeaves(p.p, qn, name) : union(attributeLeaves(p.a, qn, name), attributeLeaves(p.b, qn, name));
        (m.attLeaves ??= new Map()).set(name, r);
      }
      return r;
    }
    default:
      return NO_LEAVES;
  }
}

/** The value and data patterns a text derivative reaches from `p` (the edges Deriver.txt follows), memoized likewise. */
function textLeaves(p: Pattern): Leaves<PValue | PData> {
  switch (p.kind) {
    case 'value':
    case 'data': {
      const m = memo(p);
      if (notYet(m.textLeaves)) m.textLeaves = { list: [p], keys: [] };
      return m.textLeaves!;
    }
    case 'after':
    case 'choice':
    case 'group':
    case 'interleave':
    case 'oneOrMore': {
      const m = memo(p);
      let r = m.textLeaves;
      if (r === undefined || notYet(r)) {
        r =
          p.kind === 'after'
            ? textLeaves(p.a)
            : p.kind === 'oneOrMore'
              ? textLeaves(p.p)
              : p.kind === 'group' && !nullable(p.a)
                ? textLeaves(p.a)
                : union(textLeaves(p.a), textLeaves(p.b));
        m.textLeaves = r;
      }
      return r;
    }
    default:
      return NO_LEAVES;
  }
}

/**
 * Expanded names (qnKey) of elements or attributes: one name as a string (most patterns, and
 * no allocation), several as a set; true when a wildcard name class allows any.
 */
type Names = string | ReadonlySet<string> | true;
const NO_NAMES: ReadonlySet<string> = new Set();

const hasName = (names: Names, key: string): boolean => names === true || (typeof names === 'string' ? names === key : names.has(key));

function unionNames(a: Names, b: Names): Names {
  if (a === true || b === true) return true;
  if (a === b || b === NO_NAMES) return a;
  if (a === NO_NAMES) return b;
  if (typeof b === 'string') {
    if (typeof a === 'string') return new Set([a, b]);
    if (a.has(b)) return a;
    return new Set(a).add(b);
  }
  const out = new Set(typeof a === 'string' ? [a] : a);
  for (const x of b) out.add(x);
  return out.size === (typeof a === 'string' ? 1 : a.size) ? a : out;
}

function namesOf(nc: NameClass): Names {
  switch (nc.kind) {
    case 'name':
      return qnKey(nc);
    case 'choice':
      return unionNames(namesOf(nc.a), namesOf(nc.b));
    default:
      return true;
  }
}

/**
 * The names of the elements that can start `p` (the edges Deriver.open follows: in a group,
 * the second part only when the first may be empty), or of the attributes a start tag can
 * match in it (the edges Deriver.att follows: both parts); memoized on `p`.
 */
function namesIn(p: Pattern, leaf: 'element' | 'attribute'): Names {
  switch (p.kind) {
    case 'element':
    case 'attribute':
    case 'choice':
    case 'interleave':
    case 'group':
    case 'after':
    case 'oneOrMore': {
      const m = memo(p);
      const known = leaf === 'element' ? m.starts : m.attNames;
      if (known !== undefined) return known;
      const r =
        p.kind === 'element' || p.kind === 'attribute'
          ? p.kind === leaf
            ? namesOf(p.nc)
            : NO_NAMES
          : p.kind === 'oneOrMore'
            ? namesIn(p.p, leaf)
            : p.kind === 'after' || (leaf === 'element' && p.kind === 'group' && !nullable(p.a))
              ? namesIn(p.a, leaf)
              : unionNames(namesIn(p.a, leaf), namesIn(p.b, leaf));
      if (leaf === 'element') m.starts = r;
      else m.attNames = r;
      return r;
    }
    default:
      return NO_NAMES;
  }
}

/** How the leaves of an attribute or text derivation decide (see Deriver). */
const enum Mode {
  /** Every leaf of the name accepts (recovery). */
  Any,
  /** By the value, as a memo keyed by value does. */
  Value,
  /** By the verdicts worked out before the derivation. */
  Verdicts,
}

/** The derivative algorithm with memoization; `lenient` variants are used for error recovery. */
export class Deriver {
  /** Memo entries made so far: bounded by the caller, which starts over when it is large. */
  entries = 0;

  constructor(
    readonly f: PatternFactory,
    /**
     * Patterns with a smaller id are the schema's own (made when it was compiled, or read
     * from its snapshot); larger ids are derived states. For the schema's own patterns, the
     * names that can start them are worked out once, and derivation does not descend where
     * the element or attribute at hand cannot be (most of a state, in a grammar as wide as
     * libvirt's). Where it does not descend the derivative is notAllowed, as descending
     * would have found: the results are the same, with fewer steps and memo entries.
     */
    private readonly compiled = 0,
  ) {}

  private applyAfter(p: Pattern, fn: (x: Pattern) => Pattern): Pattern {
    const f = this.f;
    switch (p.kind) {
      case 'after':
        return f.after(p.a, fn(p.b));
      case 'choice':
        return f.choice(this.applyAfter(p.a, fn), this.applyAfter(p.b, fn));
      default:
        return f.notAllowed;
    }
  }

  startTagOpen(p: Pattern, qn: QName): Pattern {
    return this.openWith(p, qn, qnKey(qn));
  }

  // The memo key of a derivation is made once per instance (element name, attribute, text)
  // and handed down the pattern tree, not made again at every level.
  private openWith(p: Pattern, qn: QName, key: string): Pattern {
    // a part of the schema that no element of that name can start: nothing to derive
    if (p.id < this.compiled && !hasName(namesIn(p, 'element'), key)) return this.f.notAllowed;
    const m = memo(p);
    const cached = m.open?.get(key);
    if (cached) return cached;
    const r = this.open(p, qn, key);
    (m.open ??= new Map()).set(key, r);
    this.entries++;
    return r;
  }

  private open(p: Pattern, qn: QName, key: string): Pattern {
    const f = this.f;
    switch (p.kind) {
      case 'choice':
        return f.choice(this.openWith(p.a, qn, key), this.openWith(p.b, qn, key));
      case 'element':
        return contains(p.nc, qn) ? f.after(f.content(p), f.empty) : f.notAllowed;
      case 'interleave': {
        const { a, b } = p;
        return f.choice(
          this.applyAfter(this.openWith(a, qn, key), (x) => f.interleave(x, b)),
          this.applyAfter(this.openWith(b, qn, key), (x) => f.interleave(a, x)),
        );
      }
      case 'oneOrMore': {
        const rest = f.choice(p, f.empty);
        return this.applyAfter(this.openWith(p.p, qn, key), (x) => f.group(x, rest));
      }
      case 'group': {
        const { a, b } = p;
        const x = this.applyAfter(this.openWith(a, qn, key), (y) => f.group(y, b));
        return nullable(a) ? f.choice(x, this.openWith(b, qn, key)) : x;
      }
      case 'after':
        return this.applyAfter(this.openWith(p.a, qn, key), (x) => f.after(x, p.b));
      default:
        return f.notAllowed;
    }
  }

  // Attribute and text derivatives are memoized by what decides them, not only by the value.
  // A derivative by an attribute depends on its value only through which attribute patterns of
  // that name (the "leaves" the derivation reaches) accept the value; a text derivative only
  // through which <value> and <data> patterns accept it. The first two values met in a state
  // are derived as a memo keyed by value would (one walk each); from the third distinct value
  // on, the verdicts of the leaves are worked out first (one more walk, once) and the
  // derivative is memoized by the ids of the accepting ones: a path, UUID or MAC address met
  // once per disk or interface derives like the one before it, and the memo does not grow
  // with every distinct value at every level.
  // Either way, two values with the same verdicts make the very same derivative, hence the
  // same patterns in the same order: the results are exactly those of a memo keyed by value.

  /** How the attribute or text leaves of the derivation under way decide. */
  private mode: Mode = Mode.Any;
  /** Mode.Value: the value. */
  private value = '';
  /** Mode.Verdicts: the leaves that accept. */
  private accepting: readonly Pattern[] = NONE;

  /** Derivative by an attribute of name `qn` and (normalized) `value`; with `anyValue` only the name is checked (recovery). */
  attribute(p: Pattern, qn: QName, value: string, anyValue = false): Pattern {
    const name = qnKey(qn);
    if (anyValue) {
      this.mode = Mode.Any;
      return this.attWith(p, qn, name, `\u0001${name}`);
    }
    const m = memo(p);
    // the same value again in the same state: one lookup (by name, then value: no key is built)
    let byValue = m.attValue?.get(name);
    const known = byValue?.get(value);
    if (known) return known;
    if (!byValue) (m.attValue ??= new Map()).set(name, (byValue = new Map()));
    const attLeaves = (m.attLeaves ??= new Map());
    const seen = attLeaves.get(name);
    if (seen === undefined || seen === SEEN_ONCE) {
      attLeaves.set(name, seen === undefined ? SEEN_ONCE : SEEN_TWICE);
      this.mode = Mode.Value;
      this.value = value;
      const r = this.attWith(p, qn, name, `${name}\u0002${value}`);
      byValue.set(value, r);
      return r;
    }
    const leaves = attributeLeaves(p, qn, name);
    // no attribute of that name may come here: every way through is notAllowed
    if (leaves.list.length === 0) return this.f.notAllowed;
    const { list } = leaves;
    let accepting: readonly PAttribute[];
    if (list.length === 1) accepting = this.attributeAccepts(list[0].p, value) ? list : NONE;
    else accepting = list.filter((l) => this.attributeAccepts(l.p, value));
    const key = this.keyOf(leaves, accepting, name);
    this.mode = Mode.Verdicts;
    this.accepting = accepting;
    const r = this.attWith(p, qn, name, key);
    byValue.set(value, r);
    this.entries++;
    return r;
  }

  /** The memo key of a derivative: `prefix`, then the ids of the accepting leaves. */
  private keyOf(leaves: Leaves<Pattern>, accepting: readonly Pattern[], prefix: string): string {
    const { list } = leaves;
    if (list.length > 30) return `${prefix}\u0000${accepting.map((l) => l.id).join(',')}`;
    let mask = 0;
    for (let i = 0, j = 0; i < list.length && j < accepting.length; i++) if (list[i] === accepting[j]) (mask |= 1 << i), j++;
    return (leaves.keys[mask] ??= `${prefix}\u0000${accepting.map((l) => l.id).join(',')}`);
  }

  /**
   * Whether a leaf met by the derivation under way accepts. Judging a value may itself derive
   * (a choice of values, a datatype's `except`): the state of the derivation under way is kept.
   */
  private leafAccepts(p: PAttribute | PValue | PData): boolean {
    switch (this.mode) {
      case Mode.Any:
        return true;
      case Mode.Verdicts:
        return this.accepting.includes(p);
      case Mode.Value: {
        const value = this.value;
        const ok = p.kind === 'attribute' ? this.attributeAccepts(p.p, value) : this.accepts(p, value);
        this.mode = Mode.Value;
        this.value = value;
        return ok;
      }
    }
  }

  private attWith(p: Pattern, qn: QName, name: string, key: string): Pattern {
    // a part of the schema that holds no attribute of that name: nothing to derive
    if (p.id < this.compiled && !hasName(namesIn(p, 'attribute'), name)) return this.f.notAllowed;
    const m = memo(p);
    const cached = m.att?.get(key);
    if (cached) return cached;
    const r = this.att(p, qn, name, key);
    (m.att ??= new Map()).set(key, r);
    this.entries++;
    return r;
  }

  private att(p: Pattern, qn: QName, name: string, key: string): Pattern {
    const f = this.f;
    switch (p.kind) {
      case 'after':
        return f.after(this.attWith(p.a, qn, name, key), p.b);
      case 'choice':
        return f.choice(this.attWith(p.a, qn, name, key), this.attWith(p.b, qn, name, key));
      case 'group':
        return f.choice(f.group(this.attWith(p.a, qn, name, key), p.b), f.group(p.a, this.attWith(p.b, qn, name, key)));
      case 'interleave':
        return f.choice(f.interleave(this.attWith(p.a, qn, name, key), p.b), f.interleave(p.a, this.attWith(p.b, qn, name, key)));
      case 'oneOrMore':
        return f.group(this.attWith(p.p, qn, name, key), f.choice(p, f.empty));
      case 'attribute':
        return contains(p.nc, qn) && this.leafAccepts(p) ? f.empty : f.notAllowed;
      default:
        return f.notAllowed;
    }
  }

  valueMatch(p: Pattern, s: string): boolean {
    return (nullable(p) && isWhitespace(s)) || nullable(this.textDeriv(p, s));
  }

  /** Derivative by a text node (with `lenient`, any data or value matches: recovery). */
  textDeriv(p: Pattern, s: string, lenient = false): Pattern {
    if (lenient) {
      this.mode = Mode.Any;
      return this.textWith(p, '\u0001');
    }
    const m = memo(p);
    const known = m.textValue?.get(s);
    if (known) return known;
    const seen = m.textLeaves;
    if (seen === undefined || seen === SEEN_ONCE) {
      m.textLeaves = seen === undefined ? SEEN_ONCE : SEEN_TWICE;
      this.mode = Mode.Value;
      this.value = s;
      const r = this.textWith(p, `\u0002${s}`);
      (m.textValue ??= new Map()).set(s, r);
      return r;
    }
    const leaves = textLeaves(p);
    // A leaf's verdict may derive its `except` pattern: all verdicts first, then the derivation.
    const { list } = leaves;
    let accepting: readonly (PValue | PData)[];
    if (list.length === 0) accepting = NONE;
    else if (list.length === 1) accepting = this.accepts(list[0], s) ? list : NONE;
    else accepting = list.filter((l) => this.accepts(l, s));
    const key = this.keyOf(leaves, accepting, '');
    this.mode = Mode.Verdicts;
    this.accepting = accepting;
    const r = this.textWith(p, key);
    (m.textValue ??= new Map()).set(s, r);
    this.entries++;
    return r;
  }

  /** Whether an attribute's content accepts `value` (valueMatch, without memo entries for the usual single datatype or value). */
  private attributeAccepts(p: Pattern, value: string): boolean {
    switch (p.kind) {
      case 'text':
        return true;
      case 'value':
      case 'data':
        return this.accepts(p, value);
      default:
        return this.valueMatch(p, value);
    }
  }

  /** Whether a text leaf accepts `s`. */
  private accepts(p: PValue | PData, s: string): boolean {
    if (p.kind === 'value') return p.dt.equal(p.value, s);
    if (!p.dt.allows(s)) return false;
    return !(p.except && nullable(this.textDeriv(p.except, s)));
  }

  private textWith(p: Pattern, key: string): Pattern {
    const m = memo(p);
    const cached = m.text?.get(key);
    if (cached) return cached;
    const r = this.txt(p, key);
    (m.text ??= new Map()).set(key, r);
    this.entries++;
    return r;
  }

  private txt(p: Pattern, key: string): Pattern {
    const f = this.f;
    switch (p.kind) {
      case 'choice':
        return f.choice(this.textWith(p.a, key), this.textWith(p.b, key));
      case 'interleave':
        return f.choice(f.interleave(this.textWith(p.a, key), p.b), f.interleave(p.a, this.textWith(p.b, key)));
      case 'group': {
        const x = f.group(this.textWith(p.a, key), p.b);
        return nullable(p.a) ? f.choice(x, this.textWith(p.b, key)) : x;
      }
      case 'after':
        return f.after(this.textWith(p.a, key), p.b);
      case 'oneOrMore':
        return f.group(this.textWith(p.p, key), f.choice(p, f.empty));
      case 'text':
        return p;
      case 'value':
      case 'data':
        return this.leafAccepts(p) ? f.empty : f.notAllowed;
      default:
        return f.notAllowed;
    }
  }

  startTagClose(p: Pattern, lenient = false): Pattern {
    // a part of the schema without attributes stays as it is
    if (p.id < this.compiled && namesIn(p, 'attribute') === NO_NAMES) return p;
    const m = memo(p);
    if (!lenient && m.close) return m.close;
    const r = this.close(p, lenient);
    if (!lenient) m.close = r;
    return r;
  }

  private close(p: Pattern, lenient: boolean): Pattern {
    const f = this.f;
    switch (p.kind) {
      case 'after':
        return f.after(this.startTagClose(p.a, lenient), p.b);
      case 'choice':
        return f.choice(this.startTagClose(p.a, lenient), this.startTagClose(p.b, lenient));
      case 'group':
        return f.group(this.startTagClose(p.a, lenient), this.startTagClose(p.b, lenient));
      case 'interleave':
        return f.interleave(this.startTagClose(p.a, lenient), this.startTagClose(p.b, lenient));
      case 'oneOrMore':
        return f.oneOrMore(this.startTagClose(p.p, lenient));
      case 'attribute':
        // A required attribute that was not written; the lenient variant drops it (recovery).
        return lenient ? f.empty : f.notAllowed;
      default:
        return p;
    }
  }

  endTag(p: Pattern, lenient = false): Pattern {
    const f = this.f;
    switch (p.kind) {
      case 'choice':
        return f.choice(this.endTag(p.a, lenient), this.endTag(p.b, lenient));
      case 'after':
        return lenient || nullable(p.a) ? p.b : f.notAllowed;
      default:
        return f.notAllowed;
    }
  }
}
