import { parseXml } from './parse/parseXml';
import type { XElement } from './parse/xmlTree';

/** What libvirt kept differently from the text it was given (`virsh define` then `dumpxml --inactive`). */
export interface DefinedDiff {
  /** Elements sent that libvirt does not keep, as paths (`devices/disk[2]/foo`). */
  droppedElements: string[];
  /** Attributes sent that libvirt does not keep (`devices/disk[1]/driver/@bogus`). */
  droppedAttributes: string[];
  /** Comments sent (libvirt keeps none). */
  droppedComments: number;
  /** Of those, suppression comments (`libvirt-lint-disable…`): the linter no longer sees them. */
  droppedSuppressions: number;
  /** Elements and attributes libvirt filled in (defaults such as `<uuid>`, `<address>`). */
  addedElements: string[];
  addedAttributes: string[];
  /** Values libvirt wrote differently (`memory`: `1 GiB` as `1048576 KiB`). */
  changedValues: string[];
  /** One of the texts is not well-formed XML: nothing was compared. */
  notCompared?: string;
}

const SUPPRESSION = /^<!--\s*libvirt-lint-disable/;

/** Children keyed by name and position among same-name siblings: libvirt keeps their order. */
function keyed(e: XElement): Map<string, XElement> {
  const counts = new Map<string, number>();
  const out = new Map<string, XElement>();
  for (const c of e.children) {
    const n = (counts.get(c.name) ?? 0) + 1;
    counts.set(c.name, n);
    out.set(`${c.name}[${n}]`, c);
  }
  return out;
}

/** `disk[1]` as `disk` when it is the only one of its name. */
function label(key: string, siblings: Map<string, XElement>): string {
  const name = key.replace(/\[\d+\]$/, '');
  return siblings.has(`${name}[2]`) ? key : name;
}

function join(path: string, part: string): string {
  return path ? `${path}/${part}` : part;
}

/**
 * Compares the element trees of what was sent to libvirt and what it stored: elements and
 * attributes matched by path (name and position among same-name siblings), leaf values and
 * attribute values compared as decoded and trimmed; white space and quoting are not
 * differences. Comments count as dropped when the stored text lacks them.
 */
export function compareDefined(sent: string, stored: string): DefinedDiff {
  const diff: DefinedDiff = { droppedElements: [], droppedAttributes: [], droppedComments: 0, droppedSuppressions: 0, addedElements: [], addedAttributes: [], changedValues: [] };
  const a = parseXml(sent);
  const b = parseXml(stored);
  if (a.syntaxError || b.syntaxError || !a.root || !b.root) {
    diff.notCompared = a.syntaxError || !a.root ? 'the text sent is not well-formed XML' : 'libvirt answered with text that is not well-formed XML';
    return diff;
  }
  const storedComments = new Set(b.scan.comments.map((c) => stored.slice(c.start, c.end)));
  for (const c of a.scan.comments) {
    const body = sent.slice(c.start, c.end);
    if (storedComments.has(body)) continue;
    diff.droppedComments++;
    if (SUPPRESSION.test(body)) diff.droppedSuppressions++;
  }
  const walk = (x: XElement, y: XElement, path: string) => {
    for (const attr of x.attrs) {
      const other = y.attr(attr.name);
      if (!other) diff.droppedAttributes.push(`${join(path, '@' + attr.name)}`);
      else if (other.value.trim() !== attr.value.trim()) diff.changedValues.push(`${join(path, '@' + attr.name)}: '${attr.value}' → '${other.value}'`);
    }
    for (const attr of y.attrs) if (!x.attr(attr.name)) diff.addedAttributes.push(join(path, '@' + attr.name));
    const xs = keyed(x);
    const ys = keyed(y);
    if (x.children.length === 0 && y.children.length === 0 && x.textContent() !== y.textContent()) {
      diff.changedValues.push(`${path || x.name}: '${x.textContent()}' → '${y.textContent()}'`);
    }
    for (const key of xs.keys()) if (!ys.has(key)) diff.droppedElements.push(join(path, label(key, xs)));
    // In the stored order, so that what libvirt added reads as its document does.
    for (const [key, child] of ys) {
      const sentChild = xs.get(key);
      if (sentChild) walk(sentChild, child, join(path, label(key, xs)));
      else diff.addedElements.push(join(path, label(key, ys)));
    }
  };
  if (a.root.name !== b.root.name) {
    diff.droppedElements.push(a.root.name);
    diff.addedElements.push(b.root.name);
    return diff;
  }
  walk(a.root, b.root, '');
  return diff;
}

/** Whether libvirt dropped anything the user wrote (as opposed to only filling in defaults). */
export function droppedSomething(d: DefinedDiff): boolean {
  return d.droppedElements.length > 0 || d.droppedAttributes.length > 0 || d.droppedComments > 0;
}
