import {
  type CodeActionParams,
  type CompletionParams,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type HoverParams,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  type InitializeResult,
  type ResponseError,
  type ServerCapabilities,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { DiagnosticsSupport } from './diagnosticsSupport';
import { DocumentStore } from './documents';
import { FeatureAdapter } from './feature';
import { codeActions, type EditCapabilities } from './handlers/codeActions';
import { completion, type CompletionCapabilities } from './handlers/completion';
import { foldingRanges } from './handlers/folding';
import { hover } from './handlers/hover';
import { documentSymbols } from './handlers/symbols';
import { type CommandContext, executeCommand, serverCommandIds } from './handlers/executeCommand';
import { checkText, failed, locateVerdicts, qemuType } from './handlers/libvirtRequests';
import { status } from './handlers/statusRequest';
import { definedDiff } from './handlers/definedDiffRequest';
import { FIX_ALL_KIND, PROJECT_CONFIG_FILE, Requests, SETTINGS_SECTION, type StatusResult } from './protocol';
import { logError, runSafe, runSafeNotification } from './runSafe';
import { type SchemaServerOptions, SchemaSupport } from './schemaSupport';
import { LanguageService, type LanguageServiceOptions } from './service/languageService';
import { filePath } from './settings';
import { WorkspaceCatalog } from './workspaceCatalog';
import type { Rule } from './service/rule';
import type { LintSettings } from './service/types';
import { SettingsStore, toLintSettings } from './settings';

export interface ServerOptions {
  /** The rules to run (default: the whole registry). */
  rules?: readonly Rule[];
  /** Builds the service (tests wrap it); it must pass `options` on to LanguageService. */
  createService?: (options: LanguageServiceOptions) => LanguageService;
  /** Delay between a change and its validation. */
  debounceMs?: number;
  /** Schema validation against libvirt's installed schemas; absent: off (main.ts turns it on). */
  schema?: SchemaServerOptions;
}

export interface ServerHandle {
  store: DocumentStore;
  service: LanguageService;
  settings: SettingsStore;
}

/** Wires a connection to the service: capabilities, then one routing line per LSP method. */
export function startServer(connection: Connection, options: ServerOptions = {}): ServerHandle {
  const serviceOptions: LanguageServiceOptions = { rules: options.rules, onRuleError: ({ ruleId, error }) => logError(connection, `rule ${ruleId} failed`, error) };
  const service = options.createService ? options.createService(serviceOptions) : new LanguageService(serviceOptions);
  const store = new DocumentStore(service);
  let workspaceFolders: string[] = [];
  const settings = new SettingsStore(connection, (uri) => store.get(uri) !== undefined, () => workspaceFolders);
  const editCapabilities: EditCapabilities = { documentChanges: false };
  let diagnostics!: DiagnosticsSupport;
  let registerConfigurationChange = false;

  // Networks, pools and volumes of the workspace: a name that appears or goes re-checks the open documents.
  const catalog = new WorkspaceCatalog(() => diagnostics?.refreshAll());
  const lintSettings = async (uri: string): Promise<LintSettings> => toLintSettings(await settings.get(uri), service.rules, catalog.current());
  const commandContext: CommandContext = { connection, service, store, settingsFor: lintSettings, editCapabilities, validateNow: (uri) => diagnostics.validateNow(uri) };
  // What the client renders, from its capabilities (markdown, snippets, outline shape).
  let hoverMarkdown = true;
  const completionCaps: CompletionCapabilities = { snippets: false, markdown: false, deprecatedTag: false };
  let hierarchicalSymbols = false;
  let foldingLimit: number | undefined;

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folderUris.map(filePath).filter((f): f is string => f !== null);
    settings.pullSupported = caps.workspace?.configuration === true;
    editCapabilities.documentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
    registerConfigurationChange = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const td = caps.textDocument;
    hoverMarkdown = td?.hover?.contentFormat === undefined || td.hover.contentFormat.includes('markdown');
    completionCaps.snippets = td?.completion?.completionItem?.snippetSupport === true;
    completionCaps.markdown = td?.completion?.completionItem?.documentationFormat?.includes('markdown') === true;
    completionCaps.deprecatedTag = td?.completion?.completionItem?.tagSupport?.valueSet?.includes(1) === true;
    hierarchicalSymbols = td?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
    foldingLimit = td?.foldingRange?.rangeLimit;
    const pull = caps.textDocument?.diagnostic !== undefined;
    const schema = options.schema ? new SchemaSupport(options.schema, (uri, version) => diagnostics.schemaReady(uri, version)) : null;
    diagnostics = new DiagnosticsSupport(
      connection,
      store,
      settings,
      service,
      { debounceMs: options.debounceMs ?? 200, pull, refreshSupport: caps.workspace?.diagnostics?.refreshSupport === true, catalog: () => catalog.current() },
      schema,
    );
    diagnostics.listen();

    const capabilities: ServerCapabilities = {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      executeCommandProvider: { commands: serverCommandIds },
      hoverProvider: true,
      // `<` starts an element, a space an attribute, a quote or `=` a value.
      completionProvider: { triggerCharacters: ['<', ' ', "'", '"', '='] },
      documentSymbolProvider: { label: 'libvirt domain' },
      foldingRangeProvider: true,
    };
    // Actions are returned as CodeAction literals; clients that only take Commands get none.
    if (caps.textDocument?.codeAction?.codeActionLiteralSupport) {
      capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite] };
    }
    if (pull) capabilities.diagnosticProvider = { identifier: 'libvirt', interFileDependencies: true, workspaceDiagnostics: false };
    return { capabilities, serverInfo: { name: 'libvirt-xml' } };
  });

  connection.onInitialized(() => {
    catalog.scan(workspaceFolders).catch((e: unknown) => logError(connection, 'reading the workspace for networks, pools and volumes', e));
    // Without this registration VS Code sends no didChangeConfiguration for pulled settings.
    if (registerConfigurationChange) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((e: unknown) => logError(connection, 'registering didChangeConfiguration', e));
    }
  });

  // Routing: one line per LSP method.
  connection.onDidChangeConfiguration((p) => runSafeNotification(connection, 'workspace/didChangeConfiguration', () => (settings.changed(p.settings), diagnostics.refreshAll())));
  const features = new FeatureAdapter(connection, service, store, lintSettings);
  connection.onCodeAction(features.handler('textDocument/codeAction', [], (ctx, p: CodeActionParams) => codeActions(ctx, p, editCapabilities)));
  connection.onHover(features.handler('textDocument/hover', null, (ctx, p: HoverParams) => hover(ctx, p, hoverMarkdown)));
  connection.onCompletion(features.handler('textDocument/completion', null, (ctx, p: CompletionParams) => completion(ctx, p, completionCaps)));
  connection.onDocumentSymbol(features.handler('textDocument/documentSymbol', [], (ctx, p: DocumentSymbolParams) => documentSymbols(ctx, p, hierarchicalSymbols)));
  connection.onFoldingRanges(features.handler('textDocument/foldingRange', [], (ctx, p: FoldingRangeParams) => foldingRanges(ctx, p, foldingLimit)));
  // The client watches .libvirt-lint.json files and XML files.
  // An XML file changed on disk: the networks, pools and volumes it defines are read again.
  connection.onDidChangeWatchedFiles((p) =>
    runSafeNotification(connection, 'workspace/didChangeWatchedFiles', () => {
      // a config file: read again on each lookup, so validating again is all it takes
      if (p.changes.some((c) => c.uri.endsWith(`/${PROJECT_CONFIG_FILE}`))) diagnostics.refreshAll();
      for (const change of p.changes) catalog.fileChanged(change.uri, change.type === FileChangeType.Deleted).catch((e: unknown) => logError(connection, `reading ${change.uri}`, e));
    }),
  );
  connection.onExecuteCommand((p, token) => runSafe(connection, 'workspace/executeCommand', token, null, () => executeCommand(commandContext, p)));
  connection.onRequest(Requests.checkText, (p: unknown, token) => runSafe(connection, Requests.checkText, token, failed(Requests.checkText), () => checkText(service, lintSettings, p)));
  connection.onRequest(Requests.libvirtDiagnostics, (p: unknown, token) => runSafe(connection, Requests.libvirtDiagnostics, token, failed(Requests.libvirtDiagnostics), () => locateVerdicts(lintSettings, p)));
  connection.onRequest(Requests.asQemuType, (p: unknown, token) => runSafe(connection, Requests.asQemuType, token, failed(Requests.asQemuType), () => qemuType(p)));
  connection.onRequest<StatusResult, void>(Requests.status, (p: unknown, token) => runSafe<StatusResult | ResponseError<void>>(connection, Requests.status, token, failed(Requests.status), () => status(service, store, (uri: string) => settings.get(uri), lintSettings, options.schema, p)));
  connection.onRequest(Requests.definedDiff, (p: unknown, token) => runSafe(connection, Requests.definedDiff, token, failed(Requests.definedDiff), () => definedDiff(p)));
  store.documents.onDidOpen((e) => runSafeNotification(connection, 'textDocument/didOpen', () => diagnostics.opened(e.document)));
  store.documents.onDidChangeContent((e) => runSafeNotification(connection, 'textDocument/didChange', () => (catalog.editorChanged(e.document.uri, e.document.getText()), diagnostics.changed(e.document))));
  store.documents.onDidClose((e) =>
    runSafeNotification(connection, 'textDocument/didClose', () => {
      settings.forget(e.document.uri);
      diagnostics.closed(e.document.uri);
      diagnostics.domainChanged(e.document.uri);
      catalog.editorClosed(e.document.uri).catch((error: unknown) => logError(connection, 'textDocument/didClose', error));
    }),
  );
  connection.onShutdown(() => diagnostics?.dispose());

  store.documents.listen(connection);
  connection.listen();
  return { store, service, settings };
}
