import type { KindSchema } from './service/kinds/kind';
import { existsSync } from 'node:fs';
import path = require('node:path');
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from './protocol';
import { DEFAULT_SCHEMA_DIRS, findSchemaDir } from './schemaFiles';
import { SchemaRunner } from './schemaRunner';
import type { ParsedDocument } from './service/languageService';
import type { XmlDocument } from './service/parse/parseXml';
import { docsUrl } from './service/docs';
import { SCHEMA_RULE_ID, type SchemaError, schemaDiagnostics, schemasMissingDiagnostic } from './service/schema/validate';
import type { LintDiagnostic, LintSettings } from './service/types';

export interface SchemaServerOptions {
  /** Searched when `libvirt.schema.path` is empty (default: the distribution's directory). */
  defaultDirs?: readonly string[];
  /** The worker script (default: schemaWorker.js next to the server bundle). */
  workerFile?: string;
  restartAfterMs?: number;
}

type Outcome = { kind: 'errors'; errors: SchemaError[] } | { kind: 'missing'; searched: string[] } | { kind: 'failed'; dir: string; message: string };

interface Result {
  version: number;
  /** Version and schema directory the outcome belongs to. */
  key: string;
  outcome: Outcome;
}

function defaultWorkerFile(): string {
  // Bundled: dist/schemaWorker.js beside dist/server.js; compiled tests: the tsc output.
  const bundled = path.join(__dirname, 'schemaWorker.js');
  return existsSync(bundled) ? bundled : path.join(__dirname, 'service', 'schema', 'worker.js');
}

/**
 * Schema results per document, computed in a worker and merged into the lint diagnostics as
 * a second batch: the first call for a version starts the run and answers nothing; `onReady`
 * fires when the result is in, and later calls for that version include it.
 */
export class SchemaSupport {
  private runner: SchemaRunner | null = null;
  private readonly results = new Map<string, Result>();
  private readonly running = new Map<string, string>();
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(
    private readonly options: SchemaServerOptions,
    private readonly onReady: (uri: string, version: number) => void,
  ) {}

  /** Whether the schema result of this version is in (pull result ids change when it is). */
  ready(uri: string, version: number): boolean {
    return this.results.get(uri)?.version === version;
  }

  /** Schema diagnostics of a document of a kind with this schema (none for other XML: `schema` null). */
  diagnostics(document: TextDocument, parsed: ParsedDocument, schema: KindSchema | null, settings: Settings, lint: LintSettings): LintDiagnostic[] {
    if (!settings.schema.enable || !schema || !parsed.xml || parsed.xml.syntaxError || lint.rules?.[SCHEMA_RULE_ID] === 'off') return [];
    const uri = document.uri;
    const version = document.version;
    const location = findSchemaDir(settings.schema.path, this.options.defaultDirs ?? DEFAULT_SCHEMA_DIRS);
    const key = `${version}\u0000${schema.file}\u0000${schema.contentOf ?? ''}\u0000${location.dir ?? `missing:${location.searched.join(',')}`}`;
    const result = this.results.get(uri);
    if (result?.key === key) return this.toDiagnostics(result.outcome, lint, parsed.xml);
    if (this.running.get(uri) === key) return [];
    this.running.set(uri, key);
    const finish = (outcome: Outcome | null): void => {
      if (this.running.get(uri) !== key) return;
      this.running.delete(uri);
      this.wake(uri);
      if (!outcome) return;
      this.results.set(uri, { version, key, outcome });
      this.onReady(uri, version);
    };
    if (!location.dir) {
      queueMicrotask(() => finish({ kind: 'missing', searched: location.searched }));
      return [];
    }
    const dir = location.dir;
    this.runner ??= new SchemaRunner(this.options.workerFile ?? defaultWorkerFile(), { restartAfterMs: this.options.restartAfterMs });
    void this.runner.validate(uri, version, dir, document.getText(), schema.file, schema.contentOf).then((r) =>
      finish(r.kind === 'done' ? { kind: 'errors', errors: r.errors } : r.kind === 'failed' ? { kind: 'failed', dir, message: r.message } : null),
    );
    return [];
  }

  /**
   * Resolves when the run for this document started by `diagnostics` has ended, or after
   * `timeoutMs` (pull clients that cannot be asked to pull again wait for the result).
   */
  settled(uri: string, timeoutMs: number): Promise<void> {
    if (!this.running.has(uri)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const list = this.waiters.get(uri) ?? [];
      list.push(() => (clearTimeout(timer), resolve()));
      this.waiters.set(uri, list);
    });
  }

  private wake(uri: string): void {
    const list = this.waiters.get(uri);
    this.waiters.delete(uri);
    for (const w of list ?? []) w();
  }

  forget(uri: string): void {
    this.wake(uri);
    this.results.delete(uri);
    this.running.delete(uri);
    this.runner?.forget(uri);
  }

  async dispose(): Promise<void> {
    await this.runner?.dispose();
  }

  private toDiagnostics(outcome: Outcome, lint: LintSettings, xml: XmlDocument): LintDiagnostic[] {
    switch (outcome.kind) {
      case 'errors':
        return schemaDiagnostics(outcome.errors, lint, xml);
      case 'missing':
        return schemasMissingDiagnostic(outcome.searched, lint);
      case 'failed':
        return [
          {
            ruleId: SCHEMA_RULE_ID,
            severity: 'info',
            message: `libvirt's schemas in ${outcome.dir} could not be used (${outcome.message}); schema validation is skipped.`,
            span: { start: 0, end: 0 },
            docsUrl: docsUrl(SCHEMA_RULE_ID),
          },
        ];
    }
  }
}
