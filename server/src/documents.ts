import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService, ParsedDocument } from './service/languageService';
import type { LintSettings } from './service/types';

interface Entry {
  version: number;
  maxFileSize: number | undefined;
  parsed: ParsedDocument;
}

/**
 * The open documents and one parse per document version, shared by diagnostics, code
 * actions and every other feature. The parse depends on the settings only through
 * `maxFileSize`, so that is part of the key. Entries go when the document closes.
 */
export class DocumentStore {
  /**
   * Versions only grow (LSP): a change that is not newer than the document is a reordering or
   * a client bug, and applying it would let old text and its diagnostics win.
   */
  readonly documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (document, changes, version) => (version > document.version ? TextDocument.update(document, changes, version) : document),
  });
  private readonly cache = new Map<string, Entry>();
  /** How many parses ran (tests check that features share them). */
  parseCount = 0;

  constructor(private readonly service: LanguageService) {
    this.documents.onDidClose((e) => this.cache.delete(e.document.uri));
    // A parse of an older version is never asked for again: let it go before the next parse
    // is built, so that two trees of a large document are not alive at once.
    this.documents.onDidChangeContent((e) => {
      const hit = this.cache.get(e.document.uri);
      if (hit && hit.version !== e.document.version) this.cache.delete(e.document.uri);
    });
  }

  /** How many parses are cached (one at most per open document). */
  get cacheSize(): number {
    return this.cache.size;
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  parsed(document: TextDocument, settings: LintSettings): ParsedDocument {
    const hit = this.cache.get(document.uri);
    if (hit && hit.version === document.version && hit.maxFileSize === settings.maxFileSize) return hit.parsed;
    const parsed = this.service.parse(document.getText(), settings);
    this.parseCount++;
    // A feature may finish after the document closed (settings arrive asynchronously): keep
    // nothing for closed documents.
    if (this.documents.get(document.uri) === document) this.cache.set(document.uri, { version: document.version, maxFileSize: settings.maxFileSize, parsed });
    return parsed;
  }
}
