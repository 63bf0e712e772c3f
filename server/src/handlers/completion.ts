import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  CompletionTriggerKind,
  type CompletionList,
  type CompletionParams,
  InsertTextFormat,
  MarkupKind,
} from 'vscode-languageserver/node';
import type { FeatureContext } from '../feature';
import { rangeOf } from '../ranges';
import type { CompletionEntry } from '../service/completion';
import { snippetItems } from './snippetItems';

export interface CompletionCapabilities {
  snippets: boolean;
  markdown: boolean;
  /** The client shows CompletionItemTag.Deprecated (strike-through) for unsafe values. */
  deprecatedTag: boolean;
}

const KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  element: CompletionItemKind.Module,
  attribute: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
};

/** CompletionParams → service completion; offsets become a textEdit range. */
export function completion({ service, document, parsed, settings }: FeatureContext, params: CompletionParams, caps: CompletionCapabilities): CompletionList | null {
  const trigger = params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? params.context.triggerCharacter : undefined;
  const entries = service.complete(parsed, document.offsetAt(params.position), { snippets: caps.snippets, triggerCharacter: trigger }, settings);
  const items = entries.map((e): CompletionItem => {
    const item: CompletionItem = {
      label: e.label,
      kind: KIND[e.kind],
      detail: e.detail,
      documentation: caps.markdown ? { kind: MarkupKind.Markdown, value: e.documentation } : e.documentation.replace(/[`*]/g, ''),
      sortText: e.sortText,
      filterText: e.filterText,
      textEdit: { range: rangeOf(document, e.edit), newText: e.edit.newText },
      insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    };
    if (e.unsafe && caps.deprecatedTag) item.tags = [CompletionItemTag.Deprecated];
    // An attribute inserted with an empty value: open the value list right away.
    if (e.retrigger) item.command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };
    return item;
  });
  items.push(...snippetItems(parsed, document, document.offsetAt(params.position), caps, trigger));
  return { isIncomplete: false, items };
}
