import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, SOURCE } from '../../server/src/protocol';
import { showRuleDocs } from './ruleDocs';

export interface CommandHost {
  /** The running client (replaced on restart). */
  client(): LanguageClient;
}

type Handler = (host: CommandHost, ...args: unknown[]) => unknown;

/**
 * Client-side commands, by id. Server commands (`Commands.fixAll`) are registered by the
 * language client from the server's executeCommandProvider; the middleware in extension.ts
 * fills in the active document when they are run from the command palette.
 */
export const clientCommands: Record<string, Handler> = {
  [Commands.restartServer]: async (host) => {
    await host.client().restart();
  },
  [Commands.showOutput]: (host) => {
    host.client().outputChannel.show(true);
  },
  // With a rule id (the "Show documentation" code action), that rule; else the rule of the
  // diagnostic at the cursor.
  [Commands.showRuleDocs]: async (_host, ruleId) => {
    if (typeof ruleId === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(ruleId)) return showRuleDocs(ruleId);
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Open a libvirt domain XML file and put the cursor on a libvirt diagnostic to see its rule.');
      return;
    }
    const ids = ruleIdsAt(editor);
    if (ids.length === 0) {
      void vscode.window.showInformationMessage('No libvirt diagnostic at the cursor.');
      return;
    }
    const id = ids.length === 1 ? ids[0] : await vscode.window.showQuickPick(ids, { placeHolder: 'Rule to show' });
    if (!id) return;
    await showRuleDocs(id);
  },
};

/** Rule ids of our diagnostics that touch the cursor (those on its line when none does). */
function ruleIdsAt(editor: vscode.TextEditor): string[] {
  const ours = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === SOURCE);
  const pos = editor.selection.active;
  let hits = ours.filter((d) => d.range.contains(pos));
  if (hits.length === 0) hits = ours.filter((d) => d.range.start.line <= pos.line && pos.line <= d.range.end.line);
  const ids = hits.map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
  return [...new Set(ids)];
}

export function registerCommands(context: vscode.ExtensionContext, host: CommandHost): void {
  for (const [id, handler] of Object.entries(clientCommands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(host, ...args)));
  }
}
