import { attrValues, type AttrFact, type ElementFact, type KindFacts } from './factTypes';
import type { AnyKind } from './kinds/kind';
import type { XmlDocument } from './parse/parseXml';
import { lastStartingBefore, type XElement } from './parse/xmlTree';
import type { Rule } from './rule';
import type { LintSettings, OffsetEdit } from './types';

export type CompletionKind = 'element' | 'attribute' | 'value';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label. */
  detail: string;
  /** Markdown. */
  documentation: string;
  /** Replaces `text.slice(edit.start, edit.end)`; snippet syntax when `snippet` is true. */
  edit: OffsetEdit;
  snippet: boolean;
  sortText: string;
  filterText?: string;
  /** Why the choice is unsafe here; such entries sort last. */
  unsafe?: string;
  /** Ask the client for completion again after inserting (an attribute waiting for its value). */
  retrigger?: boolean;
}

export interface CompletionOptions {
  /** The client accepts snippet syntax (placeholders, final cursor). */
  snippets?: boolean;
  /**
   * The character that made the client ask, when it was a trigger character: a space, quote or
   * `=` typed outside a start tag (indentation, prose) must not pop up element lists.
   */
  triggerCharacter?: string;
  /** Rules offered inside suppression comments. */
  rules?: readonly { id: string; title: string; defaultSeverity: string }[];
  /** Root elements offered in an empty document (every kind's). */
  roots?: readonly string[];
}

/** The document's kind and what its advice needs; null for XML of no known kind. */
export interface CompletionTarget {
  kind: AnyKind;
  model: unknown;
  rules: readonly Rule[];
  settings: LintSettings;
}

/** Children that a parent may hold more than once; others are offered only while absent. */
const REPEATABLE = new Set([
  'disk', 'controller', 'interface', 'hostdev', 'serial', 'console', 'channel', 'input', 'graphics', 'video', 'sound', 'audio', 'watchdog', 'rng',
  'filesystem', 'redirdev', 'smartcard', 'hub', 'panic', 'shmem', 'memory', 'lease', 'host', 'slice', 'cookie', 'iothread', 'boot', 'secret', 'backingStore',
]);

const NAME_CHAR = /[A-Za-z0-9_.:-]/;

function wordEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && NAME_CHAR.test(text[i])) i++;
  return i;
}

function wordStart(text: string, from: number): number {
  let i = from;
  while (i > 0 && NAME_CHAR.test(text[i - 1])) i--;
  return i;
}

function snippetEscape(s: string): string {
  return s.replace(/[$}\\]/g, (c) => '\\' + c);
}

/** The innermost element whose content contains the offset, as the tolerant scan nests them. */
export function openElementAt(xml: XmlDocument, offset: number, ignoreIndent = false): XElement | null {
  let best: XElement | null = null;
  for (const e of xml.elements) {
    if (e.start >= offset) break;
    if (!e.closed || e.selfClosing || e.startTagEnd > offset) continue;
    if (e.endTag) {
      if (offset > e.endTag.start) continue;
    } else {
      // An unclosed element ends where an enclosing element's end tag is. Before that, the
      // indentation decides: a `<source …>` missing its `/` usually has siblings, not
      // children, on the lines below it at the same depth.
      let closedBefore = false;
      for (let a = e.parent; a; a = a.parent) if (a.endTag && a.endTag.start < offset) closedBefore = true;
      if (closedBefore) continue;
      const sameLine = !/[\r\n]/.test(xml.text.slice(e.start, offset));
      if (!ignoreIndent && !sameLine && lineIndent(xml.text, offset) <= lineIndent(xml.text, e.start)) continue;
    }
    best = e;
  }
  return best;
}

/** Width of the white space that starts the line holding an offset. */
function lineIndent(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i - start;
}

/** Children, counting those the scan nested below an unclosed child (they are meant as siblings). */
function effectiveChildren(el: XElement): XElement[] {
  const out: XElement[] = [];
  for (const c of el.children) {
    out.push(c);
    if (!c.endTag && !c.selfClosing) out.push(...effectiveChildren(c));
  }
  return out;
}

function ancestorNamed(el: XElement | null, name: string): XElement | undefined {
  for (let e = el; e; e = e.parent) if (e.name === name) return e;
  return undefined;
}

