import type { CompletionTarget } from './completion';
import { attrValues, type AttrFact, type ElementFact, type KindFacts, type ValueFact } from './factTypes';
import { docsUrl } from './docs';
import { type Rule, rulesConcerning } from './rule';
import type { XmlDocument } from './parse/parseXml';
import { lastStartingBefore, type XAttr, type XElement } from './parse/xmlTree';
import { parseSuppressions } from './suppression';
import type { Span } from './types';

export type MarkupKind = 'markdown' | 'plaintext';

export interface HoverResult {
  kind: MarkupKind;
  contents: string;
  /** What the hover is about: an element name, an attribute name or an attribute value. */
  span: Span;
}

/** Minimal text building that renders as markdown or as plain text. */
class Text {
  private readonly blocks: string[] = [];
  constructor(readonly md: boolean) {}

  code(s: string): string {
    const clean = s.replace(/`/g, "'");
    return this.md ? '`' + clean + '`' : clean;
  }

  bold(s: string): string {
    return this.md ? `**${s}**` : s;
  }

  /** Inline markdown from the facts (backticks) rendered for the target kind. */
  inline(s: string): string {
    return this.md ? s : s.replace(/`/g, '');
  }

  para(s: string): void {
    this.blocks.push(s);
  }

  list(items: string[]): void {
    if (items.length) this.blocks.push(items.map((i) => `- ${i}`).join('\n'));
  }

