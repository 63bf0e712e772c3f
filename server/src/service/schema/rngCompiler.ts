import type { Element, Node } from '@xmldom/xmldom';
import { makeDatatype } from './datatypes';
import type { NameClass } from './nameClass';
import { type Pattern, type PElement, PatternFactory } from './patterns';

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';

/** Reads a schema file by its name relative to the schema directory (injected: no I/O here). */
export type SchemaReader = (file: string) => string;

export class SchemaLoadError extends Error {}

interface Components {
  starts: Element[];
  defines: Map<string, Element[]>;
}

function rngChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n: Node | null = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === RNG_NS) out.push(n as Element);
  }
  return out;
}

/** The nearest value of an inherited attribute (`ns`, `datatypeLibrary`) on the element or its ancestors. */
function inherited(el: Element, attr: string): string | null {
  for (let n: Node | null = el; n && n.nodeType === 1; n = n.parentNode) {
    const e = n as Element;
    if (e.hasAttribute(attr)) return e.getAttribute(attr);
  }
  return null;
}

/**
 * Compiles a RelaxNG grammar (XML syntax, with `include`, `define`/`combine`, `div`) into
 * simplified patterns. Covers what libvirt's schemas use; `externalRef`, `parentRef`,
 * nested grammars and `list` are reported as unsupported rather than guessed.
 */
export class RngCompiler {
  readonly factory = new PatternFactory();
  private readonly docs = new Map<string, Element>();
  private defines = new Map<string, Element[]>();
  private readonly defineCache = new Map<string, Pattern>();
  private readonly inProgress = new Set<string>();
  private readonly elementCache = new Map<Element, PElement>();
  /** Namespace URI → prefix seen on foreign elements of the schema (for messages). */
  readonly prefixes = new Map<string, string>();

  constructor(private readonly reader: SchemaReader) {}

  /**
   * The grammar's start pattern; with `contentOf`, instead the content of the element that the
   * define of that name describes (for `devices`: any one device, as `virsh attach-device`
   * takes it, validated by the very patterns that validate it inside a domain).
   */
  compile(file: string, contentOf?: string): Pattern {
    const comps = this.loadGrammar(file);
    this.defines = comps.defines;
    if (contentOf !== undefined) {
      const p = this.ref(contentOf);
      if (p.kind !== 'element') throw new SchemaLoadError(`${file}: "${contentOf}" does not define one element`);
      return p.p;
    }
    if (comps.starts.length === 0) throw new SchemaLoadError(`${file}: the grammar has no <start>`);
    return this.combine(comps.starts, 'start');
  }

