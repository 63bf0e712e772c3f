import { parseXml, type XmlDocument } from '../parse/parseXml';
import type { XElement } from '../parse/xmlTree';
import type { LintDiagnostic, Span } from '../types';
import { LIBVIRT_RULE_ID, type LibvirtVerdict } from './verdict';

const MAX_SPANS = 10;

function lineSpan(text: string, lines: { offsetAt(l: number, c: number): number; lineCount: number }, line: number): Span {
  const l = Math.max(0, Math.min(line, lines.lineCount - 1));
  const start = lines.offsetAt(l, 0);
  const end = lines.offsetAt(l, Number.MAX_SAFE_INTEGER);
  const indent = /^[ \t]*/.exec(text.slice(start, end))![0].length;
  return { start: start + indent, end: Math.max(start + indent, end) };
}

/** Start tag of an element: what a squiggle on "the <target> element" should cover. */
function tagSpan(e: XElement): Span {
  return e.startTagSpan;
}

function uniq(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const k = `${s.start}:${s.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Finds the elements or attributes a libvirt error message names. libvirt rarely gives a
 * line: only libxml2's well-formedness errors do ("(domain_definition):3: …"). Otherwise the
 * message names an element ("Element domain has extra content: memry"), an attribute
 * ("Invalid value for attribute 'bus' in element 'target': 'virtoo'") or only a value
 * ("target 'vda' duplicated for disk sources …"), which is looked up in the document.
 */
export function locateLibvirtMessage(text: string, message: string, xml: XmlDocument = parseXml(text)): Span[] {
  const elements = xml.elements;
  const named = (name: string) => elements.filter((e) => e.name === name);

  // libxml2 parse errors carry a line: "(domain_definition):3:" ("(network_definition)",
  // "(storage_pool_definition)" for net-define and pool-define) or "FILE.xml:3:".
  const lineMatch = /^(?:\([a-z_]+_definition\)|\S+\.xml):(\d+):/m.exec(message) ?? /\bat line (\d+)\b/.exec(message);
  if (lineMatch) return [lineSpan(text, xml.lines, Number(lineMatch[1]) - 1)];

  // Schema messages: one detail per line; the first line that can be placed wins.
  for (const line of message.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /Invalid value for attribute '([^']+)' in element '([^']+)': '([^']*)'/.exec(line))) {
      const [, attr, el, value] = m;
      const hits = named(el).flatMap((e) => e.attrs.filter((a) => a.name === attr && a.value === value).map((a) => a.span));
      if (hits.length) return uniq(hits).slice(0, MAX_SPANS);
      const any = named(el).flatMap((e) => e.attrs.filter((a) => a.name === attr).map((a) => a.span));
      if (any.length) return uniq(any).slice(0, MAX_SPANS);
    }
    if ((m = /Element (\S+) has extra content: (\S+)/.exec(line))) {
      const [, parent, child] = m;
      const hits = named(child).filter((e) => e.parent?.name === parent);
      if (hits.length) return hits.map(tagSpan).slice(0, MAX_SPANS);
    }
    if ((m = /Invalid attribute (\S+) for element (\S+)/.exec(line))) {
      const [, attr, el] = m;
      const hits = named(el).flatMap((e) => e.attrs.filter((a) => a.name === attr).map((a) => a.span));
      if (hits.length) return uniq(hits).slice(0, MAX_SPANS);
    }
    if ((m = /(?:Did not expect element|Expecting element|Extra element) (\S+)/.exec(line))) {
      const hits = named(m[1]);
      if (hits.length) return hits.map(tagSpan).slice(0, MAX_SPANS);
    }
    if ((m = /^Element (\S+) failed to validate (?:attributes|content)/.exec(line))) {
      const hits = named(m[1]);
      if (hits.length) return hits.map(tagSpan).slice(0, MAX_SPANS);
    }
  }

  // attach-device names a taken disk target without quotes: "target vdb already exists".
  const taken = /\btarget (\S+) already exists\b/.exec(message);
  if (taken) {
    const hits = named('target').flatMap((e) => e.attrs.filter((a) => a.name === 'dev' && a.value === taken[1]).map((a) => a.span));
    if (hits.length) return uniq(hits).slice(0, MAX_SPANS);
  }

  return locateByValues(message, elements);
}

/**
 * Places a message by the quoted values it names: attributes with that value, elements with
 * that text (e.g. `<name>`), or elements of that name ("The 'gic' feature …"). When a bare
 * word of the message is the name of a matching element ("target 'vda' duplicated"), the
 * whole start tag is marked.
 */
function locateByValues(message: string, elements: XElement[]): Span[] {
  const words = new Set(message.toLowerCase().match(/[a-z][a-z0-9_-]*/g) ?? []);
  const values = [...message.matchAll(/'([^'\n]+)'/g)].map((m) => m[1]);
  // Single characters and bare numbers match too many attributes to mean anything.
  const useful = values.filter((v) => v.length >= 2 && !/^\d+$/.test(v));
  let best: { score: number; spans: Span[] } = { score: 0, spans: [] };
  const offer = (score: number, span: Span) => {
    if (score > best.score) best = { score, spans: [span] };
    else if (score === best.score) best.spans.push(span);
  };
  for (const value of useful) {
    for (const e of elements) {
      const elementNamed = words.has(e.name.toLowerCase());
      for (const a of e.attrs) {
        if (a.value !== value) continue;
        const attrNamed = words.has(a.name.toLowerCase());
        if (elementNamed) offer(3 + (attrNamed ? 1 : 0), tagSpan(e));
        else offer(2 + (attrNamed ? 1 : 0), a.span);
      }
      if (e.children.length === 0 && e.endTag && e.textContent() === value) offer(elementNamed ? 3 : 2, tagSpan(e));
      if (e.name === value) offer(1, tagSpan(e));
    }
  }
  const spans = uniq(best.spans);
  return spans.length <= MAX_SPANS ? spans : [];
}

/**
 * libvirt's verdicts as diagnostics (code `libvirt`, severity error): on what each message
 * names, or on line 0 when it names nothing that can be found.
 */
export function libvirtDiagnostics(text: string, verdicts: readonly LibvirtVerdict[]): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  const xml = parseXml(text);
  const firstLine = (() => {
    const nl = text.search(/\r?\n/);
    return { start: 0, end: nl < 0 ? text.length : nl };
  })();
  for (const v of verdicts) {
    for (const message of v.messages) {
      const label = v.driver === 'qemu' ? "libvirt's QEMU driver" : v.driver === 'connection' ? `libvirt (${v.uri})` : 'libvirt';
      const shown = `${label}: ${message}`;
      const spans = locateLibvirtMessage(text, message, xml);
      if (spans.length === 0) out.push({ ruleId: LIBVIRT_RULE_ID, severity: 'error', message: shown, span: firstLine });
      for (const span of spans) out.push({ ruleId: LIBVIRT_RULE_ID, severity: 'error', message: shown, span });
    }
  }
  return out;
}
