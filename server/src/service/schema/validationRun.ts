import type { XElement } from '../parse/xmlTree';
import type { Span } from '../types';
import { describeNames, type QName } from './nameClass';
import { type Deriver, isWhitespace, nullable, type Pattern, type PatternFactory } from './patterns';
import type { SchemaError } from './schemaDiagnostics';
import { textOfMarkup } from '../parse/decode';
import { onlySpace } from '../parse/scanner';
import { textSpan } from './sourceText';
import { orList, suggestion } from './wording';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

type AttributePattern = Extract<Pattern, { kind: 'attribute' }>;
type ValueLeaf = Extract<Pattern, { kind: 'value' | 'data' | 'text' }>;

/**
 * The expanded names of unprefixed names in no namespace (all of libvirt's), one object per
 * name: a domain repeats a few dozen names thousands of times. Bounded against hostile input.
 */
const plainNames = new Map<string, QName>();
function plainName(local: string): QName {
  let q = plainNames.get(local);
  if (q === undefined) {
    q = { ns: '', local };
    if (plainNames.size < 4096) plainNames.set(local, q);
  }
  return q;
}

const intersect = (a: Set<string>, b: Set<string>): Set<string> => new Set([...a].filter((x) => b.has(x)));

/** What the schema allows at a place, for completion (the same source of truth as validation). */
export interface SchemaExpectations {
  /** Attribute names still allowed on the element (those already written are left out). */
  attributes: string[];
  /** Element names allowed as a child at the offset. */
  children: string[];
  /** The enumerated values allowed for an attribute of the element, given its other attributes. */
  values(attribute: string): string[];
}

/**
 * One validation pass over one document: walks the span tree, derives the schema state
 * element by element, and on an error reports it with what is allowed there, then recovers
 * locally so that the rest of the document is still checked.
 */
export class ValidationRun {
  readonly errors: SchemaError[] = [];
  /** Set by expectationsAt: the element to describe and where in its content. */
  probe: { el: XElement; offset: number; result: SchemaExpectations | null } | null = null;
  private readonly f: PatternFactory;

  constructor(
    private readonly text: string,
    private readonly d: Deriver,
    private readonly prefixes: Map<string, string>,
  ) {
    this.f = d.f;
  }

  report(span: Span, message: string): void {
    this.errors.push({ span, message });
  }

  private resolve(name: string, ns: Map<string, string>, isAttr: boolean): QName {
    const colon = name.indexOf(':');
    if (colon < 0) {
      const uri = isAttr ? '' : (ns.get('') ?? '');
      return uri === '' ? plainName(name) : { ns: uri, local: name };
    }
    return { ns: ns.get(name.slice(0, colon)) ?? '', local: name.slice(colon + 1) };
  }

