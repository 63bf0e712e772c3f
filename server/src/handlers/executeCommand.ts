import type { ApplyWorkspaceEditResult, Connection, ExecuteCommandParams } from 'vscode-languageserver/node';
import type { DocumentStore } from '../documents';
import { Commands, type FixAllArgs, RULE_DOCS_COMMAND, type RuleDocs, type ValidateResult } from '../protocol';
import { builtinRules } from '../service/builtinRules';
import { docsUrl } from '../service/docs';
import type { LanguageService } from '../service/languageService';
import type { LintSettings } from '../service/types';
import { type EditCapabilities, workspaceEdit } from './codeActions';

export interface CommandContext {
  connection: Connection;
  service: LanguageService;
  store: DocumentStore;
  settingsFor(uri: string): Promise<LintSettings>;
  editCapabilities: EditCapabilities;
  /** Validates a document at once (publishing or refreshing its diagnostics); their count. */
  validateNow(uri: string): Promise<number>;
}

type CommandHandler = (ctx: CommandContext, args: unknown[]) => Promise<unknown>;

function fixAllArgs(args: unknown[]): FixAllArgs | undefined {
  const a = args[0];
  if (typeof a === 'string') return { uri: a };
  if (typeof a === 'object' && a !== null && typeof (a as FixAllArgs).uri === 'string') {
    const { uri, version } = a as FixAllArgs;
    return { uri, version: typeof version === 'number' ? version : undefined };
  }
  return undefined;
}

/** Server-side commands, by id (the ids are advertised in executeCommandProvider). */
const commands: Record<string, CommandHandler> = {
  async [Commands.fixAll](ctx, args): Promise<ApplyWorkspaceEditResult | null> {
    const target = fixAllArgs(args);
    if (!target) throw new Error(`${Commands.fixAll} expects [{ uri, version? }], got ${JSON.stringify(args)}`);
    const document = ctx.store.get(target.uri);
    // A fix computed for another version would land in the wrong places.
    if (!document || (target.version !== undefined && target.version !== document.version)) return null;
    const settings = await ctx.settingsFor(document.uri);
    const edits = ctx.service.fixAllEdits(ctx.store.parsed(document, settings), settings);
    if (edits.length === 0) return { applied: true };
    return ctx.connection.workspace.applyEdit({ label: 'Fix all safe libvirt problems', edit: workspaceEdit(document, edits, ctx.editCapabilities) });
  },
  async [Commands.validate](ctx, args): Promise<ValidateResult | null> {
    const target = fixAllArgs(args);
    if (!target) throw new Error(`${Commands.validate} expects [{ uri }], got ${JSON.stringify(args)}`);
    if (!ctx.store.get(target.uri)) return null;
    return { uri: target.uri, diagnostics: await ctx.validateNow(target.uri) };
  },
  async [RULE_DOCS_COMMAND](ctx, args): Promise<RuleDocs | null> {
    const id = args[0];
    const rule = typeof id === 'string' ? (ctx.service.ruleById(id) ?? builtinRules.find((r) => r.id === id)) : undefined;
    if (!rule) return null;
    return { id: rule.id, title: rule.title, defaultSeverity: rule.defaultSeverity, docs: rule.docs, docsUrl: docsUrl(rule.id) };
  },
};

export const serverCommandIds = Object.keys(commands);

export async function executeCommand(ctx: CommandContext, params: ExecuteCommandParams): Promise<unknown> {
  const handler = commands[params.command];
  if (!handler) throw new Error(`unknown command ${params.command}`);
  return handler(ctx, params.arguments ?? []);
}
