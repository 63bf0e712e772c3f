import { type FoldingRange, FoldingRangeKind, type FoldingRangeParams } from 'vscode-languageserver/node';
import type { DocumentStore } from '../documents';
import type { LanguageService } from '../service/languageService';
import type { LintSettings } from '../service/types';

/** Folding ranges in document order, cut to the client's rangeLimit. */
export function foldingRanges(service: LanguageService, store: DocumentStore, params: FoldingRangeParams, settings: LintSettings, rangeLimit: number | undefined): FoldingRange[] {
  const document = store.get(params.textDocument.uri);
  if (!document) return [];
  const ranges = service.folding(store.parsed(document, settings)).map((r): FoldingRange => (r.kind === 'comment' ? { startLine: r.startLine, endLine: r.endLine, kind: FoldingRangeKind.Comment } : { startLine: r.startLine, endLine: r.endLine }));
  return rangeLimit !== undefined && ranges.length > rangeLimit ? ranges.slice(0, rangeLimit) : ranges;
}
