import type { Span } from './types';

/** LSP symbol kinds used by the outline (names; the LSP edge maps them to numbers). */
export type OutlineKind = 'module' | 'namespace' | 'string' | 'number' | 'struct' | 'class' | 'interface' | 'object' | 'property';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole element. */
  span: Span;
  /** The element's name in its start tag. */
  selectionSpan: Span;
  children: OutlineSymbol[];
}
