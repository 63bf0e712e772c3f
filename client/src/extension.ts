import * as vscode from 'vscode';
import { contributedKeys, explicitSection } from './explicitSettings';
import { type ExecuteCommandSignature, LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Commands, type FixAllArgs, PROJECT_CONFIG_FILE, SERVER_EXEC_ARGV, SETTINGS_SECTION, SOURCE } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { documentSelector } from './documentSelector';
import { LanguageStatus } from './languageStatus';
import { configuredConnections, machineSetting, registerLiveDomains } from './liveDomains';
import type { DomainTreeProvider } from './domainTree';
import { linkToRuleDocs, RULE_DOCS_SCHEME, RuleDocsProvider } from './ruleDocs';
import { languageServerChecker } from './serverChecks';

let client: LanguageClient | undefined;

/** Server commands that act on a document get the active editor's when run without arguments. */
function executeCommand(command: string, args: unknown[], next: ExecuteCommandSignature): vscode.ProviderResult<unknown> {
  if ((command === Commands.fixAll || command === Commands.validate) && args.length === 0) {
    const document = vscode.window.activeTextEditor?.document;
    if (!document) return undefined;
    const target: FixAllArgs = { uri: document.uri.toString(), version: document.version };
    return next(command, [target]);
  }
  return next(command, args);
}

/** What activate returns: the extension-host tests stop and start the server through it. */
export interface LibvirtXmlApi {
  languageClient(): LanguageClient | undefined;
  /** The language status item's state (what it shows). */
  languageStatus(): LanguageStatus;
  /** The lines written to the output channel at start-up. */
  startupLog(): readonly string[];
  /** The libvirt view's tree (connections; their domains, networks and storage pools), as shown. */
  libvirtView(): DomainTreeProvider;
}

/** The start-up summary for the output channel: what runs, from where, with which settings. */
export function startupSummary(version: string, serverModule: string, schema: string): string[] {
  const config = vscode.workspace.getConfiguration('libvirt');
  const profiles = config.get<string[]>('profiles') ?? [];
  const ruleLevels = Object.keys(config.get<Record<string, unknown>>('lint') ?? {}).length;
  return [
    `libvirt XML ${version} (VS Code ${vscode.version}, ${vscode.env.remoteName ? `remote: ${vscode.env.remoteName}` : 'local'})`,
    `language server: ${serverModule}`,
    `schema: ${schema}`,
    `settings: validate.enable=${config.get('validate.enable')}, profiles=[${profiles.join(', ')}], schema.enable=${config.get('schema.enable')}, schema.path=${JSON.stringify(config.get('schema.path') ?? '')}, maxFileSize=${config.get('maxFileSize')}, ${ruleLevels} rule level(s) set, connections=${Object.keys(configuredConnections()).length}, virshPath=${JSON.stringify(machineSetting<string>('virshPath') ?? '')}, trusted workspace=${vscode.workspace.isTrusted}`,
  ];
}

export async function activate(context: vscode.ExtensionContext): Promise<LibvirtXmlApi> {
  // First, so libvirt: editors restored with the window can be read even if the server is slow.
  // Saves, Define and Validate with libvirt check through the server: until it runs they refuse.
  const live = registerLiveDomains(context, { checker: languageServerChecker(() => client) });
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, new RuleDocsProvider(() => client)));
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    // The inspector binds to loopback only.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=127.0.0.1:6009'] } },
  };
  const settingKeys = contributedKeys(context.extension.packageJSON, SETTINGS_SECTION);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    diagnosticCollectionName: 'libvirt',
    // The server answers pulls (VS Code's default pulls only on open): re-pull after each change and save.
    diagnosticPullOptions: { onChange: true, onSave: true },
    // .libvirt-lint.json files are read by the server; it validates again when one changes.
    // config files, and XML files for the networks, storage pools and volumes that domains name
    synchronize: { fileEvents: [vscode.workspace.createFileSystemWatcher(`**/${PROJECT_CONFIG_FILE}`), vscode.workspace.createFileSystemWatcher('**/*.xml')] },
    middleware: {
      executeCommand,
      workspace: {
        // The server merges a project's .libvirt-lint.json under what the user set: answer with the
        // values set explicitly, not VS Code's defaults (see explicitSettings.ts).
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => {
            if (item.section !== SETTINGS_SECTION) return answers[i];
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
            return explicitSection((key) => config.inspect(key), settingKeys);
          });
        },
      },
      // Rule links open the offline, read-only rule documentation (libvirt-rule:).
      handleDiagnostics: (uri, diagnostics, next) => next(uri, linkToRuleDocs(diagnostics, SOURCE)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (report && report.kind === 'full') linkToRuleDocs(report.items, SOURCE);
        return report;
      },
    },
  };
  // The id 'libvirt' makes the client honour the `libvirt.trace.server` setting.
  client = new LanguageClient('libvirt', 'libvirt XML', serverOptions, clientOptions);
  registerCommands(context, { client: () => client! });
  const status = new LanguageStatus(() => client);
  context.subscriptions.push(status);
  status.watch(client);
  const log: string[] = [];
  try {
    await client.start();
  } finally {
    // Written whether or not the server came up: the summary says what was tried.
    await status.refresh();
    const schema = status.view.state === 'running' ? status.view.detail.split('; ').find((p) => /schema/.test(p)) ?? 'unknown' : 'unknown (the server is not running)';
    log.push(...startupSummary(String(context.extension.packageJSON.version ?? '?'), module, schema));
    for (const line of log) client.outputChannel.appendLine(line);
  }
  return { languageClient: () => client, languageStatus: () => status, startupLog: () => log, libvirtView: () => live.tree };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
