import { pathToFileURL } from 'node:url';
import { withoutSchemaRepeats } from './service/schema/schemaDiagnostics';
import {
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DiagnosticServerCancellationData,
  DiagnosticSeverity,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documents';
import { type DiagnosticData, SOURCE } from './protocol';
import { rangeOf } from './ranges';
import { logError, runSafe } from './runSafe';
import type { SchemaSupport } from './schemaSupport';
import type { LanguageService } from './service/languageService';
import type { LintDiagnostic, Severity } from './service/types';
import { type SettingsStore, toLintSettings } from './settings';
import type { ObjectCatalog } from './service/catalog/catalog';

/** How long a pull request without refresh support waits for the schema worker. */
const SCHEMA_WAIT_MS = 3000;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(document: TextDocument, d: LintDiagnostic): Diagnostic {
  const data: DiagnosticData = { ruleId: d.ruleId, payload: d.payload };
  const out: Diagnostic = { range: rangeOf(document, d.span), severity: SEVERITY[d.severity], source: SOURCE, code: d.ruleId, message: d.message, data };
  if (d.docsUrl) out.codeDescription = { href: d.docsUrl };
  return out;
}

export interface DiagnosticsOptions {
  /** Delay after a change before validating (typing is not interrupted by each keystroke). */
  debounceMs: number;
  /** The client pulls (textDocument/diagnostic) instead of receiving pushes. */
  pull: boolean;
  /** The client can be asked to pull again (workspace/diagnostic/refresh). */
  refreshSupport: boolean;
  /** The networks, pools and volumes of the workspace, for the checks of a domain's references. */
  catalog?: () => ObjectCatalog | undefined;
}

/**
 * One diagnostics path, pushed or pulled by client capability. Push: a debounced run per
 * document; a result is dropped when the document moved on or a newer run started; closing
 * a document clears its diagnostics.
 */
export class DiagnosticsSupport {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly runs = new Map<string, number>();
  private readonly openedVersion = new Map<string, number>();
  /** Bumped when settings change, so that pulled results of the same version are redone. */
  private generation = 0;
  /** Device files checked against a domain file: document URI → the domain's file URI. */
  private readonly attachedTo = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly store: DocumentStore,
    private readonly settings: SettingsStore,
    private readonly service: LanguageService,
    private readonly options: DiagnosticsOptions,
    /** Schema validation in a worker; its results arrive as a second batch. */
    private readonly schema: SchemaSupport | null = null,
  ) {}

  /** The diagnostics of one document version. */
  async compute(document: TextDocument): Promise<Diagnostic[]> {
    const settings = await this.settings.get(document.uri);
    if (!settings.validate.enable) return [];
    const lint = toLintSettings(settings, this.service.rules, this.options.catalog?.());
    const parsed = this.store.parsed(document, lint);
    if (lint.domainFile && parsed.kind?.id === 'device') this.attachedTo.set(document.uri, pathToFileURL(lint.domainFile).href);
    else this.attachedTo.delete(document.uri);
    const found = this.service.validate(parsed, lint);
    if (this.schema) found.push(...withoutSchemaRepeats(found, this.schema.diagnostics(document, parsed, parsed.kind?.schema ?? null, settings, lint)));
    return found.map((d) => toDiagnostic(document, d));
  }

  /** Registers the pull handler when the client pulls. */
  listen(): void {
    if (!this.options.pull) return;
    this.connection.languages.diagnostics.on((params, token) =>
      runSafe<DocumentDiagnosticReport, DiagnosticServerCancellationData>(this.connection, 'textDocument/diagnostic', token, emptyReport(), () =>
        this.pullReport(params.textDocument.uri, params.previousResultId, token),
      ),
    );
  }

  private async pullReport(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const document = this.store.get(uri);
    if (!document || token.isCancellationRequested) return emptyReport();
    // Diagnostics depend only on the text version and the settings.
    const resultId = `${document.version}/${this.generation}${this.schema?.ready(uri, document.version) ? '/schema' : ''}`;
    if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    let items = await this.compute(document);
    if (this.schema && !this.options.refreshSupport && !this.schema.ready(uri, document.version)) {
      // This client cannot be asked to pull again: wait (off the main thread) for the schema result.
      await this.schema.settled(uri, SCHEMA_WAIT_MS);
      if (token.isCancellationRequested || this.store.get(uri)?.version !== document.version) return emptyReport();
      items = await this.compute(document);
      const withSchema = `${document.version}/${this.generation}${this.schema.ready(uri, document.version) ? '/schema' : ''}`;
      return { kind: DocumentDiagnosticReportKind.Full, resultId: withSchema, items };
    }
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
  }

  /** A newly opened document is validated at once. */
  opened(document: TextDocument): void {
    this.openedVersion.set(document.uri, document.version);
    if (!this.options.pull) this.schedule(document.uri, 0);
  }

  changed(document: TextDocument): void {
    this.domainChanged(document.uri);
    // TextDocuments also reports an open as a content change: that version is already queued.
    if (this.openedVersion.get(document.uri) === document.version) return;
    if (!this.options.pull) this.schedule(document.uri, this.options.debounceMs);
  }

  /**
   * A document changed, opened or closed: the device files checked against it (as their
   * domain) are validated again; closing it makes them read the file on disk.
   */
  domainChanged(uri: string): void {
    const dependents = [...this.attachedTo].filter(([, domain]) => domain === uri).map(([device]) => device);
    if (dependents.length === 0) return;
    if (this.options.pull) {
      this.generation++;
      if (this.options.refreshSupport) this.connection.languages.diagnostics.refresh().catch((e: unknown) => logError(this.connection, 'workspace/diagnostic/refresh', e));
      return;
    }
    for (const device of dependents) if (device !== uri) this.schedule(device, this.options.debounceMs);
  }

  /** A schema result came in: send it (push) or have the client pull again. */
  schemaReady(uri: string, version: number): void {
    if (this.store.get(uri)?.version !== version) return;
    if (!this.options.pull) this.schedule(uri, 0);
    else if (this.options.refreshSupport) this.connection.languages.diagnostics.refresh().catch((e: unknown) => logError(this.connection, 'workspace/diagnostic/refresh', e));
  }

  closed(uri: string): void {
    this.attachedTo.delete(uri);
    this.schema?.forget(uri);
    this.cancel(uri);
    this.runs.delete(uri);
    this.openedVersion.delete(uri);
    if (!this.options.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch((e: unknown) => logError(this.connection, 'clearing diagnostics', e));
  }

  /**
   * Validates a document at once (the "validate now" command): a push client gets the
   * diagnostics published now, a pull client is asked to pull again. Returns their count.
   */
  async validateNow(uri: string): Promise<number> {
    const document = this.store.get(uri);
    if (!document) return 0;
    if (this.options.pull) {
      this.generation++;
      if (this.options.refreshSupport) this.connection.languages.diagnostics.refresh().catch((e: unknown) => logError(this.connection, 'workspace/diagnostic/refresh', e));
      return (await this.compute(document)).length;
    }
    this.cancel(uri);
    return this.push(uri);
  }

  /** Settings changed: every open document's diagnostics may change. */
  refreshAll(): void {
    this.generation++;
    if (this.options.pull) {
      if (this.options.refreshSupport) this.connection.languages.diagnostics.refresh().catch((e: unknown) => logError(this.connection, 'workspace/diagnostic/refresh', e));
      return;
    }
    for (const document of this.store.documents.all()) this.schedule(document.uri, 0);
  }

  dispose(): void {
    void this.schema?.dispose();
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private schedule(uri: string, delay: number): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.push(uri);
      }, delay),
    );
  }

  /** Publishes a document's diagnostics; their count (0 when the result went stale). */
  private async push(uri: string): Promise<number> {
    const document = this.store.get(uri);
    if (!document) return 0;
    const run = (this.runs.get(uri) ?? 0) + 1;
    this.runs.set(uri, run);
    try {
      const diagnostics = await this.compute(document);
      // Settings are pulled asynchronously: the document may have changed or closed meanwhile.
      if (this.runs.get(uri) !== run || this.store.get(uri)?.version !== document.version) return 0;
      await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      return diagnostics.length;
    } catch (error) {
      logError(this.connection, `validating ${uri}`, error);
      return 0;
    }
  }
}

function emptyReport(): DocumentDiagnosticReport {
  return { kind: DocumentDiagnosticReportKind.Full, items: [] };
}
