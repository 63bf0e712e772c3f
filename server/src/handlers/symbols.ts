import { type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, SymbolKind } from 'vscode-languageserver/node';
import type { DocumentStore } from '../documents';
import { rangeOf } from '../ranges';
import type { LanguageService } from '../service/languageService';
import type { OutlineKind, OutlineSymbol } from '../service/symbols';
import type { LintSettings } from '../service/types';

const KIND: Record<OutlineKind, SymbolKind> = {
  module: SymbolKind.Module,
  namespace: SymbolKind.Namespace,
  string: SymbolKind.String,
  number: SymbolKind.Number,
  struct: SymbolKind.Struct,
  class: SymbolKind.Class,
  interface: SymbolKind.Interface,
  object: SymbolKind.Object,
  property: SymbolKind.Property,
};

/** The domain outline: hierarchical when the client supports it, flat with containers otherwise. */
export function documentSymbols(service: LanguageService, store: DocumentStore, params: DocumentSymbolParams, settings: LintSettings, hierarchical: boolean): DocumentSymbol[] | SymbolInformation[] {
  const document = store.get(params.textDocument.uri);
  if (!document) return [];
  const outline = service.symbols(store.parsed(document, settings));
  if (hierarchical) {
    const convert = (s: OutlineSymbol): DocumentSymbol => ({
      name: s.name,
      detail: s.detail,
      kind: KIND[s.kind],
      range: rangeOf(document, s.span),
      selectionRange: rangeOf(document, s.selectionSpan),
      children: s.children.map(convert),
    });
    return outline.map(convert);
  }
  const flat: SymbolInformation[] = [];
  const walk = (s: OutlineSymbol, container?: string) => {
    flat.push({ name: s.name, kind: KIND[s.kind], location: { uri: document.uri, range: rangeOf(document, s.span) }, containerName: container });
    s.children.forEach((c) => walk(c, s.name));
  };
  outline.forEach((s) => walk(s));
  return flat;
}
