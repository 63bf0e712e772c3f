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
  readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new Map<string, Entry>();
  /** How many parses ran (tests check that features share them). */
  parseCount = 0;

  constructor(private readonly service: LanguageService) {
    this.documents.onDidClose((e) => this.cache.delete(e.document.uri));
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  parsed(document: TextDocument, settings: LintSettings): ParsedDocument {
    const hit = this.cache.get(document.uri);
    if (hit && hit.version === document.version && hit.maxFileSize === settings.maxFileSize) return hit.parsed;
    const parsed = this.service.parse(document.getText(), settings);
    this.parseCount++;
    this.cache.set(document.uri, { version: document.version, maxFileSize: settings.maxFileSize, parsed });
    return parsed;
  }
}
