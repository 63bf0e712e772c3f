import { type CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { rangeOf } from '../ranges';
import type { ParsedDocument } from '../service/languageService';
import { snippetCompletions } from '../service/snippetCompletion';
import { expandSnippet } from '../service/snippetText';

/**
 * The libvirt snippets as completion items (kind Snippet), served by the language server so
 * that they appear in libvirt documents only (see snippetCompletions), not in every XML file.
 */
export function snippetItems(parsed: ParsedDocument, document: TextDocument, offset: number, caps: { snippets: boolean; markdown: boolean }, triggerCharacter?: string): CompletionItem[] {
  // A space, quote or `=` typed in content is prose or an attribute: no block snippets then.
  if (!parsed.xml || (triggerCharacter !== undefined && triggerCharacter !== '<')) return [];
  return snippetCompletions(parsed.xml, offset, { snippets: caps.snippets }).map((e, i) => ({
    label: e.label,
    kind: CompletionItemKind.Snippet,
    detail: e.snippet.name,
    documentation: caps.markdown ? { kind: MarkupKind.Markdown, value: `${e.snippet.description}\n\n\`\`\`xml\n${expandSnippet(e.snippet.body).replace(/\t/g, '  ')}\n\`\`\`` } : e.snippet.description,
    // After the element names and attributes of the same place.
    sortText: `9-snippet-${String(i).padStart(2, '0')}`,
    filterText: e.filterText,
    textEdit: { range: rangeOf(document, e.edit), newText: e.edit.newText },
    insertTextFormat: e.snippetSyntax ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  }));
}