  /** Validates `el` in state `p` and returns the state after it; errors are recovered from. */
  element(p: Pattern, el: XElement, outerNs: Map<string, string>): Pattern {
    const { d } = this;
    let ns = outerNs;
    const attrs = el.attrs;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        if (ns === outerNs) ns = new Map(outerNs);
        ns.set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
      }
    }
    const qn = this.resolve(el.name, ns, false);
    const opened = d.startTagOpen(p, qn);
    if (opened.kind === 'notAllowed') {
      const allowed = this.elementNames(p);
      const where = el.parent ? ` in <${el.parent.name}>` : '';
      const siblings = el.parent?.children ?? [];
      const earlier = siblings.slice(0, siblings.indexOf(el)).some((c) => c.name === el.name);
      // A second <name> or <driver> is the usual reason when the element itself is known.
      const again = earlier && !allowed.includes(el.name) ? ` <${el.name}> already appears earlier in <${el.parent!.name}>, and only one is allowed there.` : '';
      const tail = again
        ? ''
        : allowed.length
        ? ` Expected ${allowed.length > 1 ? 'one of ' : ''}${orList(allowed.map((n) => `<${n}>`))}.${suggestion(el.name, allowed, (s) => `<${s}>`)}`
        : ' No more elements are allowed there.';
      this.report(el.nameSpan, `Element <${el.name}> is not allowed here${where}.${again}${tail}`);
      return p;
    }

    let state = opened;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const aq = this.resolve(a.name, ns, true);
      if (aq.ns === XMLNS_NS) continue;
      const next = d.attribute(state, aq, a.value);
      if (next.kind !== 'notAllowed') {
        state = next;
        continue;
      }
      const byName = d.attribute(state, aq, a.value, true);
      if (byName.kind === 'notAllowed') {
        const allowed = this.attributeNames(state);
        const tail = allowed.length
          ? ` Allowed here: ${allowed.join(', ')}.${suggestion(a.name, allowed, (s) => `'${s}'`)}`
          : ` <${el.name}> takes no ${el.attrs.length > 1 ? 'other ' : ''}attributes here.`;
        this.report(a.nameSpan, `Attribute '${a.name}' is not allowed on <${el.name}>.${tail}`);
        continue;
      }
      const expected = this.attributeValues(state, aq);
      const span = a.valueSpan.end > a.valueSpan.start ? a.valueSpan : a.span;
      this.report(span, `<${el.name} ${a.name}='${a.value}'>: expected ${expected}.`);
      state = byName;
    }

    if (this.probe?.el === el) {
      const attrs = el.attrs.filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'));
      this.probe.result = {
        attributes: this.attributeNames(state),
        children: [],
        values: (name) => {
          const aq = this.resolve(name, ns, true);
          let s2 = opened;
          for (const a of attrs) {
            if (a.name === name) continue;
            const next = d.attribute(s2, this.resolve(a.name, ns, true), a.value);
            if (next.kind !== 'notAllowed') s2 = next;
          }
          return this.enumeratedValues(s2, aq);
        },
      };
    }

    let content = d.startTagClose(state);
    if (content.kind === 'notAllowed') {
      const missing = this.requiredAttributes(state);
      this.report(
        el.nameSpan,
        missing.length === 1
          ? `<${el.name}> is missing the required attribute '${missing[0]}'.`
          : missing.length > 1
            ? `<${el.name}> is missing required attributes: ${missing.map((m) => `'${m}'`).join(', ')}.`
            : `<${el.name}> is missing a required attribute (one of ${this.attributeNames(state).join(', ')}).`,
      );
      content = d.startTagClose(state, true);
    }

    content = this.children(content, el, ns);

    let out = d.endTag(content);
    if (out.kind === 'notAllowed') {
      this.report(el.nameSpan, this.incompleteMessage(el, content));
      out = d.endTag(content, true);
    }
    return out;
  }

  private children(p: Pattern, el: XElement, ns: Map<string, string>): Pattern {
    const probe = this.probe?.el === el ? this.probe : null;
    if (probe?.result) {
      // The state just before the first child at or after the offset.
      let state = p;
      for (const c of el.children) {
        if (c.start >= probe.offset) break;
        state = this.element(state, c, ns);
      }
      probe.result.children = this.elementNames(state);
    }
    return this.contentOf(p, el, ns);
  }

  private contentOf(p: Pattern, el: XElement, ns: Map<string, string>): Pattern {
    const { d, f } = this;
    const endTag = el.endTag;
    if (!endTag) {
      // <x/>: the empty string is the only content (RelaxNG treats it as an empty text node).
      return f.choice(p, d.textDeriv(p, ''));
    }
    if (el.children.length === 0) {
      const value = textOfMarkup(this.text.slice(el.startTagEnd, endTag.start));
      if (isWhitespace(value)) return f.choice(p, d.textDeriv(p, value));
      return this.text1(p, el, value, el.startTagEnd, endTag.start);
    }
    let state = p;
    let pos = el.startTagEnd;
    const children = el.children;
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (c.start > pos) state = this.textBetween(state, el, pos, c.start);
      state = this.element(state, c, ns);
      pos = c.end;
    }
    if (endTag.start > pos) state = this.textBetween(state, el, pos, endTag.start);
    return state;
  }

  /** Text between child elements: blank text is left out, as RelaxNG's whitespace rule says. */
  private textBetween(p: Pattern, el: XElement, start: number, end: number): Pattern {
    if (onlySpace(this.text, start, end)) return p;
    const value = textOfMarkup(this.text.slice(start, end));
    return isWhitespace(value) ? p : this.text1(p, el, value, start, end);
  }

  /** Derives by the text `value`, the source between `start` and `end`; reports it when not allowed. */
  private text1(p: Pattern, el: XElement, value: string, start: number, end: number): Pattern {
    const { d } = this;
    const next = d.textDeriv(p, value);
    if (next.kind !== 'notAllowed') return next;
    const lenient = d.textDeriv(p, value, true);
    const shown = value.trim().length > 40 ? `${value.trim().slice(0, 40)}…` : value.trim();
    const span = textSpan(this.text, start, end);
    if (lenient.kind === 'notAllowed') {
      const names = this.elementNames(p);
      this.report(span, `Text is not allowed in <${el.name}>${names.length ? `; it contains elements (${orList(names.map((n) => `<${n}>`))})` : ''}.`);
      return p;
    }
    this.report(span, `<${el.name}>${shown}</${el.name}>: expected ${this.textValues(p)}.`);
    return lenient;
  }

  private incompleteMessage(el: XElement, content: Pattern): string {
    const names = this.elementNames(content);
    const values = this.textValues(content, true);
    if (names.length === 0 && values) return `<${el.name}> needs a value: expected ${values}.`;
    const required = this.requiredElements(content);
    if (required.length === 1) return `<${el.name}> is missing the required element <${required[0]}>.`;
    if (required.length > 1) return `<${el.name}> is missing required elements: ${required.map((n) => `<${n}>`).join(', ')}.`;
    if (names.length === 1) return `<${el.name}> is missing the required element <${names[0]}>.`;
    if (names.length > 1) return `<${el.name}> is incomplete: expected ${orList(names.map((n) => `<${n}>`))}${values ? ` or ${values}` : ''}.`;
    return `<${el.name}> is incomplete.`;
  }

  // ---- what is allowed at a state, for messages ----

  /**
   * Visits what may come next in state `p`, and below each pattern `visit` returns true for;
   * in a group, the second part only when the first may be empty, unless `bothOfGroup`.
   */
  private walk(p: Pattern, visit: (p: Pattern) => boolean, bothOfGroup = false): void {
    const seen = new Set<number>();
    const go = (q: Pattern): void => {
      if (seen.has(q.id)) return;
      seen.add(q.id);
      if (!visit(q)) return;
      switch (q.kind) {
        case 'choice':
        case 'interleave':
          go(q.a);
          go(q.b);
          return;
        case 'group':
          go(q.a);
          if (bothOfGroup || nullable(q.a)) go(q.b);
          return;
        case 'after':
          go(q.a);
          return;
        case 'oneOrMore':
          go(q.p);
          return;
        default:
          return;
      }
    };
    go(p);
  }

  /** Names of the elements that may come next in state `p`. */
  private elementNames(p: Pattern): string[] {
    const out: string[] = [];
    this.walk(p, (q) => {
      if (q.kind === 'element') describeNames(q.nc, out, this.prefixes);
      return q.kind !== 'element' && q.kind !== 'attribute';
    });
    return [...new Set(out)].sort();
  }

  /** Attribute names still allowed on the current start tag. */
  private attributeNames(p: Pattern): string[] {
    const out: string[] = [];
    this.eachAttribute(p, (q) => describeNames(q.nc, out, this.prefixes));
    return [...new Set(out)].sort();
  }

  /** Every attribute pattern in state `p`: a start tag's attributes may come in any order, so both parts of a group count. */
  private eachAttribute(p: Pattern, visit: (q: AttributePattern) => void): void {
    this.walk(
      p,
      (q) => {
        if (q.kind === 'attribute') visit(q);
        return true;
      },
      true,
    );
  }

  /** Attributes that every remaining alternative requires. */
  private requiredAttributes(p: Pattern): string[] {
    return this.requiredNames(p, 'attribute', (q, a, b) =>
      // A branch that is already impossible does not make an attribute optional.
      this.d.startTagClose(q.a).kind === 'notAllowed' && this.d.startTagClose(q.b).kind !== 'notAllowed' ? b : intersect(a, b),
    );
  }

  /** Elements that every way of completing the content still needs. */
  private requiredElements(p: Pattern): string[] {
    return this.requiredNames(p, 'element', (_q, a, b) => intersect(a, b));
  }

  /**
   * Names of `leaf` patterns that every way through `p` needs: both sides of a group or
   * interleave, and of a choice what `choice` keeps from its two branches.
   */
  private requiredNames(
    p: Pattern,
    leaf: 'attribute' | 'element',
    choice: (q: Extract<Pattern, { kind: 'choice' }>, a: Set<string>, b: Set<string>) => Set<string>,
  ): string[] {
    const memo = new Map<number, Set<string>>();
    const go = (q: Pattern): Set<string> => {
      const m = memo.get(q.id);
      if (m) return m;
      memo.set(q.id, new Set());
      let r: Set<string>;
      switch (q.kind) {
        case 'group':
        case 'interleave':
          r = new Set([...go(q.a), ...go(q.b)]);
          break;
        case 'choice':
          r = choice(q, go(q.a), go(q.b));
          break;
        case 'after':
          r = go(q.a);
          break;
        case 'oneOrMore':
          r = go(q.p);
          break;
        case 'attribute':
        case 'element': {
          const names: string[] = [];
          if (q.kind === leaf) describeNames(q.nc, names, this.prefixes);
          r = new Set(names);
          break;
        }
        default:
          r = new Set();
      }
      memo.set(q.id, r);
      return r;
    };
    return [...go(p)].sort();
  }

  /**
   * The value, datatype and text patterns `q` accepts as a value. Messages list them in the
   * schema's order (their ids, given when the grammar was compiled), not in the order a walk
   * of the state meets them: the state's own shape depends on what this schema derived before
   * (choices are ordered by the ids of their alternatives, and a derived pattern's id is its
   * place in the memo's history), and a file's messages must not depend on the other files
   * of a run, or on which thread validated them.
   */
  private valueLeaves(q: Pattern, out: ValueLeaf[]): void {
    this.walk(q, (x) => {
      if (x.kind === 'value' || x.kind === 'data' || x.kind === 'text') out.push(x);
      return x.kind !== 'element' && x.kind !== 'attribute';
    });
  }

  /** What the leaves accept, in schema order: `<value>`s, and datatypes and (unless `quiet`) any text. */
  private describeValues(leaves: ValueLeaf[], quiet = false): { values: string[]; others: string[] } {
    const values: string[] = [];
    const others: string[] = [];
    for (const x of leaves.sort((a, b) => a.id - b.id)) {
      if (x.kind === 'value') values.push(x.value.trim() === '' ? `''` : x.value.trim());
      else if (x.kind === 'data') others.push(x.dt.describe());
      else if (!quiet) others.push('any text');
    }
    return { values, others };
  }

  private formatExpected(values: string[], others: string[]): string {
    const v = [...new Set(values)];
    const o = [...new Set(others)];
    if (v.length === 0 && o.length === 0) return 'nothing';
    if (o.length === 0) return v.length === 1 ? v[0] : `one of ${v.join(', ')}`;
    if (v.length === 0) return orList(o);
    return `one of ${v.join(', ')} or ${orList(o)}`;
  }

  /** The `<value>`s the attribute `qn` may take in state `p`, in schema order. */
  private enumeratedValues(p: Pattern, qn: QName): string[] {
    const leaves: ValueLeaf[] = [];
    this.walkAttributes(p, qn, (q) => this.valueLeaves(q.p, leaves));
    return [...new Set(leaves.sort((a, b) => a.id - b.id).flatMap((x) => (x.kind === 'value' ? [x.value.trim()] : [])))];
  }

  /** The attribute patterns in state `p` that take the name `qn`. */
  private walkAttributes(p: Pattern, qn: QName, visit: (q: AttributePattern) => void): void {
    this.eachAttribute(p, (q) => {
      if (this.d.attribute(q, qn, '', true).kind !== 'notAllowed') visit(q);
    });
  }

  /** What values the attribute `qn` may take in state `p`. */
  private attributeValues(p: Pattern, qn: QName): string {
    const leaves: ValueLeaf[] = [];
    this.walkAttributes(p, qn, (q) => this.valueLeaves(q.p, leaves));
    const { values, others } = this.describeValues(leaves);
    return this.formatExpected(values, others);
  }

  /** What text may come next in state `p` (empty string when only elements may). */
  private textValues(p: Pattern, quiet = false): string {
    const leaves: ValueLeaf[] = [];
    this.valueLeaves(p, leaves);
    const { values, others } = this.describeValues(leaves, quiet);
    if (quiet && values.length === 0 && others.length === 0) return '';
    return this.formatExpected(values, others);
  }
}