const DIRECTIVE = /^<!--\s*libvirt-lint-disable(?:-next-line)?\s/;

/** Rule ids inside a suppression comment, after the directive; those already listed are left out. */
function suppressionEntries(xml: XmlDocument, offset: number, opts: CompletionOptions): CompletionEntry[] {
  const c = xml.scan.comments.find((s) => s.start < offset && offset < s.end);
  if (!c || !opts.rules) return [];
  const text = xml.text;
  const head = DIRECTIVE.exec(text.slice(c.start, offset));
  if (!head) return [];
  const start = wordStart(text, offset);
  const end = wordEnd(text, offset);
  const listed = new Set(text.slice(c.start + head[0].length, c.end).replace(/-->$/, '').split(/[\s,]+/).filter(Boolean));
  listed.delete(text.slice(start, end));
  return opts.rules
    .filter((r) => !listed.has(r.id))
    .map((r, i) => ({
      label: r.id,
      kind: 'value' as const,
      detail: `${r.defaultSeverity}: ${r.title}`,
      documentation: r.title,
      edit: { start, end, newText: r.id },
      snippet: false,
      sortText: `0-${String(i).padStart(3, '0')}`,
    }));
}

function inComment(xml: XmlDocument, offset: number): boolean {
  return xml.scan.comments.some((c) => c.start < offset && offset < c.end);
}

function versionNote(since: string | undefined): string {
  return since ? `\n\nSince libvirt ${since}.` : '';
}

/** The quote character the document uses most. */
/** The document's usual quote, counted once per version (a regex over megabytes per request was most of a completion's time). */
const quotes = new WeakMap<XmlDocument, string>();
function quoteOf(xml: XmlDocument): string {
  let quote = quotes.get(xml);
  if (quote === undefined) {
    const text = xml.text;
    let single = 0;
    let double = 0;
    for (let i = text.indexOf('='); i >= 0; i = text.indexOf('=', i + 1)) {
      const c = text.charCodeAt(i + 1);
      if (c === 39) single++;
      else if (c === 34) double++;
    }
    quote = double > single ? '"' : "'";
    quotes.set(xml, quote);
  }
  return quote;
}

/** A snippet (or plain text) for a new element with its usual attributes. */
function elementInsert(name: string, fact: ElementFact | undefined, quote: string, snippets: boolean): string {
  if (!snippets) return name;
  let n = 1;
  let out = snippetEscape(name);
  const chosen: Record<string, string> = {};
  for (const a of fact?.snippetAttrs ?? []) {
    const af = fact!.attrs?.[a];
    const values = af ? attrValues(af, (s) => chosen[s]) : undefined;
    const first = values?.find((v) => !v.caution)?.value ?? '';
    chosen[a] = first;
    out += ` ${a}=${quote}\${${n++}${first ? ':' + snippetEscape(first) : ''}}${quote}`;
  }
  if (fact?.empty) return out + '/>$0';
  if (fact?.text) return out + `>\${${n}}</${name}>$0`;
  return out + `>\n\t$0\n</${name}>`;
}

function elementEntries(xml: XmlDocument, facts: KindFacts | undefined, parent: XElement | null, edit: { start: number; end: number }, withLt: boolean, bare: boolean, opts: CompletionOptions): CompletionEntry[] {
  let names: readonly string[];
  if (!parent) names = xml.root ? [] : (opts.roots ?? []);
  else names = facts?.elementFact(parent.name, parent.parent?.name)?.fact.children ?? [];
  const present = new Set((parent ? effectiveChildren(parent) : []).filter((c) => c.start < edit.start || c.start > edit.end).map((c) => c.name));
  const quote = quoteOf(xml);
  const out: CompletionEntry[] = [];
  names.forEach((name, i) => {
    if (present.has(name) && !REPEATABLE.has(name)) return;
    const fact = facts?.elementFact(name, parent?.name)?.fact;
    const snippets = !bare && (opts.snippets ?? true);
    const body = bare ? name : elementInsert(name, fact, quote, snippets);
    out.push({
      label: name,
      kind: 'element',
      detail: `<${name}>` + (parent ? ` in <${parent.name}>` : ''),
      documentation: (fact?.summary ?? '') + versionNote(fact?.since),
      edit: { ...edit, newText: (withLt ? '<' : '') + body },
      snippet: snippets && !bare,
      sortText: `0-${String(i).padStart(3, '0')}`,
      filterText: name,
    });
  });
  return out;
}

