import type { Span } from '../types';
import { LineIndex } from './lineIndex';
import { MAX_DEPTH, scanDocument, type ScanResult } from './scanner';
import { lastStartingBefore, XElement } from './xmlTree';

export interface SyntaxError {
  message: string;
  span: Span;
}

export interface XmlDocument {
  text: string;
  /** Line starts, computed on first use (the language server has its own; rules need none). */
  readonly lines: LineIndex;
  scan: ScanResult;
  /** Top-level elements from the scan (a well-formed document has exactly one). */
  roots: XElement[];
  /** The document element, from the scan; present even in broken documents. */
  root: XElement | null;
  /** Every element in document order. */
  elements: XElement[];
  /** The first well-formedness error xmldom reported, if any. */
  syntaxError: SyntaxError | null;
}

interface ParserMessage {
  level: string;
  message: string;
  line?: number;
  column?: number;
}

/** Trims xmldom's messages ("[xmldom error]\t…\n@#[line:1,col:2]") to the reason. */
function cleanMessage(message: string): string {
  return message
    .replace(/^\[xmldom [a-zA-Z]+\]\s*/, '')
    .replace(/\s*@#\[line:\d+,col:\d+\]\s*$/, '')
    .replace(/\s*\n[\s\S]*$/, '')
    .trim();
}

function errorSpan(text: string, lines: LineIndex, scan: ScanResult, m: ParserMessage): Span {
  if (!m.line || m.line < 1) {
    // No position (e.g. "missing root element"): the end of the document.
    return { start: text.length, end: text.length };
  }
  const offset = lines.offsetAt(m.line - 1, (m.column ?? 1) - 1);
  // xmldom often points into or just after a start tag (e.g. one left open): name that tag.
  const tags = scan.tags;
  const found = lastStartingBefore(tags, offset, true);
  if (found >= 0 && offset <= tags[found].startTagEnd) return tags[found].nameSpan;
  // Otherwise cover the token at the position, without crossing a line break.
  const token = /^<?\/?[^\s<>="']*/.exec(text.slice(offset, offset + 200));
  return { start: offset, end: offset + (token ? token[0].length : 0) };
}

/**
 * Parses with xmldom for well-formedness and decoded values, and scans the source for
 * spans. The element tree comes from the scan, so it exists for broken documents too.
 */
export function parseXml(text: string): XmlDocument {
  const scan = scanDocument(text);
  // The scanner made the elements (with their parents); give each its children, in arrays
  // of the exact size (grown by push, each would reserve 17 slots).
  const elements = scan.tags;
  const childCount = new Int32Array(elements.length);
  for (let i = 0; i < elements.length; i++) if (elements[i].parentIndex >= 0) childCount[elements[i].parentIndex]++;
  const roots: XElement[] = [];
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    if (childCount[i] > 0) {
      el.children = new Array(childCount[i]);
      childCount[i] = 0; // from here on: how many are filled in
    }
    if (el.parentIndex >= 0) el.parent!.children[childCount[el.parentIndex]++] = el;
    else roots.push(el);
  }

  // xmldom rejects a byte order mark as content before the root; parse without it and
  // shift positions on the first line back by one.
  if (scan.tooDeep >= 0) {
    // Same limit and wording as libxml2, which libvirt parses with: such a document is
    // refused by libvirt, and not handing it to xmldom keeps hostile nesting cheap.
    const tag = scan.tags[scan.tooDeep];
    return xmlDocument(text, scan, roots, elements, { message: `Excessive depth in document: ${MAX_DEPTH} use XML_PARSE_HUGE option`, span: tag.nameSpan });
  }
  // A document the scan finds well-formed needs no second parse; for any problem xmldom, the
  // reference parser, gives the verdict and its message (the scan's own is the fallback).
  if (!scan.problem) return xmlDocument(text, scan, roots, elements, null);
  const lines = new LineIndex(text);
  return xmlDocument(text, scan, roots, elements, diagnose(text, lines, scan, scan.problem), lines);
}

function xmlDocument(text: string, scan: ScanResult, roots: XElement[], elements: XElement[], syntaxError: SyntaxError | null, lines?: LineIndex): XmlDocument {
  let lineIndex = lines;
  return {
    text,
    scan,
    roots,
    root: roots[0] ?? null,
    elements,
    syntaxError,
    get lines() {
      return (lineIndex ??= new LineIndex(text));
    },
  };
}

/** Runs xmldom on a document the scan found a problem in and returns the first error. */
function diagnose(text: string, lines: LineIndex, scan: ScanResult, problem: { offset: number; message: string }): SyntaxError {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const messages: ParserMessage[] = [];
  // loaded here, on the first document with a problem: most runs never need it, and its module is costly to evaluate
  const { DOMParser } = require('@xmldom/xmldom') as typeof import('@xmldom/xmldom');
  try {
    new DOMParser({
      locator: true,
      onError: (level: string, message: string, context?: { locator?: { lineNumber?: number; columnNumber?: number } }) => {
        messages.push({ level, message, line: context?.locator?.lineNumber, column: context?.locator?.columnNumber });
      },
    }).parseFromString(bom ? text.slice(1) : text, 'text/xml');
  } catch (e) {
    // Fatal errors are reported through onError first and then thrown.
    if (messages.length === 0) {
      const loc = (e as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
      messages.push({ level: 'fatalError', message: String((e as Error).message ?? e), line: loc?.lineNumber, column: loc?.columnNumber });
    }
  }
  if (bom) for (const m of messages) if (m.line === 1 && m.column !== undefined) m.column += 1;
  const first = messages.find((m) => m.level !== 'warning') ?? messages[0];
  if (!first || /Maximum call stack size exceeded/.test(first.message)) {
    // xmldom accepted what XML (and libxml2, libvirt's parser) does not, or it overflowed
    // its stack on megabytes of one text node: the scan's finding stands.
    const at = { line: lines.positionAt(problem.offset).line + 1, column: lines.positionAt(problem.offset).character + 1 };
    return { message: problem.message, span: errorSpan(text, lines, scan, { level: 'error', message: problem.message, ...at }) };
  }
  return { message: cleanMessage(first.message), span: errorSpan(text, lines, scan, first) };
}
