import { type FoldingRange, FoldingRangeKind, type FoldingRangeParams } from 'vscode-languageserver/node';
import type { FeatureContext } from '../feature';

/** Folding ranges in document order, cut to the client's rangeLimit. */
export function foldingRanges({ service, parsed }: FeatureContext, _params: FoldingRangeParams, rangeLimit: number | undefined): FoldingRange[] {
  const ranges = service.folding(parsed).map((r): FoldingRange => (r.kind === 'comment' ? { startLine: r.startLine, endLine: r.endLine, kind: FoldingRangeKind.Comment } : { startLine: r.startLine, endLine: r.endLine }));
  return rangeLimit !== undefined && ranges.length > rangeLimit ? ranges.slice(0, rangeLimit) : ranges;
}
