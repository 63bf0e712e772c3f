import { LineIndex } from '../../server/src/service/parse/lineIndex';
import type { Span } from '../../server/src/service/types';

/** "line:char-line:char", 0-based, UTF-16, as in LSP. */
export function formatRange(text: string, span: Span, lines = new LineIndex(text)): string {
  const s = lines.positionAt(span.start);
  const e = lines.positionAt(span.end);
  return `${s.line}:${s.character}-${e.line}:${e.character}`;
}
