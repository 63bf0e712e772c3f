import { type CodeAction, CodeActionKind, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Commands } from '../protocol';
import { spanOf } from '../ranges';
import type { ParsedDocument } from '../service/languageService';
import { SCHEMA_RULE_ID } from '../service/schema/schemaDiagnostics';
import { disableForLineEdit } from '../service/suppressionActions';
import { type EditCapabilities, workspaceEdit } from './codeActions';

/**
 * "Disable <rule> for this line" and "Show documentation for <rule>" for each of our
 * diagnostics in the request. Only ids that a suppression comment can silence get the
 * first (the rules of the registry and schema; not not-well-formed, too-large or
 * unused-suppression, which no comment hides); every id with docs gets the second, once.
 */
export function ruleActions(
  document: TextDocument,
  parsed: ParsedDocument,
  diagnostics: (Diagnostic & { code: string })[],
  ruleIds: ReadonlySet<string>,
  documented: (id: string) => boolean,
  caps: EditCapabilities,
): CodeAction[] {
  const out: CodeAction[] = [];
  const docsShown = new Set<string>();
  const disabled = new Set<string>();
  for (const d of diagnostics) {
    const id = d.code;
    const xml = parsed.xml;
    if (xml && !xml.syntaxError && (ruleIds.has(id) || id === SCHEMA_RULE_ID)) {
      const edit = disableForLineEdit(xml, spanOf(document, d.range), id);
      // Two diagnostics of one rule on one line need one comment.
      const key = edit ? `${id}\u0000${edit.start}` : '';
      if (edit && !disabled.has(key)) {
        disabled.add(key);
        out.push({ title: `Disable ${id} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: false, edit: workspaceEdit(document, [edit], caps) });
      }
    }
    if (documented(id) && !docsShown.has(id)) {
      docsShown.add(id);
      out.push({ title: `Show documentation for ${id}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: false, command: { title: `Show documentation for ${id}`, command: Commands.showRuleDocs, arguments: [id] } });
    }
  }
  return out;
}
