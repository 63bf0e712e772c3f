import type { XmlDocument } from '../parse/parseXml';
import type { XElement } from '../parse/xmlTree';
import { Deriver, nullable, type Pattern, type PatternFactory } from './patterns';
import { RngCompiler, type SchemaReader } from './rngCompiler';
import { type SchemaError } from './schemaDiagnostics';
import { readSnapshot, writeSnapshot } from './snapshot';
import { type SchemaExpectations, ValidationRun } from './validationRun';

export { SchemaLoadError, type SchemaReader } from './rngCompiler';
export { SnapshotError } from './snapshot';
export { SCHEMA_RULE_ID, type SchemaError, schemaDiagnostics, schemasMissingDiagnostic } from './schemaDiagnostics';
export type { SchemaExpectations } from './validationRun';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** Prefixes libvirt's documentation uses for its namespaces, for messages. */
const KNOWN_PREFIXES: [string, string][] = [
  ['http://libvirt.org/schemas/domain/qemu/1.0', 'qemu'],
  ['http://libvirt.org/schemas/domain/lxc/1.0', 'lxc'],
  ['http://libvirt.org/schemas/domain/bhyve/1.0', 'bhyve'],
  ['http://libvirt.org/schemas/domain/xen/1.0', 'xen'],
  ['http://libvirt.org/schemas/domain/vmware/1.0', 'vmware'],
];
/** Above this many distinct derived patterns the memo tables are dropped (memory bound). */
const MAX_PATTERNS = 500_000;
/**
 * Likewise for memo entries: derivatives are memoized by the verdicts of the schema's value
 * patterns (patterns.ts), but each distinct attribute value or text still adds one entry where
 * it is met (one validation of the 5,000-disk domain makes ~22k, ~3.4 MB after GC), so a long
 * editing session would otherwise grow the worker without bound; past the limit, one
 * validation runs cold.
 */
const MAX_MEMO_ENTRIES = 500_000;

/**
 * A compiled libvirt schema (for example `domain.rng` and its includes) that validates
 * parsed documents with exact ranges. Pure: files come through the injected reader.
 */
/** A compiled grammar: its pattern factory and start pattern, and the factory's size right after compiling. */
interface Grammar {
  factory: PatternFactory;
  start: Pattern;
  /** The grammar's own patterns have the ids below this (a snapshot with memo holds derived ones too). */
  compiled: number;
}

export class CompiledSchema {
  private factory: PatternFactory;
  private deriver: Deriver;
  private start: Pattern;
  private readonly prefixes: Map<string, string>;
  /** The factory's size right after compiling: the grammar's own patterns have smaller ids. */
  private readonly compiledSize: number;
  /** The factory's size when the grammar was built (compiled, or read back with what earlier runs derived). */
  private builtSize: number;

  /** How often the memo tables were dropped (see the limits above). */
  rebuilds = 0;

  private constructor(
    /** Compiles the grammar again (from the schema files or from a snapshot): the first time and after the memo limits. */
    private readonly build: () => Grammar,
    private readonly limits: { patterns: number; memoEntries: number },
  ) {
    const g = build();
    this.start = g.start;
    this.factory = g.factory;
    this.compiledSize = g.compiled;
    this.builtSize = g.factory.size;
    this.deriver = new Deriver(this.factory, this.compiledSize);
    this.prefixes = new Map(KNOWN_PREFIXES);
  }

  private static limitsOf(limits: { patterns?: number; memoEntries?: number }): { patterns: number; memoEntries: number } {
    return { patterns: limits.patterns ?? MAX_PATTERNS, memoEntries: limits.memoEntries ?? MAX_MEMO_ENTRIES };
  }

