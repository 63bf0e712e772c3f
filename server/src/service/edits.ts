import type { XAttr, XElement } from './parse/xmlTree';
import type { OffsetEdit } from './types';

/**
 * Minimal span edits. Nothing is ever re-serialized: every edit touches only the bytes of
 * one attribute value, one attribute, or one element, keeping quotes and indentation.
 */

function escapeAttr(value: string, quote: string): string {
  let s = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (quote === '"') s = s.replace(/"/g, '&quot;');
  else s = s.replace(/'/g, '&apos;');
  return s;
}

/** The quote style to use in an element: its own first quoted attribute's, else the document's. */
export function quoteFor(el: XElement, text: string): string {
  for (const a of el.attrs) if (a.quote) return a.quote;
  for (let p = el.parent; p; p = p.parent) for (const a of p.attrs) if (a.quote) return a.quote;
  const single = text.indexOf("='");
  const double = text.indexOf('="');
  if (double >= 0 && (single < 0 || double < single)) return '"';
  return "'";
}

export function replaceAttrValue(attr: XAttr, value: string): OffsetEdit {
  return { start: attr.valueSpan.start, end: attr.valueSpan.end, newText: escapeAttr(value, attr.quote || "'") };
}

/**
 * Inserts ` name='value'` into a start tag: after the attribute named in `after` when it
 * exists (to keep libvirt's usual order), else after the last attribute.
 */
export function insertAttr(el: XElement, name: string, value: string, text: string, after: string[] = []): OffsetEdit {
  const q = quoteFor(el, text);
  let anchor = el.nameSpan.end;
  const present = after.map((n) => el.attr(n)).filter((a): a is XAttr => a !== undefined);
  if (present.length) anchor = present[present.length - 1].span.end;
  else if (el.attrs.length) anchor = el.attrs[el.attrs.length - 1].span.end;
  return { start: anchor, end: anchor, newText: ` ${name}=${q}${escapeAttr(value, q)}${q}` };
}

/** Sets an attribute: replaces its value if written, inserts it otherwise. */
export function setAttr(el: XElement, name: string, value: string, text: string, after: string[] = []): OffsetEdit {
  const a = el.attr(name);
  return a ? replaceAttrValue(a, value) : insertAttr(el, name, value, text, after);
}

/** Removes an attribute together with the white space before it. */
export function removeAttr(attr: XAttr, text: string): OffsetEdit {
  let start = attr.span.start;
  while (start > 0 && /[ \t\r\n]/.test(text[start - 1])) start--;
  return { start, end: attr.span.end, newText: '' };
}

/** The white space between the line start and an element, if the element starts its line. */
export function indentOf(el: XElement, text: string): string | undefined {
  let i = el.start;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  if (i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r') return text.slice(i, el.start);
  return undefined;
}

export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Removes an element; when it stands alone on its lines, the whole lines go. */
export function removeElement(el: XElement, text: string): OffsetEdit {
  let start = el.start;
  let end = el.end;
  const indent = indentOf(el, text);
  let after = end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const lineEnd = text.startsWith('\r\n', after) ? after + 2 : text[after] === '\n' || text[after] === '\r' ? after + 1 : -1;
  if (indent !== undefined && lineEnd >= 0) {
    start -= indent.length;
    end = lineEnd;
  }
  return { start, end, newText: '' };
}

/** One indentation step guessed from an element and its parent. */
function indentStep(parent: XElement, text: string): string {
  const pi = indentOf(parent, text) ?? '';
  for (const c of parent.children) {
    const ci = indentOf(c, text);
    if (ci !== undefined && ci.length > pi.length && ci.startsWith(pi)) return ci.slice(pi.length);
  }
  return pi.includes('\t') ? '\t' : '  ';
}

/**
 * Inserts markup as a new line before `before` (or after `after`), indented like it.
 * Falls back to the end of the parent's content when neither is given.
 */
export function insertElement(parent: XElement, markup: string, text: string, where: { before?: XElement; after?: XElement } = {}): OffsetEdit {
  const eol = eolOf(text);
  if (where.before) {
    const ind = indentOf(where.before, text);
    if (ind !== undefined) return { start: where.before.start, end: where.before.start, newText: `${markup}${eol}${ind}` };
    return { start: where.before.start, end: where.before.start, newText: markup };
  }
  const anchor = where.after ?? parent.children[parent.children.length - 1];
  if (anchor) {
    const ind = indentOf(anchor, text) ?? '';
    return { start: anchor.end, end: anchor.end, newText: `${eol}${ind}${markup}` };
  }
  const ind = (indentOf(parent, text) ?? '') + indentStep(parent, text);
  if (parent.selfClosing) {
    // `<x/>` → `<x>` + child + `</x>`
    const close = parent.startTagEnd;
    const pind = indentOf(parent, text) ?? '';
    return { start: close - 2, end: close, newText: `>${eol}${ind}${markup}${eol}${pind}</${parent.name}>` };
  }
  const at = parent.contentSpan.start;
  return { start: at, end: at, newText: `${eol}${ind}${markup}` };
}

/**
 * Applies edits to a text in one linear pass. Insertions at the same offset keep their order
 * (as in LSP); an edit overlapping an earlier-starting one is skipped.
 */
export function applyEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  const parts: string[] = [];
  let cursor = 0;
  for (const { e } of sorted) {
    if (e.start < cursor) continue;
    parts.push(text.slice(cursor, e.start), e.newText);
    cursor = e.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}
