import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DomainFiles } from './domainFiles';
import type { AttachTarget } from './service';
import type { LanguageService, ParsedDocument } from './service/languageService';
import type { LintSettings } from './service/types';

interface Entry {
  version: number;
  maxFileSize: number | undefined;
  /** The domain the device file was checked against (the same text object while it is unchanged). */
  domain: AttachTarget | undefined;
  domainProblem: string | undefined;
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
  /** Domain files that device files are checked against. */
  readonly domainFiles = new DomainFiles(this.documents);
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

  /**
   * The parse of a document version. With `settings.domainFile`, a device file is parsed as
   * attached to that domain; the parse is redone when the domain's text changes.
   */
  parsed(document: TextDocument, settings: LintSettings): ParsedDocument {
    const hit = this.cache.get(document.uri);
    const lookup = settings.domainFile ? this.domainFiles.lookup(settings.domainFile) : undefined;
    const domain = lookup?.target;
    const sameDomain = (e: Entry) => (e.domain === undefined && domain === undefined) || (e.domain !== undefined && domain !== undefined && e.domain.text === domain.text);
    if (hit && hit.version === document.version && hit.maxFileSize === settings.maxFileSize && sameDomain(hit) && hit.domainProblem === lookup?.problem) return hit.parsed;
    const parsed = this.service.parse(document.getText(), settings, { domain });
    // a domain file that cannot be read is a problem of the context, said like one the service finds
    if (lookup?.problem && parsed.kind?.id === 'device') parsed.attachProblem = lookup.problem;
    this.parseCount++;
    // A feature may finish after the document closed (settings arrive asynchronously): keep
    // nothing for closed documents.
    if (this.documents.get(document.uri) === document) this.cache.set(document.uri, { version: document.version, maxFileSize: settings.maxFileSize, domain, domainProblem: lookup?.problem, parsed });
    return parsed;
  }
}
