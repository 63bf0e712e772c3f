import type { ObjectCatalog } from './catalog/catalog';

/** Offsets are UTF-16 code-unit indices into the document text (JavaScript string indices). */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Level = Severity | 'off';
export const LEVELS: readonly Level[] = ['off', 'hint', 'info', 'warning', 'error'];

/** A replacement of `text.slice(start, end)` by `newText`. */
export interface OffsetEdit extends Span {
  newText: string;
}

/** What a rule reports: an offset span, a message and optional data for its fixes. */
export interface Finding {
  ruleId: string;
  span: Span;
  message: string;
  /** Overrides the rule's default severity for this finding (still subject to settings). */
  severity?: Severity;
  /** Serializable data that the rule's fix needs; also sent as diagnostic `data`. */
  payload?: unknown;
}

/**
 * A proposed change. `safe` fixes never change what the guest sees (bus, target, device)
 * or how the data on disk is read; only they are preferred and applied by fix-all / --fix.
 */
export interface FixProposal {
  title: string;
  edits: OffsetEdit[];
  safe: boolean;
}

export interface LintSettings {
  /** Per-rule level; a missing entry means the rule's default. */
  rules?: Record<string, Level>;
  /** Enabled profiles, e.g. `infoscale`, `migration`. */
  profiles?: string[];
  /** Documents larger than this many characters are not analysed (default 5 MB). */
  maxFileSize?: number;
  /**
   * The domain file that device files are attached to (absolute path): hosts read it and pass
   * its text as the document's context; the service itself does no I/O.
   */
  domainFile?: string;
  /**
   * The networks, storage pools and volumes the host knows from other documents (workspace
   * files, open editors, the CLI's files): domains' references to them are checked against it.
   */
  catalog?: ObjectCatalog;
}

/** A diagnostic of the service, still in offsets. */
export interface LintDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  docsUrl?: string;
  payload?: unknown;
}

/** A refactoring code action: never a diagnostic fix, never preferred, never applied by fix-all. */
export interface RefactorAction {
  title: string;
  kind: 'refactor.rewrite';
  edits: OffsetEdit[];
  isPreferred: false;
}
