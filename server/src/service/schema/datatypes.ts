/**
 * The datatypes libvirt's schemas use: RelaxNG's built-in `string`/`token` and a subset of
 * XML Schema part 2 (the library `http://www.w3.org/2001/XMLSchema-datatypes`) with the
 * facets `pattern`, `minInclusive`, `maxInclusive`, `minLength`, `maxLength` and `length`.
 */
export const XSD_LIBRARY = 'http://www.w3.org/2001/XMLSchema-datatypes';

/** What a datatype is made from: enough to make it again (`makeDatatype`), as the schema cache does. */
export interface DatatypeSpec {
  readonly library: string;
  readonly type: string;
  readonly params: readonly { readonly name: string; readonly value: string }[];
}

export interface Datatype {
  /** `xsd:unsignedInt`, `token`, … for messages. */
  readonly name: string;
  readonly spec: DatatypeSpec;
  allows(value: string): boolean;
  /** Whether two lexical values are the same value (for `<value>`). */
  equal(a: string, b: string): boolean;
  /** A short description of what is allowed, for messages. */
  describe(): string;
}

const collapse = (s: string): string => s.replace(/[ \t\r\n]+/g, ' ').trim();

interface Base {
  /** XSD whiteSpace facet: 'preserve' for string, 'collapse' for the others we know. */
  collapse: boolean;
  lexical: (v: string) => boolean;
  /** Numeric types: the value as a bigint (integers) or number (double) for range facets. */
  num?: (v: string) => bigint | number;
  min?: bigint;
  max?: bigint;
  label: string;
}

const INT_RE = /^[+-]?[0-9]+$/;
const toBig = (v: string): bigint => BigInt(v.replace(/^\+/, ''));
function intType(label: string, min?: bigint, max?: bigint): Base {
  return { collapse: true, lexical: (v) => INT_RE.test(v), num: toBig, min, max, label };
}

const BASES: Record<string, Base> = {
  string: { collapse: false, lexical: () => true, label: 'text' },
  token: { collapse: true, lexical: () => true, label: 'text' },
  normalizedString: { collapse: false, lexical: () => true, label: 'text' },
  anyURI: { collapse: true, lexical: () => true, label: 'a URI' },
  NCName: { collapse: true, lexical: (v) => /^[\p{L}_][\p{L}\p{N}\p{M}_.\-\u00B7]*$/u.test(v), label: 'a name without colon' },
  Name: { collapse: true, lexical: (v) => /^[\p{L}_:][\p{L}\p{N}\p{M}_.:\-\u00B7]*$/u.test(v), label: 'an XML name' },
  boolean: { collapse: true, lexical: (v) => /^(true|false|1|0)$/.test(v), label: 'true, false, 1 or 0' },
  double: {
    collapse: true,
    lexical: (v) => /^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|-?INF|NaN)$/.test(v),
    num: (v) => Number(v.replace(/^(-?)INF$/, '$1Infinity')),
    label: 'a number',
  },
  decimal: { collapse: true, lexical: (v) => /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(v), num: (v) => Number(v), label: 'a decimal number' },
  dateTime: {
    collapse: true,
    lexical: (v) => /^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/.test(v),
    label: 'a date and time (YYYY-MM-DDThh:mm:ss)',
  },
  integer: intType('an integer'),
  long: intType('an integer', -(2n ** 63n), 2n ** 63n - 1n),
  int: intType('an integer', -(2n ** 31n), 2n ** 31n - 1n),
  short: intType('an integer', -32768n, 32767n),
  byte: intType('an integer', -128n, 127n),
  nonNegativeInteger: intType('an integer', 0n),
  positiveInteger: intType('an integer', 1n),
  nonPositiveInteger: intType('an integer', undefined, 0n),
  negativeInteger: intType('an integer', undefined, -1n),
  unsignedLong: intType('an integer', 0n, 2n ** 64n - 1n),
  unsignedInt: intType('an integer', 0n, 2n ** 32n - 1n),
  unsignedShort: intType('an integer', 0n, 65535n),
  unsignedByte: intType('an integer', 0n, 255n),
};

/**
 * Translates an XML Schema regular expression to a JavaScript one. XSD patterns are
 * implicitly anchored and `^`/`$` are ordinary characters there (libvirt's nwfilter
 * variable pattern starts with a literal `$`).
 */
export function xsdPatternToRegExp(pattern: string): RegExp {
  let out = '';
  let inClass = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      i++;
      if (n === 's') out += inClass ? ' \\t\\n\\r' : '[ \\t\\n\\r]';
      else if (n === 'S') out += inClass ? '\\S' : '[^ \\t\\n\\r]';
      else if (n === 'i') out += inClass ? '\\p{L}_:' : '[\\p{L}_:]';
      else if (n === 'c') out += inClass ? '\\p{L}\\p{N}._:\\-' : '[\\p{L}\\p{N}._:\\-]';
      else if (n === 'd') out += inClass ? '\\p{Nd}' : '\\p{Nd}';
      else if (/[A-Za-z]/.test(n)) out += '\\' + n;
      // In a unicode-mode RegExp only syntax characters may be escaped (and `-` in a class).
      else if ('^$\\.*+?()[]{}|/'.includes(n) || (inClass && n === '-')) out += '\\' + n;
      else out += n;
      continue;
    }
    if (inClass) {
      if (c === '[') {
        // XSD class subtraction `[a-z-[aeiou]]` is not used by libvirt; nested classes are literal here.
        out += '\\[';
        continue;
      }
      if (c === ']') inClass--;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass++;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '^' || c === '$') out += '\\' + c;
    else if (c === '.') out += '[^\\n\\r]';
    else out += c;
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

