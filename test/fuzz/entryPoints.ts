import type { LanguageService, ParsedDocument } from '../../server/src/service/languageService';
import type { LintSettings, Span } from '../../server/src/service/types';

/** One call of a service entry point, checked for time and for spans inside the document. */
export interface CallCheck {
  name: string;
  ms: number;
  spans: Span[];
}

/**
 * Exercises every entry point of the service on one document: validation, code actions on
 * every diagnostic, fix-all, and the position-based features at the given offsets.
 * Returns the spans each call produced so the caller can check them.
 */
export function exerciseService(service: LanguageService, text: string, offsets: number[], settings: LintSettings = {}): CallCheck[] {
  const checks: CallCheck[] = [];
  const time = <T>(name: string, f: () => T, spansOf: (r: T) => Span[]): T => {
    const t0 = performance.now();
    const r = f();
    checks.push({ name, ms: performance.now() - t0, spans: spansOf(r) });
    return r;
  };
  const doc: ParsedDocument = time('parse', () => service.parse(text, settings), () => []);
  const diags = time('validate', () => service.validate(doc, settings), (ds) => ds.map((d) => d.span));
  for (const d of diags) {
    time('fixes', () => service.fixes(doc, settings, d.span, [{ ruleId: d.ruleId, span: d.span }]), (as) => as.flatMap((a) => a.fix.edits));
  }
  time('fixAllEdits', () => service.fixAllEdits(doc, settings), (es) => es);
  time('fixAll', () => service.fixAll(text, settings), () => []);
  for (const offset of offsets) {
    time('fixes@offset', () => service.fixes(doc, settings, { start: offset, end: offset }), (as) => as.flatMap((a) => a.fix.edits));
    time('hover', () => service.hover(doc, offset), (h) => (h ? [h.span] : []));
    time('complete', () => service.complete(doc, offset), (items) => items.map((i) => i.edit));
  }
  time('symbols', () => service.symbols(doc), (syms) => {
    const spans: Span[] = [];
    const stack = [...syms];
    while (stack.length) {
      const s = stack.pop()!;
      spans.push(s.span, s.selectionSpan);
      if (s.children) stack.push(...s.children);
    }
    return spans;
  });
  const lines = text.split(/\r\n|\r|\n/).length;
  time('folding', () => service.folding(doc), (folds) =>
    // Folds are in lines: map them onto pseudo-spans so the same bound check applies.
    folds.map((f) => (f.startLine < 0 || f.endLine >= lines || f.startLine > f.endLine ? { start: -1, end: -1 } : { start: 0, end: 0 })),
  );
  return checks;
}
