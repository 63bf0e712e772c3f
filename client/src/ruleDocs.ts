import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { RULE_DOCS_COMMAND, type RuleDocs } from '../../server/src/protocol';

/** URI scheme of the read-only rule documentation: `libvirt-rule:/<rule-id>.md`. */
export const RULE_DOCS_SCHEME = 'libvirt-rule';

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${ruleId}.md` });
}

/** The rule id of a `libvirt-rule:` URI, or undefined when it is not one. */
export function ruleIdOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== RULE_DOCS_SCHEME) return undefined;
  const m = /^\/([^/]+)\.md$/.exec(uri.path);
  return m ? m[1] : undefined;
}

/** A rule's documentation as markdown, from the registry entry the server answers with. */
export function renderRuleDocs(docs: RuleDocs): string {
  return `# ${docs.id}\n\n**${docs.title}**\n\nDefault severity: ${docs.defaultSeverity}. Setting: \`libvirt.lint.${docs.id}\` (off, hint, info, warning, error).\n\n${docs.docs}\n`;
}

/**
 * Renders `libvirt-rule:` documents from the rule registry, asked of the language server:
 * read-only (a content provider's documents cannot be edited or saved) and offline.
 */
export class RuleDocsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = ruleIdOf(uri);
    if (!id) return `# Unknown document\n\n${uri.toString(true)} does not name a libvirt XML rule.\n`;
    const c = this.client();
    if (!c || !c.isRunning()) {
      return `# ${id}\n\nThe documentation of this rule comes from the libvirt XML language server, which is not running. Run "libvirt: Restart Language Server" and open it again.\n`;
    }
    let docs: RuleDocs | null;
    try {
      docs = (await c.sendRequest(ExecuteCommandRequest.type, { command: RULE_DOCS_COMMAND, arguments: [id] })) as RuleDocs | null;
    } catch (error) {
      return `# ${id}\n\nThe language server could not give this rule's documentation: ${error instanceof Error ? error.message : String(error)}\n`;
    }
    if (!docs) return `# ${id}\n\n'${id}' is not a rule of this version of libvirt XML.\n`;
    return renderRuleDocs(docs);
  }
}

/**
 * Opens a rule's documentation as a markdown preview of the read-only document, or as the
 * read-only document itself where no markdown preview is available.
 */
export async function showRuleDocs(ruleId: string): Promise<void> {
  const uri = ruleDocsUri(ruleId);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    return;
  } catch {
    // No markdown preview (the built-in extension disabled): the text itself, read-only.
  }
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true });
}

/**
 * Our diagnostics' code links point at the read-only rule documentation (offline) instead
 * of the repository's docs/rules.md on the web.
 */
export function linkToRuleDocs(diagnostics: vscode.Diagnostic[], source: string): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    if (d.source !== source || d.code === undefined) continue;
    const id = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) continue;
    d.code = { value: id, target: ruleDocsUri(id) };
  }
  return diagnostics;
}