interface Facets {
  patterns: RegExp[];
  minInclusive?: bigint | number;
  maxInclusive?: bigint | number;
  minExclusive?: bigint | number;
  maxExclusive?: bigint | number;
  minLength?: number;
  maxLength?: number;
  length?: number;
}

class XsdType implements Datatype {
  constructor(
    readonly spec: DatatypeSpec,
    readonly name: string,
    private readonly base: Base,
    private readonly facets: Facets,
    private readonly paramText: string,
  ) {}

  private norm(v: string): string {
    return this.base.collapse ? collapse(v) : v;
  }

  allows(raw: string): boolean {
    const v = this.norm(raw);
    if (!this.base.lexical(v)) return false;
    const f = this.facets;
    for (const re of f.patterns) if (!re.test(v)) return false;
    if (f.minLength !== undefined || f.maxLength !== undefined || f.length !== undefined) {
      const len = [...v].length;
      if (f.minLength !== undefined && len < f.minLength) return false;
      if (f.maxLength !== undefined && len > f.maxLength) return false;
      if (f.length !== undefined && len !== f.length) return false;
    }
    if (this.base.num) {
      let n: bigint | number;
      try {
        n = this.base.num(v);
      } catch {
        return false;
      }
      if (this.base.min !== undefined && n < this.base.min) return false;
      if (this.base.max !== undefined && n > this.base.max) return false;
      if (f.minInclusive !== undefined && n < f.minInclusive) return false;
      if (f.maxInclusive !== undefined && n > f.maxInclusive) return false;
      if (f.minExclusive !== undefined && n <= f.minExclusive) return false;
      if (f.maxExclusive !== undefined && n >= f.maxExclusive) return false;
    }
    return true;
  }

  equal(a: string, b: string): boolean {
    const x = this.norm(a);
    const y = this.norm(b);
    if (x === y) return true;
    if (this.base.num && this.base.lexical(x) && this.base.lexical(y)) {
      try {
        return this.base.num(x) === this.base.num(y);
      } catch {
        return false;
      }
    }
    return false;
  }

  describe(): string {
    const f = this.facets;
    if (this.base.num && (f.minInclusive !== undefined || f.maxInclusive !== undefined || this.base.min !== undefined || this.base.max !== undefined) && f.patterns.length === 0) {
      const lo = f.minInclusive ?? this.base.min;
      const hi = f.maxInclusive ?? this.base.max;
      if (lo !== undefined && hi !== undefined) return `${this.base.label} from ${lo} to ${hi}`;
      if (lo !== undefined) return `${this.base.label} of at least ${lo}`;
      return `${this.base.label} of at most ${hi}`;
    }
    return `${this.base.label}${this.paramText}`;
  }
}

/** RelaxNG's built-in library: `string` compares exactly, `token` after collapsing white space. */
const BUILTIN_STRING: Datatype = { name: 'string', spec: { library: '', type: 'string', params: [] }, allows: () => true, equal: (a, b) => a === b, describe: () => 'text' };
const BUILTIN_TOKEN: Datatype = { name: 'token', spec: { library: '', type: 'token', params: [] }, allows: () => true, equal: (a, b) => collapse(a) === collapse(b), describe: () => 'text' };

export class DatatypeError extends Error {}

const FACETS = new Set(['pattern', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'minLength', 'maxLength', 'length']);

/** Whether `makeDatatype` knows the library, the type and the facets of a spec (it may still refuse a bad facet value). */
export function knownDatatype(spec: DatatypeSpec): boolean {
  if (spec.library === '') return spec.params.length === 0 && (spec.type === 'string' || spec.type === 'token');
  return spec.library === XSD_LIBRARY && Object.hasOwn(BASES, spec.type) && spec.params.every((p) => FACETS.has(p.name));
}

/** Builds a datatype from a library URI, a type name and `<param>`s. */
export function makeDatatype(library: string, type: string, params: readonly { readonly name: string; readonly value: string }[]): Datatype {
  if (library === '') {
    if (params.length) throw new DatatypeError(`the built-in datatype ${type} has no parameters`);
    if (type === 'string') return BUILTIN_STRING;
    if (type === 'token') return BUILTIN_TOKEN;
    throw new DatatypeError(`unknown built-in datatype ${type}`);
  }
  if (library !== XSD_LIBRARY) throw new DatatypeError(`unsupported datatype library ${library}`);
  const base = BASES[type];
  if (!base) throw new DatatypeError(`unsupported datatype xsd:${type}`);
  const facets: Facets = { patterns: [] };
  const num = (v: string): bigint | number => (base.num ? base.num(collapse(v)) : Number(v));
  const described: string[] = [];
  for (const p of params) {
    switch (p.name) {
      case 'pattern':
        facets.patterns.push(xsdPatternToRegExp(p.value));
        described.push(`matching ${p.value}`);
        break;
      case 'minInclusive':
      case 'maxInclusive':
      case 'minExclusive':
      case 'maxExclusive':
        facets[p.name] = num(p.value);
        break;
      case 'minLength':
      case 'maxLength':
      case 'length':
        facets[p.name] = Number(p.value);
        described.push(`${p.name === 'length' ? 'of length' : p.name === 'minLength' ? 'of at least' : 'of at most'} ${p.value} characters`);
        break;
      default:
        throw new DatatypeError(`unsupported facet ${p.name} on xsd:${type}`);
    }
  }
  const paramText = described.length ? ` ${described.join(', ')}` : '';
  return new XsdType({ library, type, params: params.map((p) => ({ name: p.name, value: p.value })) }, `xsd:${type}`, base, facets, paramText);
}
