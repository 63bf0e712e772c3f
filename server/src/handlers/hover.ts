import { type Hover, type HoverParams, MarkupKind } from 'vscode-languageserver/node';
import type { DocumentStore } from '../documents';
import { rangeOf } from '../ranges';
import type { LanguageService } from '../service/languageService';
import type { LintSettings } from '../service/types';

/** HoverParams → service hover, in markdown unless the client only renders plain text. */
export function hover(service: LanguageService, store: DocumentStore, params: HoverParams, settings: LintSettings, markdown: boolean): Hover | null {
  const document = store.get(params.textDocument.uri);
  if (!document) return null;
  const parsed = store.parsed(document, settings);
  const h = service.hover(parsed, document.offsetAt(params.position), markdown ? 'markdown' : 'plaintext');
  if (!h) return null;
  return { contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: h.contents }, range: rangeOf(document, h.span) };
}
