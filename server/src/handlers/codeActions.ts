import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FeatureContext } from '../feature';
import { FIX_ALL_KIND, SOURCE } from '../protocol';
import { rangeOf, spanOf } from '../ranges';
import type { LanguageService } from '../service/languageService';
import type { LintSettings, OffsetEdit } from '../service/types';
import { builtinRules } from '../service/builtinRules';
import { ruleActions } from './ruleActions';

export interface EditCapabilities {
  /** The client accepts versioned `documentChanges` in a WorkspaceEdit. */
  documentChanges: boolean;
}

export function toTextEdits(document: TextDocument, edits: OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: rangeOf(document, e), newText: e.newText }));
}

/** A versioned edit when the client supports it, so a stale edit is refused, else `changes`. */
export function workspaceEdit(document: TextDocument, edits: OffsetEdit[], caps: EditCapabilities): WorkspaceEdit {
  const textEdits = toTextEdits(document, edits);
  if (caps.documentChanges) return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: textEdits }] };
  return { changes: { [document.uri]: textEdits } };
}

/** Whether a requested `only` filter admits actions of `kind` (kinds are dot-separated hierarchies). */
function wanted(only: string[] | undefined, kind: string): boolean {
  if (!only) return true;
  return only.some((o) => kind === o || kind.startsWith(o + '.'));
}

function ours(d: Diagnostic): d is Diagnostic & { code: string } {
  return d.source === SOURCE && typeof d.code === 'string';
}

export function fixAllAction(service: LanguageService, document: TextDocument, parsed: ReturnType<LanguageService['parse']>, settings: LintSettings, caps: EditCapabilities): CodeAction | undefined {
  const edits = service.fixAllEdits(parsed, settings);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all safe libvirt problems', kind: FIX_ALL_KIND, edit: workspaceEdit(document, edits, caps) };
}

/**
 * Quick fixes for our diagnostics in the request, recomputed from the current version: the
 * rule is looked up by the diagnostic's `code` and its finding matched by span, so nothing
 * depends on a table kept since validation or on message text.
 */
export function codeActions({ service, document, parsed, settings }: FeatureContext, params: CodeActionParams, caps: EditCapabilities): CodeAction[] {
  const only = params.context.only;
  const out: CodeAction[] = [];

  const clientDiagnostics = params.context.diagnostics.filter(ours);
  if (wanted(only, CodeActionKind.QuickFix) && clientDiagnostics.length > 0) {
    const keyed = clientDiagnostics.map((d) => ({ diagnostic: d, ruleId: d.code, span: spanOf(document, d.range) }));
    const actions = service.fixes(parsed, settings, spanOf(document, params.range), keyed);
    for (const { diagnostic, fix } of actions) {
      const client = keyed.find((k) => k.ruleId === diagnostic.ruleId && k.span.start === diagnostic.span.start && k.span.end === diagnostic.span.end);
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: client ? [client.diagnostic] : [],
        isPreferred: fix.safe,
        edit: workspaceEdit(document, fix.edits, caps),
      });
    }
    const ids = new Set(service.rules.map((r) => r.id));
    out.push(...ruleActions(document, parsed, clientDiagnostics, ids, (id) => ids.has(id) || builtinRules.some((r) => r.id === id), caps));
  }

  // Bus conversions are guest-visible rewrites: offered only when the client asks for
  // refactorings (the Refactor menu), never in the lightbulb's quick fixes.
  if (only && wanted(only, CodeActionKind.RefactorRewrite)) {
    for (const r of service.refactors(parsed, document.offsetAt(params.range.start))) {
      out.push({ title: r.title, kind: r.kind, isPreferred: false, edit: workspaceEdit(document, r.edits, caps) });
    }
  }

  // `source.fixAll` only when asked for by kind (on save, "Fix All", the Source Action menu):
  // the lightbulb shows quick fixes only.
  if (only && wanted(only, FIX_ALL_KIND)) {
    const all = fixAllAction(service, document, parsed, settings, caps);
    if (all) out.push(all);
  }
  return out;
}