  table(header: string[], rows: string[][]): void {
    if (this.md) {
      const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
      this.blocks.push([line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n'));
    } else {
      this.blocks.push(rows.map((r) => r.map((c, i) => (i === 0 ? c : `${header[i]}: ${c}`)).join(', ')).join('\n'));
    }
  }

  toString(): string {
    return this.blocks.join('\n\n');
  }
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The start or end tag under the offset: start tags never nest, so the first match is it. */
export function elementAtTag(xml: XmlDocument, offset: number): XElement | undefined {
  if (!xml.syntaxError) {
    // Well-formed: the tags nest properly, so the start tag under the offset can only be the
    // last one starting at or before it, and an end tag under it belongs to that element or
    // one of its ancestors. Logarithmic instead of a pass over every element per hover.
    const found = lastStartingBefore(xml.elements, offset, true);
    if (found < 0) return undefined;
    const last = xml.elements[found];
    if (offset < last.startTagEnd) return last;
    for (let e: XElement | null = last; e; e = e.parent) {
      const endTag = e.endTag;
      if (endTag && endTag.start <= offset && offset < endTag.end) return e;
    }
    return undefined;
  }
  for (const el of xml.elements) {
    // Offsets, not el.startTagSpan: no object per element and request.
    const start = el.start;
    const end = el.startTagEnd;
    if (start <= offset && offset < end) return el;
    if (offset === end && !el.closed) return el;
    const endTag = el.endTag;
    if (endTag && endTag.start <= offset && offset < endTag.end) return el;
  }
  return undefined;
}

function docsLink(facts: KindFacts, el: XElement): string | undefined {
  for (let e: XElement | null = el; e; e = e.parent) {
    const f = facts.elementFact(e.name, e.parent?.name);
    if (f?.fact.docsAnchor) return `${facts.docsPage}#${f.fact.docsAnchor}`;
  }
  return undefined;
}

function since(t: Text, version: string | undefined): void {
  if (version) t.para(`Since libvirt ${version}.`);
}

function linterLine(t: Text, known: readonly Rule[]): void {
  if (!known.length) return;
  const items = known.map((r) => (t.md ? `[${t.code(r.id)}](${docsUrl(r.id)})` : r.id) + ` (${r.defaultSeverity}) — ${r.title}`);
  t.para(t.bold('Linter rules:'));
  t.list(items);
}

function valueLine(t: Text, v: ValueFact): string {
  let s = `${t.code(v.value)} — ${t.inline(v.summary)}`;
  if (v.since) s += ` (since ${v.since})`;
  if (v.caution) s += ` ${t.bold('Caution:')} ${t.inline(v.caution)}`;
  return s;
}

/** Which cache modes suit shared disks and live migration: a table on the attribute, a line on a value. */
function cacheSafety(t: Text, values: ValueFact[], table: boolean): void {
  const rated = values.filter((v) => v.safety);
  if (!rated.length) return;
  const yes = (b: boolean) => (b ? 'safe' : 'unsafe');
  if (table) {
    t.table(
      ['Mode', 'Shared disk', 'Live migration'],
      rated.map((v) => [t.code(v.value), yes(v.safety!.sharedDisk), yes(v.safety!.migration)]),
    );
  }
  const shared = rated.filter((v) => v.safety!.sharedDisk).map((v) => t.code(v.value));
  const migr = rated.filter((v) => v.safety!.migration).map((v) => t.code(v.value));
  t.para(`Safe for ${t.code('<shareable/>')} disks: ${shared.join(', ')}. Accepted by libvirt for live migration: ${migr.join(', ')} (others only when QEMU can drop the host page cache).`);
}

function onlyForLine(t: Text, fact: AttrFact): void {
  const o = fact.onlyFor;
  if (o) t.para(`Applies to ${o.values.map((v) => t.code(`<${o.element} ${o.attr}='${v}'>`)).join(', ')}.`);
}

function elementHover(t: Text, el: XElement, found: { fact: ElementFact }, rules: readonly Rule[]): void {
  const f = found.fact;
  const where = el.parent ? ` in ${t.code(`<${el.parent.name}>`)}` : '';
  t.para(`${t.bold(t.code(`<${el.name}>`))}${where} — ${t.inline(f.summary)}`);
  for (const d of f.details ?? []) t.para(t.inline(d));
  const attrs = Object.keys(f.attrs ?? {});
  if (attrs.length) t.para(`Attributes: ${attrs.map((a) => t.code(a)).join(', ')}.`);
  since(t, f.since);
  linterLine(t, rulesConcerning(rules, el.parent?.name, el.name));
}

function attrHover(t: Text, el: XElement, attr: XAttr, fact: AttrFact, rules: readonly Rule[]): void {
  t.para(`${t.bold(t.code(attr.name))} on ${t.code(`<${el.name}>`)} — ${t.inline(fact.summary)}`);
  for (const d of fact.details ?? []) t.para(t.inline(d));
  const values = attrValues(fact, (n) => el.attrValue(n));
  if (values) {
    t.para(t.bold('Values:'));
    t.list(values.map((v) => valueLine(t, v)));
    cacheSafety(t, values, true);
  } else if (fact.format) {
    t.para(`Value: ${t.inline(fact.format)}.`);
  }
  if (fact.default) t.para(`Default: ${t.inline(fact.default)}.`);
  onlyForLine(t, fact);
  since(t, fact.since);
  linterLine(t, rulesConcerning(rules, el.parent?.name, el.name, attr.name));
}

function valueHover(t: Text, el: XElement, attr: XAttr, fact: AttrFact, value: ValueFact, values: ValueFact[], rules: readonly Rule[], reported: string | undefined): void {
  t.para(`${t.bold(t.code(`${attr.name}='${value.value}'`))} on ${t.code(`<${el.name}>`)} — ${t.inline(value.summary)}`);
  if (value.caution) t.para(`${t.bold('Caution:')} ${t.inline(value.caution)}`);
  if (value.safety) {
    const s = value.safety;
    t.para(`Shared disks: ${s.sharedDisk ? 'safe' : 'unsafe'}. Live migration: ${s.migration ? 'safe' : 'refused by libvirt unless QEMU can drop the host page cache'}.`);
    cacheSafety(t, values, false);
  }
  // The rules' verdict on this value here, as completion shows it (the same advice).
  if (reported) t.para(`${t.bold('Reported here:')} ${t.inline(reported)}`);
  since(t, value.since ?? fact.since);
  const others = values.filter((v) => v !== value).map((v) => t.code(v.value));
  if (others.length) t.para(`Other values: ${others.join(', ')}.`);
  linterLine(t, rulesConcerning(rules, el.parent?.name, el.name, attr.name, value.value));
}

/**
 * Hover at an offset: the element name, attribute name or attribute value under it, from
 * the scanned tree (so it works in documents that are not well-formed).
 */
export function doHover(xml: XmlDocument, offset: number, target: CompletionTarget, kind: MarkupKind = 'markdown'): HoverResult | null {
  const { rules } = target;
  const facts = target.kind.facts;
  if (xml.scan.comments.some((c) => c.start < offset && offset < c.end)) return suppressionHover(xml, offset, rules, kind);
  const el = elementAtTag(xml, offset);
  if (!el) return null;
  const found = facts.elementFact(el.name, el.parent?.name);
  if (!found) return null;
  const t = new Text(kind === 'markdown');
  let span: Span;
  const onName = contains(el.nameSpan, offset) || (el.endTag !== undefined && contains(el.endTag, offset));
  const attr = onName ? undefined : el.attrs.find((a) => contains(a.nameSpan, offset) || (a.quote !== '' && contains(a.valueSpan, offset)));
  if (!attr) {
    if (!onName) return null;
    span = el.endTag && contains(el.endTag, offset) ? el.endTag : el.nameSpan;
    elementHover(t, el, found, rules);
  } else {
    const fact = found.fact.attrs?.[attr.name];
    if (!fact) return null;
    const inValue = attr.quote !== '' && contains(attr.valueSpan, offset) && !contains(attr.nameSpan, offset);
    const values = attrValues(fact, (n) => el.attrValue(n));
    const value = inValue ? values?.find((v) => v.value === attr.value) : undefined;
    if (value && values) {
      span = attr.valueSpan;
      const query = { model: target.model, element: el, attr: attr.name, text: xml.text, settings: target.settings, rules };
      const reported = target.kind.adviseValues?.(query, values.map((v) => v.value)).get(value.value);
      valueHover(t, el, attr, fact, value, values, rules, reported);
    } else {
      span = inValue ? attr.valueSpan : attr.nameSpan;
      attrHover(t, el, attr, fact, rules);
    }
  }
  const link = docsLink(facts, el);
  if (link) t.para(kind === 'markdown' ? `[libvirt documentation](${link})` : `libvirt documentation: ${link}`);
  return { kind, contents: t.toString(), span };
}

/** A rule id in a suppression comment: the rule's title, severity and docs link. */
function suppressionHover(xml: XmlDocument, offset: number, rules: readonly Rule[], kind: MarkupKind): HoverResult | null {
  for (const s of parseSuppressions(xml)) {
    const id = s.ids.find((i) => contains(i.span, offset));
    if (!id) continue;
    const t = new Text(kind === 'markdown');
    const rule = rules.find((r) => r.id === id.id);
    if (!rule) t.para(`${t.bold(t.code(id.id))} is not a libvirt-xml rule id.`);
    else {
      t.para(`${t.bold(t.code(rule.id))} (${rule.defaultSeverity}) — ${rule.title}`);
      t.para(s.kind === 'file' ? 'Silenced in this whole file.' : 'Silenced for diagnostics that start on the line of the next element.');
      t.para(t.md ? `[Rule documentation](${docsUrl(rule.id)})` : `Rule documentation: ${docsUrl(rule.id)}`);
    }
    return { kind, contents: t.toString(), span: id.span };
  }
  return null;
}
