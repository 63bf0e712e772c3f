import type { CancellationToken, Connection, ResponseError } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documents';
import { runSafe } from './runSafe';
import type { LanguageService, ParsedDocument } from './service/languageService';
import type { LintSettings } from './service/types';

/** What every document feature gets: the open document, its one parse for this version, its settings. */
export interface FeatureContext {
  service: LanguageService;
  document: TextDocument;
  parsed: ParsedDocument;
  settings: LintSettings;
}

/** A feature of one document: LSP params in, LSP result out, nothing else to look up. */
export type Provider<P, R> = (ctx: FeatureContext, params: P) => R | Promise<R>;

/**
 * The one LSP adapter for document features: finds the open document (a request for a closed or
 * unknown one gets `fallback`), pulls its settings, reuses the version's parse, and runs the
 * provider inside runSafe (cancellation answers RequestCancelled, an exception is logged and
 * answered with `fallback`). A feature is then one provider plus one routing line.
 */
export class FeatureAdapter {
  constructor(
    private readonly connection: Connection,
    private readonly service: LanguageService,
    private readonly store: DocumentStore,
    private readonly settingsFor: (uri: string) => Promise<LintSettings>,
  ) {}

  handler<P extends { textDocument: { uri: string } }, R>(method: string, fallback: R, provider: Provider<P, R>): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
    return (params, token) =>
      runSafe(this.connection, method, token, fallback, async () => {
        const uri = params.textDocument.uri;
        if (!this.store.get(uri)) return fallback;
        const settings = await this.settingsFor(uri);
        // The document may have changed or closed while the settings were pulled: use what is open now.
        const document = this.store.get(uri);
        if (!document) return fallback;
        return provider({ service: this.service, document, parsed: this.store.parsed(document, settings), settings }, params);
      });
  }
}
