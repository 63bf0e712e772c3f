/**
 * Facts about libvirt domain XML elements, attributes and values, kept apart from the hover
 * and completion logic. Texts are the project's own summaries of libvirt's formatdomain
 * documentation and validation code (see docs/hover-facts.md in the shared data).
 */

/** Where an enumerated value stands on the two safety questions users ask about cache modes. */
export interface CacheSafety {
  /** Safe on a writable `<shareable/>` disk (no host copy of blocks other guests write). */
  sharedDisk: boolean;
  /** Accepted by libvirt's live-migration safety check. */
  migration: boolean;
}

export interface ValueFact {
  value: string;
  summary: string;
  /** libvirt version that added the value, when later than the attribute. */
  since?: string;
  /** Why the value risks data or is refused in common setups; shown as a warning, sorted last. */
  caution?: string;
  safety?: CacheSafety;
}

/** An attribute that only makes sense for some values of an attribute on an ancestor. */
export interface OnlyFor {
  element: string;
  attr: string;
  values: string[];
  /** The value libvirt assumes when the attribute is not written. */
  fallback?: string;
}

export interface AttrFact {
  summary: string;
  since?: string;
  /** The value libvirt or the hypervisor uses when the attribute is not written. */
  default?: string;
  values?: ValueFact[];
  /** Values that depend on a sibling attribute (e.g. controller model by controller type). */
  valuesBy?: { attr: string; cases: Record<string, ValueFact[]> };
  /** Free-form values: a short description of what to write. */
  format?: string;
  details?: string[];
  onlyFor?: OnlyFor;
}

export interface ElementFact {
  summary: string;
  since?: string;
  details?: string[];
  attrs?: Record<string, AttrFact>;
  /** Child elements offered by completion, in libvirt's usual order. */
  children?: string[];
  /** Written as an empty element (`<shareable/>`). */
  empty?: boolean;
  /** Has text content rather than children (`<serial>…</serial>`). */
  text?: boolean;
  /** Attributes a new element is usually written with (completion inserts them). */
  snippetAttrs?: string[];
  /** Anchor of the section in libvirt's formatdomain page. */
  docsAnchor?: string;
}

/** Facts keyed by `parent/name` (context-specific) or `name`. */
export type FactTable = Record<string, ElementFact>;

export const FORMATDOMAIN_URL = 'https://libvirt.org/formatdomain.html';

/** One row of a value table: the value, what it means, and optionally since, caution, safety. */
export type ValueRow = readonly [value: string, summary: string, more?: Omit<ValueFact, 'value' | 'summary'>];

/** A value table written one row a value, so that long lists read as lists. */
export function valueTable(...rows: ValueRow[]): ValueFact[] {
  return rows.map(([value, summary, more]) => ({ value, summary, ...more }));
}

/** Values whose summary follows from the value (units, protocols), in the order given. */
export function valuesOf(values: readonly string[], summary: (value: string) => string = (v) => v): ValueFact[] {
  return values.map((value) => ({ value, summary: summary(value) }));
}

/**
 * The values of a list the model keeps (what the rules check), in its order, each with its
 * description: the list is written once, and the compiler sees that every value is described.
 */
export function describedValues<V extends string>(values: readonly V[], rows: Record<V, string | readonly [string, Omit<ValueFact, 'value' | 'summary'>]>): ValueFact[] {
  return values.map((value) => {
    const row = rows[value];
    return typeof row === 'string' ? { value, summary: row } : { value, summary: row[0], ...row[1] };
  });
}

/** on/off attributes are frequent; one helper keeps their values consistent. */
export function onOff(on: string, off: string): ValueFact[] {
  return valueTable(['on', on], ['off', off]);
}

export function yesNo(yes: string, no: string): ValueFact[] {
  return valueTable(['yes', yes], ['no', no]);
}

/** An element's attribute values from its facts, resolving values that depend on a sibling attribute. */
export function attrValues(fact: AttrFact, sibling: (name: string) => string | undefined): ValueFact[] | undefined {
  if (fact.values) return fact.values;
  if (fact.valuesBy) {
    const v = sibling(fact.valuesBy.attr);
    return v !== undefined ? fact.valuesBy.cases[v] : undefined;
  }
  return undefined;
}

export interface FoundElement {
  key: string;
  fact: ElementFact;
}

/** How hover and completion find the facts of an element of one document kind. */
export interface KindFacts {
  /** Facts for an element from its name and its parent's name. */
  elementFact(name: string, parent: string | undefined): FoundElement | undefined;
  /** The page of libvirt's documentation that the kind's `docsAnchor`s point into. */
  readonly docsPage: string;
}