  /**
   * Loads and compiles `file` (default `domain.rng`), from its start or, with `contentOf`, from
   * the content of that define's element (see RngCompiler.compile); throws SchemaLoadError.
   */
  static load(reader: SchemaReader, file = 'domain.rng', limits: { patterns?: number; memoEntries?: number } = {}, contentOf?: string): CompiledSchema {
    // Each file is read once even though libvirt's includes form a diamond.
    const cache = new Map<string, string>();
    const cached: SchemaReader = (f) => {
      let t = cache.get(f);
      if (t === undefined) {
        t = reader(f);
        cache.set(f, t);
      }
      return t;
    };
    return new CompiledSchema(() => {
      const c = new RngCompiler(cached);
      const start = c.compile(file, contentOf);
      return { factory: c.factory, start, compiled: c.factory.size };
    }, CompiledSchema.limitsOf(limits));
  }

  /**
   * A schema read back from `snapshot()` text: it validates exactly as the schema that wrote
   * it. Throws SnapshotError when the text is not a snapshot this version wrote.
   */
  static fromSnapshot(snapshot: Uint8Array, limits: { patterns?: number; memoEntries?: number } = {}): CompiledSchema {
    return new CompiledSchema(() => readSnapshot(snapshot), CompiledSchema.limitsOf(limits));
  }

  /** The compiled grammar as bytes (see snapshot.ts); only before the schema has validated anything. */
  snapshot(): Uint8Array {
    if (this.factory.size !== this.compiledSize || this.deriver.entries > 0 || this.rebuilds > 0) throw new Error('snapshot: the schema has been used; take the snapshot right after compiling');
    if (!this.factory.complete) throw new Error('snapshot: the schema was itself read back; use snapshotWithMemo');
    return writeSnapshot(this.factory, this.start, this.compiledSize, false);
  }

  /**
   * The grammar with everything derived so far (derived patterns and the memo), as bytes: a
   * schema read back from them validates as this one does, and finds the states this one met
   * already derived. Null when the memo tables were dropped in this schema's life (the
   * snapshot would hold only the part derived since).
   */
  snapshotWithMemo(): Uint8Array | null {
    if (this.rebuilds > 0) return null;
    return writeSnapshot(this.factory, this.start, this.compiledSize, true);
  }

  /**
   * How much was derived: since the grammar was built or read back (new memo entries and
   * patterns), and in all (`derived`: the patterns beyond the grammar's own; `total`: all).
   */
  get derivedSinceBuilt(): { entries: number; patterns: number; derived: number; total: number } {
    return { entries: this.deriver.entries, patterns: this.factory.size - this.builtSize, derived: this.factory.size - this.compiledSize, total: this.factory.size };
  }

  /** Validates the document element of a well-formed document; returns errors in document order. */
  validate(doc: XmlDocument): SchemaError[] {
    if (!doc.root || doc.syntaxError) return [];
    if (this.factory.size > this.limits.patterns || this.deriver.entries > this.limits.memoEntries) {
      this.rebuilds++;
      // Memo tables grow with every new value seen; start over from the compiled grammar.
      const g = this.build();
      this.start = g.start;
      this.factory = g.factory;
      this.builtSize = g.factory.size;
      this.deriver = new Deriver(this.factory, g.compiled);
    }
    const run = new ValidationRun(doc.text, this.deriver, this.prefixes);
    const after = run.element(this.start, doc.root, new Map([['xml', XML_NS]]));
    if (!nullable(after)) run.report(doc.root.nameSpan, `<${doc.root.name}> is not a complete document for this schema.`);
    return run.errors.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  }

  /**
   * What may be written on `el` and as its child at `offset` (inside its content), judged
   * from everything before it in the document; null when `el` itself is not allowed where it is.
   */
  expectationsAt(doc: XmlDocument, el: XElement, offset: number): SchemaExpectations | null {
    if (!doc.root) return null;
    const run = new ValidationRun(doc.text, this.deriver, this.prefixes);
    run.probe = { el, offset, result: null };
    run.element(this.start, doc.root, new Map([['xml', XML_NS]]));
    return run.probe.result;
  }
}