/** Whether an attribute applies to this element, given the type of its disk (source attributes). */
function applies(fact: AttrFact, el: XElement): boolean {
  const o = fact.onlyFor;
  if (!o) return true;
  const owner = ancestorNamed(el, o.element);
  if (!owner) return true;
  const v = owner.attrValue(o.attr) ?? o.fallback;
  return v === undefined || o.values.includes(v);
}

function attributeEntries(xml: XmlDocument, facts: KindFacts, el: XElement, edit: { start: number; end: number }, valueFollows: boolean, opts: CompletionOptions): CompletionEntry[] {
  const found = facts.elementFact(el.name, el.parent?.name);
  if (!found?.fact.attrs) return [];
  const present = new Set(el.attrs.filter((a) => a.nameSpan.start !== edit.start).map((a) => a.name));
  const quote = el.attrs.find((a) => a.quote)?.quote ?? quoteOf(xml);
  const snippets = opts.snippets ?? true;
  const out: CompletionEntry[] = [];
  Object.entries(found.fact.attrs).forEach(([name, fact], i) => {
    if (present.has(name) || !applies(fact, el)) return;
    const values = attrValues(fact, (n) => el.attrValue(n));
    let newText = name;
    if (!valueFollows) newText = snippets ? `${name}=${quote}$1${quote}` : `${name}=${quote}${quote}`;
    const doc = [fact.summary];
    if (values) doc.push('Values: ' + values.map((v) => '`' + v.value + '`').join(', '));
    else if (fact.format) doc.push('Value: ' + fact.format);
    if (fact.default) doc.push('Default: ' + fact.default);
    out.push({
      label: name,
      kind: 'attribute',
      detail: `${name} on <${el.name}>`,
      documentation: doc.join('\n\n') + versionNote(fact.since),
      edit: { ...edit, newText },
      snippet: snippets && !valueFollows,
      sortText: `0-${String(i).padStart(3, '0')}`,
      retrigger: !valueFollows && values !== undefined,
    });
  });
  return out;
}

function valueEntries(xml: XmlDocument, target: CompletionTarget, el: XElement, attrName: string, edit: { start: number; end: number }, wrap: string, close: string): CompletionEntry[] {
  const { kind } = target;
  const fact = kind.facts.elementFact(el.name, el.parent?.name)?.fact.attrs?.[attrName];
  if (!fact) return [];
  const query = { model: target.model, element: el, attr: attrName, text: xml.text, settings: target.settings, rules: target.rules };
  const suggested = kind.suggestValues?.(query);
  if (suggested) {
    return suggested.map((v, i) => ({
      label: v.value,
      kind: 'value' as const,
      detail: v.detail,
      documentation: v.documentation,
      edit: { ...edit, newText: wrap + v.value + close },
      snippet: false,
      sortText: `0-${String(i).padStart(3, '0')}`,
      filterText: wrap ? wrap + v.value : v.value,
    }));
  }
  const values = attrValues(fact, (n) => (n === attrName ? undefined : el.attrValue(n)));
  if (!values) return [];
  // The rules' own verdict on each value, with the value written in: what they would report.
  const advice = kind.adviseValues?.(query, values.map((v) => v.value)) ?? new Map<string, string>();
  return values.map((v, i) => {
    const unsafe = advice.get(v.value);
    const doc = [v.summary];
    if (v.safety) doc.push(`Shared disks: ${v.safety.sharedDisk ? 'safe' : 'unsafe'}. Live migration: ${v.safety.migration ? 'safe' : 'unsafe'}.`);
    if (v.caution) doc.push(`**Caution:** ${v.caution}`);
    if (unsafe) doc.push(`**Reported here:** ${unsafe}`);
    return {
      label: v.value,
      kind: 'value' as const,
      detail: unsafe ? `⚠ unsafe: ${unsafe}` : `${attrName}='${v.value}'`,
      documentation: doc.join('\n\n') + versionNote(v.since ?? fact.since),
      edit: { ...edit, newText: wrap + v.value + close },
      snippet: false,
      sortText: `${unsafe ? 1 : 0}-${String(i).padStart(3, '0')}`,
      filterText: wrap ? wrap + v.value : v.value,
      unsafe,
    };
  });
}

