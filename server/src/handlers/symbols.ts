import { type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, SymbolKind } from 'vscode-languageserver/node';
import type { FeatureContext } from '../feature';
import { rangeOf } from '../ranges';
import type { OutlineKind, OutlineSymbol } from '../service/outline';

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
export function documentSymbols({ service, document, parsed }: FeatureContext, params: DocumentSymbolParams, hierarchical: boolean): DocumentSymbol[] | SymbolInformation[] {
  const outline = service.symbols(parsed);
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
