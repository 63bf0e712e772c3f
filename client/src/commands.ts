import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/protocol';

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
};

export function registerCommands(context: vscode.ExtensionContext, host: CommandHost): void {
  for (const [id, handler] of Object.entries(clientCommands)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(host, ...args)));
  }
}
