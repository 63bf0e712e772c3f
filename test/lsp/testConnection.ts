import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PassThrough } from 'node:stream';
import {
  type ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  type ClientCapabilities,
  type CodeAction,
  CodeActionRequest,
  ConfigurationRequest,
  createConnection,
  createProtocolConnection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  type InitializeResult,
  InitializeRequest,
  InitializedNotification,
  type LogMessageParams,
  LogMessageNotification,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  type Range,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
  type WorkspaceEdit,
  ProposedFeatures,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type ServerHandle, type ServerOptions, startServer } from '../../server/src/server';

/** What VS Code announces, reduced to what the server looks at. */
export function vscodeLikeCapabilities(): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      applyEdit: true,
      workspaceEdit: { documentChanges: true },
      didChangeConfiguration: { dynamicRegistration: true },
    },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
    },
  };
}

export interface TestClientOptions extends ServerOptions {
  capabilities?: ClientCapabilities;
  /** The `libvirt` section answered to workspace/configuration. */
  settings?: unknown;
  /** Workspace folders (directories) sent with initialize. */
  workspaceFolders?: string[];
}

/** A queue of notifications that tests await one by one, in arrival order. */
class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: { match: (t: T) => boolean; resolve: (t: T) => void }[] = [];

  push(item: T): void {
    const i = this.waiters.findIndex((w) => w.match(item));
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(item);
    else this.items.push(item);
  }

  /** The first not yet taken item that matches, now or when it arrives. */
  take(match: (t: T) => boolean): Promise<T> {
    const i = this.items.findIndex(match);
    if (i >= 0) return Promise.resolve(this.items.splice(i, 1)[0]);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  pending(match: (t: T) => boolean): T[] {
    return this.items.filter(match);
  }
}

/**
 * An LSP client and the real server (startServer) in one process, joined by two PassThrough
 * streams. Tests await the server's actual notifications; nothing sleeps.
 */
export class TestClient {
  readonly logs = new Inbox<LogMessageParams>();
  readonly applied: ApplyWorkspaceEditParams[] = [];
  configurationRequests = 0;
  /** The scopeUri of every workspace/configuration item asked for. */
  readonly configurationScopes: (string | undefined)[] = [];
  settings: unknown;
  initializeResult!: InitializeResult;
  private readonly diagnostics = new Inbox<PublishDiagnosticsParams>();
  private readonly texts = new Map<string, TextDocument>();

  private constructor(
    readonly connection: ProtocolConnection,
    readonly server: ServerHandle,
    private readonly closeServer: () => void,
    settings: unknown,
  ) {
    this.settings = settings;
  }

  static async start(options: TestClientOptions = {}): Promise<TestClient> {
    const up = new PassThrough();
    const down = new PassThrough();
    // The server gets message readers, not raw streams: given raw streams, the library
    // exits the process when they end.
    const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down));
    const handle = startServer(serverConnection, options);
    const connection = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    const client = new TestClient(connection, handle, () => serverConnection.dispose(), options.settings ?? {});
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => client.diagnostics.push(p));
    connection.onNotification(LogMessageNotification.type, (p) => client.logs.push(p));
    connection.onRequest(ConfigurationRequest.type, (p) => {
      client.configurationRequests++;
      return p.items.map((item) => {
        client.configurationScopes.push(item.scopeUri);
        if (item.section !== 'libvirt') return null;
        // A function answers per resource, as VS Code does with folder and language overrides.
        return typeof client.settings === 'function' ? (client.settings as (scopeUri?: string) => unknown)(item.scopeUri) : client.settings;
      });
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      client.applied.push(p);
      return { applied: true };
    });
    connection.listen();
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      capabilities: options.capabilities ?? vscodeLikeCapabilities(),
      workspaceFolders: options.workspaceFolders?.map((dir) => ({ uri: pathToFileURL(dir).href, name: path.basename(dir) })) ?? null,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    this.texts.set(uri, TextDocument.create(uri, 'xml', version, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'xml', version, text } });
  }

  /** Replaces the whole text (a full-content change). */
  async change(uri: string, text: string): Promise<number> {
    const old = this.document(uri);
    const version = old.version + 1;
    this.texts.set(uri, TextDocument.create(uri, 'xml', version, text));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Sets the answer to workspace/configuration and tells the server that settings changed. */
  async changeSettings(settings: unknown, pushed: unknown = null): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pushed });
  }

  document(uri: string): TextDocument {
    const d = this.texts.get(uri);
    if (!d) throw new Error(`not open: ${uri}`);
    return d;
  }

  /** The next diagnostics published for a document (optionally: the next that matches). */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.diagnostics.take((p) => p.uri === uri && match(p));
  }

  /** Diagnostics already received but not yet taken. */
  pendingDiagnostics(uri: string): PublishDiagnosticsParams[] {
    return this.diagnostics.pending((p) => p.uri === uri);
  }

  nextLog(match: (p: LogMessageParams) => boolean): Promise<LogMessageParams> {
    return this.logs.take(match);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } }) as Promise<CodeAction[]>;
  }

  /** The text after applying an edit to one document, as the editor would. */
  applyEdit(uri: string, edit: WorkspaceEdit): string {
    const document = this.document(uri);
    let edits: TextEdit[] = [];
    if (edit.documentChanges) {
      for (const change of edit.documentChanges) {
        if (!('textDocument' in change) || change.textDocument.uri !== uri) continue;
        if (change.textDocument.version !== null && change.textDocument.version !== document.version) {
          throw new Error(`edit for version ${change.textDocument.version}, document is at ${document.version}`);
        }
        edits = edits.concat(change.edits as TextEdit[]);
      }
    } else {
      edits = edit.changes?.[uri] ?? [];
    }
    return TextDocument.applyEdits(document, edits);
  }

  dispose(): void {
    this.connection.dispose();
    this.closeServer();
  }
}

/**
 * Starts clients and disposes of every one of them after the test file (node:test's
 * `after`), so that no server is left running.
 */
export function trackedClients(after: (fn: () => void) => void): (options?: TestClientOptions) => Promise<TestClient> {
  const clients: TestClient[] = [];
  after(() => clients.forEach((c) => c.dispose()));
  return async (options = {}) => {
    const client = await TestClient.start(options);
    clients.push(client);
    return client;
  };
}
