import { type Hover, type HoverParams, MarkupKind } from 'vscode-languageserver/node';
import type { FeatureContext } from '../feature';
import { rangeOf } from '../ranges';

/** HoverParams → service hover, in markdown unless the client only renders plain text. */
export function hover({ service, document, parsed, settings }: FeatureContext, params: HoverParams, markdown: boolean): Hover | null {
  const h = service.hover(parsed, document.offsetAt(params.position), markdown ? 'markdown' : 'plaintext', settings);
  if (!h) return null;
  return { contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: h.contents }, range: rangeOf(document, h.span) };
}
