import domainSnippets from '../../../client/snippets/libvirt-domain.json';
import networkSnippets from '../../../client/snippets/libvirt-network.json';
import storageSnippets from '../../../client/snippets/libvirt-storage.json';
import type { XmlDocument } from './parse/parseXml';
import type { XElement } from './parse/xmlTree';
import { expandSnippet } from './snippetText';
import type { OffsetEdit } from './types';

/** A snippet of client/snippets/libvirt-*.json (VS Code's snippet file format). */
export interface SnippetDefinition {
  name: string;
  prefixes: string[];
  description: string;
  /** Snippet syntax, lines joined with `\n`, indented with tabs. */
  body: string;
  /** The element the body starts with (`disk`, `controller`, `interface`, `channel`, `serial`, `tpm`, `domain`, `network`). */
  element: string;
}

type SnippetFile = Record<string, { prefix: string | string[]; description: string; body: string | string[] }>;

/** The snippet files, one per document kind that has snippets. */
const SNIPPET_FILES: readonly SnippetFile[] = [domainSnippets, networkSnippets, storageSnippets];

export const SNIPPETS: readonly SnippetDefinition[] = SNIPPET_FILES.flatMap((file) => Object.entries(file as Record<string, { prefix: string | string[]; description: string; body: string | string[] }>).map(
  ([name, s]) => {
    const body = Array.isArray(s.body) ? s.body.join('\n') : s.body;
    return { name, prefixes: [s.prefix].flat(), description: s.description, body, element: /^<([A-Za-z]+)/.exec(body)?.[1] ?? '' };
  },
));

/** Where each snippet belongs: devices inside `<devices>`, whole documents (domain, network, pool, volume) in a document without a root. */
const PARENT: Record<string, string | null> = { disk: 'devices', controller: 'devices', interface: 'devices', channel: 'devices', serial: 'devices', tpm: 'devices', domain: null, network: null, pool: null, volume: null };

export interface SnippetEntry {
  snippet: SnippetDefinition;
  label: string;
  /** Replaces the `<` and the word typed before the cursor (and the rest of the word after it). */
  edit: OffsetEdit;
  filterText: string;
  /** With snippet syntax, or expanded with the defaults for clients without snippets. */
  snippetSyntax: boolean;
}

const WORD = /[A-Za-z0-9_.:-]/;

function inside(span: { start: number; end: number }, offset: number): boolean {
  return span.start < offset && offset < span.end;
}

/** The innermost element whose content (between its tags) holds the offset. */
function parentAt(xml: XmlDocument, offset: number): XElement | null {
  let best: XElement | null = null;
  for (const e of xml.elements) {
    if (e.start >= offset) break;
    if (e.selfClosing || e.startTagEnd > offset) continue;
    if (e.endTag ? offset <= e.endTag.start : true) best = e;
  }
  return best;
}

/**
 * The snippets that fit at `offset`, only in libvirt documents: device snippets in the
 * `<devices>` of a `<domain>`, the domain, network, pool and volume skeletons in a document that has no
 * root element yet (a new file). Other XML gets none, and none are offered inside a tag or a comment.
 */
export function snippetCompletions(xml: XmlDocument, offset: number, options: { snippets: boolean }): SnippetEntry[] {
  const text = xml.text;
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  const lt = start > 0 && text[start - 1] === '<';
  if (lt) start--;
  let end = offset;
  while (end < text.length && WORD.test(text[end])) end++;
  // Only at the start of content: after white space, a tag or the beginning of the file.
  if (start > 0 && !/[\s>]/.test(text[start - 1])) return [];
  if (xml.scan.comments.some((c) => inside(c, offset) || c.start === start)) return [];
  const typed = (e: XElement) => lt && e.start === start;
  if (xml.elements.some((e) => !typed(e) && inside(e.startTagSpan, offset))) return [];
  const roots = xml.roots.filter((r) => !typed(r));
  let parent: string | null;
  if (roots.length === 0) parent = null;
  else if (xml.root?.name === 'domain') {
    const p = parentAt(xml, start);
    if (!p) return [];
    parent = p.name;
  } else return [];
  const out: SnippetEntry[] = [];
  for (const snippet of SNIPPETS) {
    if (PARENT[snippet.element] !== parent) continue;
    const label = snippet.prefixes[0];
    out.push({
      snippet,
      label,
      edit: { start, end, newText: options.snippets ? snippet.body : expandSnippet(snippet.body) },
      filterText: lt ? `<${label}` : label,
      snippetSyntax: options.snippets,
    });
  }
  return out;
}