/**
 * The element whose start tag holds the offset. Start tags never overlap (the scan ends an
 * unclosed one before the next `<`), so only the last element starting before the offset can
 * hold it: a binary search instead of a pass over every element per request.
 */
function startTagAt(xml: XmlDocument, offset: number): XElement | undefined {
  const found = lastStartingBefore(xml.elements, offset, false);
  if (found < 0) return undefined;
  const e = xml.elements[found];
  return (e.closed ? offset < e.startTagEnd : offset <= e.startTagEnd) ? e : undefined;
}

/**
 * Completion at an offset: element names, attribute names or enumerated values, from the
 * tolerant scan and the text around the offset, so it works while the document is broken.
 */
export function doComplete(xml: XmlDocument, offset: number, target: CompletionTarget | null, opts: CompletionOptions = {}): CompletionEntry[] {
  const text = xml.text;
  // XML of no known kind gets nothing; an empty document gets the kinds' root elements.
  if (xml.root && !target) return [];
  const facts = target?.kind.facts;
  if (inComment(xml, offset)) return suppressionEntries(xml, offset, opts);

  const el = startTagAt(xml, offset);
  if (el) {
    if (offset <= el.nameSpan.end) {
      const edit = { start: el.nameSpan.start, end: el.nameSpan.end };
      const bare = el.attrs.length > 0 || el.closed;
      return elementEntries(xml, facts, el.parent, edit, false, bare, opts);
    }
    const attr = el.attrs.find((a) => a.quote !== '' && a.valueSpan.start <= offset && offset <= a.valueSpan.end);
    if (attr) {
      const end = attr.closed ? attr.valueSpan.end : wordEnd(text, offset);
      return target ? valueEntries(xml, target, el, attr.name, { start: attr.valueSpan.start, end }, '', attr.closed ? '' : attr.quote) : [];
    }
    // `name=` with no quote yet: offer quoted values.
    const before = text.slice(el.nameSpan.end, offset);
    const eq = /([^\s=<>/'"]+)\s*=\s*$/.exec(before);
    if (eq) {
      const q = el.attrs.find((a) => a.quote)?.quote ?? quoteOf(xml);
      return target ? valueEntries(xml, target, el, eq[1], { start: offset, end: offset }, q, q) : [];
    }
    const inName = el.attrs.find((a) => a.nameSpan.start <= offset && offset <= a.nameSpan.end);
    if (inName) {
      const hasValue = /^\s*=/.test(text.slice(inName.nameSpan.end));
      return facts ? attributeEntries(xml, facts, el, { start: inName.nameSpan.start, end: inName.nameSpan.end }, hasValue, opts) : [];
    }
    if (facts && /[\s]/.test(text[offset - 1] ?? '')) return attributeEntries(xml, facts, el, { start: offset, end: offset }, false, opts);
    return [];
  }

  if (opts.triggerCharacter !== undefined && opts.triggerCharacter !== '<') return [];
  // `</partial`: close the innermost open element.
  const start0 = wordStart(text, offset);
  if (text.slice(Math.max(0, start0 - 2), start0) === '</') {
    // An end tag closes what is open, whatever its indentation.
    const open = openElementAt(xml, start0 - 2, true);
    if (!open) return [];
    const end = wordEnd(text, offset);
    const gt = text[end] === '>' ? '' : '>';
    return [{ label: open.name, kind: 'element', detail: `</${open.name}>`, documentation: `Closes the \`<${open.name}>\` element.`, edit: { start: start0, end, newText: open.name + gt }, snippet: false, sortText: '0-000' }];
  }
  // `<` or `<partial` that the scanner did not take as a tag (e.g. `<` then a line break).
  const lt = /<([A-Za-z_][A-Za-z0-9_.:-]*)?$/.exec(text.slice(Math.max(0, offset - 200), offset));
  if (lt) {
    const start = offset - (lt[1]?.length ?? 0);
    return elementEntries(xml, facts, openElementAt(xml, offset), { start, end: wordEnd(text, offset) }, false, false, opts);
  }
  // In content: offer whole elements, replacing the word typed so far.
  const start = wordStart(text, offset);
  const parent = openElementAt(xml, offset);
  if (!parent && xml.root) return [];
  return elementEntries(xml, facts, parent, { start, end: wordEnd(text, offset) }, true, false, opts);
}