  private parse(file: string): Element {
    const cached = this.docs.get(file);
    if (cached) return cached;
    let text: string;
    try {
      text = this.reader(file);
    } catch (e) {
      throw new SchemaLoadError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const errors: string[] = [];
    // loaded on the first compile only (a cached schema needs no XML parser)
    const { DOMParser } = require('@xmldom/xmldom') as typeof import('@xmldom/xmldom');
    const doc = new DOMParser({ onError: (level: string, msg: string) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(text, 'text/xml');
    if (errors.length || !doc.documentElement) throw new SchemaLoadError(`${file} is not well-formed: ${errors[0] ?? 'no root element'}`);
    const root = doc.documentElement;
    this.docs.set(file, root);
    return root;
  }

  private loadGrammar(file: string): Components {
    const root = this.parse(file);
    if (root.namespaceURI !== RNG_NS || root.localName !== 'grammar') throw new SchemaLoadError(`${file}: the root element is not a RelaxNG <grammar>`);
    const comps: Components = { starts: [], defines: new Map() };
    this.addContent(root, comps);
    return comps;
  }

  private addContent(container: Element, comps: Components): void {
    for (const el of rngChildren(container)) {
      switch (el.localName) {
        case 'start':
          comps.starts.push(el);
          break;
        case 'define': {
          const name = el.getAttribute('name') ?? '';
          const list = comps.defines.get(name);
          if (list) list.push(el);
          else comps.defines.set(name, [el]);
          break;
        }
        case 'div':
          this.addContent(el, comps);
          break;
        case 'include': {
          const href = el.getAttribute('href') ?? '';
          const inc = this.loadGrammar(href);
          // Components inside <include> replace the included grammar's ones of the same name.
          const own: Components = { starts: [], defines: new Map() };
          this.addContent(el, own);
          if (own.starts.length) inc.starts = [];
          for (const name of own.defines.keys()) inc.defines.delete(name);
          comps.starts.push(...inc.starts, ...own.starts);
          for (const src of [inc.defines, own.defines]) {
            for (const [name, list] of src) {
              const existing = comps.defines.get(name);
              if (existing) existing.push(...list);
              else comps.defines.set(name, [...list]);
            }
          }
          break;
        }
        default:
          throw new SchemaLoadError(`unsupported grammar content <${el.localName}>`);
      }
    }
  }

  /** Combines the bodies of several `<define>`s (or `<start>`s) of one name. */
  private combine(els: Element[], what: string): Pattern {
    const f = this.factory;
    const methods = new Set(els.map((e) => e.getAttribute('combine')).filter((c): c is string => !!c));
    if (methods.size > 1) throw new SchemaLoadError(`${what}: conflicting combine methods`);
    const method = [...methods][0] ?? 'choice';
    if (els.length > 1 && els.filter((e) => !e.getAttribute('combine')).length > 1) throw new SchemaLoadError(`${what}: defined more than once without combine`);
    let result: Pattern | null = null;
    for (const e of els) {
      const p = this.group(rngChildren(e));
      result = result === null ? p : method === 'interleave' ? f.interleave(result, p) : f.choice(result, p);
    }
    return result ?? f.notAllowed;
  }

  private ref(name: string): Pattern {
    const cached = this.defineCache.get(name);
    if (cached) return cached;
    const els = this.defines.get(name);
    if (!els) throw new SchemaLoadError(`reference to undefined pattern "${name}"`);
    // Recursion passes through <element> (a RelaxNG rule); those are cached by node, so a
    // define that refers to itself is compiled again below and ends at the cached element.
    if (this.inProgress.has(name)) return this.combine(els, name);
    this.inProgress.add(name);
    const p = this.combine(els, name);
    this.inProgress.delete(name);
    this.defineCache.set(name, p);
    return p;
  }

  private group(els: Element[]): Pattern {
    const f = this.factory;
    let r: Pattern = f.empty;
    for (let i = els.length - 1; i >= 0; i--) r = f.group(this.pattern(els[i]), r);
    return r;
  }

  private pattern(el: Element): Pattern {
    const f = this.factory;
    const kids = rngChildren(el);
    switch (el.localName) {
      case 'element': {
        const cached = this.elementCache.get(el);
        if (cached) return cached;
        const name = el.getAttribute('name');
        const nc = name !== null ? this.qname(el, name, inherited(el, 'ns') ?? '') : this.nameClass(kids[0]);
        const p = f.element(nc);
        this.elementCache.set(el, p);
        p.p = this.group(name !== null ? kids : kids.slice(1));
        return p;
      }
      case 'attribute': {
        const name = el.getAttribute('name');
        // An attribute's `ns` is not inherited: unprefixed attributes are in no namespace.
        const nc = name !== null ? this.qname(el, name, el.getAttribute('ns') ?? '') : this.nameClass(kids[0]);
        const body = name !== null ? kids : kids.slice(1);
        return f.attribute(nc, body.length ? this.group(body) : f.text);
      }
      case 'group':
        return this.group(kids);
      case 'interleave':
        return kids.map((k) => this.pattern(k)).reduce((a, b) => f.interleave(a, b), f.empty as Pattern);
      case 'choice':
        return kids.map((k) => this.pattern(k)).reduce((a, b) => f.choice(a, b), f.notAllowed as Pattern);
      case 'optional':
        return f.choice(this.group(kids), f.empty);
      case 'zeroOrMore':
        return f.choice(f.oneOrMore(this.group(kids)), f.empty);
      case 'oneOrMore':
        return f.oneOrMore(this.group(kids));
      case 'mixed':
        return f.interleave(this.group(kids), f.text);
      case 'ref':
        return this.ref(el.getAttribute('name') ?? '');
      case 'empty':
        return f.empty;
      case 'notAllowed':
        return f.notAllowed;
      case 'text':
        return f.text;
      case 'data': {
        const params = kids.filter((k) => k.localName === 'param').map((k) => ({ name: k.getAttribute('name') ?? '', value: k.textContent ?? '' }));
        const except = kids.find((k) => k.localName === 'except');
        const dt = makeDatatype(inherited(el, 'datatypeLibrary') ?? '', el.getAttribute('type') ?? '', params);
        const ex = except ? rngChildren(except).map((k) => this.pattern(k)).reduce((a, b) => f.choice(a, b), f.notAllowed as Pattern) : null;
        return f.data(dt, ex);
      }
      case 'value': {
        const type = el.getAttribute('type');
        // Without a type, a value is the built-in token type (RelaxNG spec, simplification 4.4).
        const dt = type === null ? makeDatatype('', 'token', []) : makeDatatype(inherited(el, 'datatypeLibrary') ?? '', type, []);
        return f.value(dt, el.textContent ?? '');
      }
      default:
        throw new SchemaLoadError(`unsupported pattern <${el.localName}>`);
    }
  }

  private qname(el: Element, name: string, defaultNs: string): NameClass {
    const colon = name.indexOf(':');
    if (colon < 0) return { kind: 'name', ns: defaultNs, local: name.trim() };
    const prefix = name.slice(0, colon);
    const ns = el.lookupNamespaceURI(prefix) ?? '';
    return { kind: 'name', ns, local: name.slice(colon + 1).trim() };
  }

  private nameClass(el: Element | undefined): NameClass {
    if (!el) throw new SchemaLoadError('missing name class');
    const kids = rngChildren(el);
    const except = (): NameClass | null => {
      const ex = kids.find((k) => k.localName === 'except');
      if (!ex) return null;
      return rngChildren(ex)
        .map((k) => this.nameClass(k))
        .reduce((a, b) => ({ kind: 'choice', a, b }));
    };
    switch (el.localName) {
      case 'name':
        return this.qname(el, el.textContent ?? '', inherited(el, 'ns') ?? '');
      case 'anyName':
        return { kind: 'anyName', except: except() };
      case 'nsName':
        return { kind: 'nsName', ns: inherited(el, 'ns') ?? '', except: except() };
      case 'choice':
        return kids.map((k) => this.nameClass(k)).reduce((a, b) => ({ kind: 'choice', a, b }));
      default:
        throw new SchemaLoadError(`unsupported name class <${el.localName}>`);
    }
  }
}
