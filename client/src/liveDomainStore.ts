import type { CheckTextResult, TextDiagnostic } from '../../server/src/protocol';
import type { LiveChecker } from './serverChecks';
import { Virsh, VirshError, type RunOptions } from './virsh';

/** What libvirt held when a domain was read, to detect a change made behind our back. */
export interface Snapshot {
  xml: string;
  /** When we read or wrote it (ms since the epoch); serves as the file's mtime. */
  mtime: number;
}

/** How the user answers the questions a save can raise (the VS Code layer shows dialogs). */
export interface SaveQuestions {
  /** Only warnings (or milder) remain: save anyway? */
  saveDespiteWarnings(problems: TextDiagnostic[]): Promise<boolean>;
  /** libvirt's definition changed since the document was read: overwrite it? */
  overwriteChanged(domain: string, connection: string, reason: 'changed' | 'undefined'): Promise<boolean>;
}

export type SaveFailureKind = 'errors' | 'declined' | 'name-mismatch' | 'conflict' | 'rejected' | 'virsh' | 'unchecked';

/**
 * A save that did not happen. The caller turns it into a failed write, so the editor keeps
 * the user's text dirty: nothing is lost.
 */
export class SaveError extends Error {
  constructor(
    readonly kind: SaveFailureKind,
    message: string,
    readonly problems: TextDiagnostic[] = [],
    readonly libvirtMessages: string[] = [],
  ) {
    super(message);
    this.name = 'SaveError';
  }
}

/** "line 12: message" lists for dialogs, at most `max` entries. */
export function describeProblems(problems: readonly TextDiagnostic[], max = 3): string {
  const shown = problems.slice(0, max).map((p) => `line ${p.range.start.line + 1}: ${p.message} [${p.ruleId}]`);
  if (problems.length > max) shown.push(`… and ${problems.length - max} more`);
  return shown.join('\n');
}

function key(connection: string, domain: string): string {
  return `${connection}\u0000${domain}`;
}

/** The URI VS Code gives `libvirt:` documents (libvirtFs.ts `domainUri`), for per-resource settings. */
export function libvirtDocumentUri(connection: string, domain: string): string {
  return `libvirt://${encodeURIComponent(connection).toLowerCase()}/${encodeURIComponent(domain)}.xml`;
}

/**
 * Live domains without any VS Code dependency: read with `dumpxml --inactive`, save after
 * this project's checks, a conflict check and `define --validate`. Connections are
 * resolved by name to URIs by the caller's function (from user settings only).
 */
export class LiveDomainStore {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    public virsh: Virsh,
    private readonly uriOf: (connection: string) => string | undefined,
    /** This project's checks (the language server's, in the extension). */
    readonly checker: LiveChecker,
  ) {}

  connectionUri(connection: string): string {
    const uri = this.uriOf(connection);
    if (!uri) throw new SaveError('virsh', `No libvirt connection named '${connection}' in the user setting libvirt.connections.`);
    return uri;
  }

  snapshot(connection: string, domain: string): Snapshot | undefined {
    return this.snapshots.get(key(connection, domain));
  }

  forget(connection: string, domain: string): void {
    this.snapshots.delete(key(connection, domain));
  }

  /** Reads a domain's persistent XML and remembers it for the conflict check. */
  async read(connection: string, domain: string, options: RunOptions = {}): Promise<string> {
    const xml = await this.virsh.dumpXml(this.connectionUri(connection), domain, options);
    const previous = this.snapshot(connection, domain);
    const mtime = previous && previous.xml === xml ? previous.mtime : Date.now();
    this.snapshots.set(key(connection, domain), { xml, mtime });
    return xml;
  }

  /**
   * This project's diagnostics for a text and its `<name>`, with the settings of `documentUri`.
   * Throws SaveError 'unchecked' when the checks cannot run: nothing is then defined.
   */
  async check(documentUri: string, text: string): Promise<CheckTextResult> {
    try {
      return await this.checker.checkText({ uri: documentUri, text });
    } catch (error) {
      throw new SaveError('unchecked', `Not saved to libvirt: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Defines `text` as `domain` on `connection`. Throws SaveError and changes nothing in
   * libvirt when: error-severity problems remain; the user declines to save with warnings;
   * the `<name>` is not the domain's; libvirt's copy changed and the user keeps it; libvirt
   * rejects the definition (its message is in the error).
   */
  async save(connection: string, domain: string, text: string, questions: SaveQuestions, options: RunOptions & { documentUri?: string } = {}): Promise<Snapshot> {
    const uri = this.connectionUri(connection);
    const { diagnostics: problems, domainName } = await this.check(options.documentUri ?? libvirtDocumentUri(connection, domain), text);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      throw new SaveError('errors', `Not saved to libvirt: ${errors.length} error${errors.length === 1 ? '' : 's'} must be fixed first.\n${describeProblems(errors)}`, errors);
    }
    const name = domainName ?? undefined;
    if (name !== domain) {
      // define would create or rename another domain instead of updating this one.
      throw new SaveError(
        'name-mismatch',
        name === undefined
          ? `Not saved to libvirt: the document has no <name>; it must be <name>${domain}</name> to update this domain.`
          : `Not saved to libvirt: <name> is '${name}' but this document is domain '${domain}'. Use "Define on a libvirt connection" to create a domain under another name.`,
      );
    }
    const warnings = problems.filter((p) => p.severity === 'warning');
    if (warnings.length > 0 && !(await questions.saveDespiteWarnings(warnings))) {
      throw new SaveError('declined', 'Not saved to libvirt: the warnings were not accepted.', warnings);
    }
    await this.checkUnchanged(connection, uri, domain, questions, options);
    try {
      await this.virsh.define(uri, text, options);
    } catch (error) {
      if (error instanceof VirshError && (error.kind === 'failed' || error.kind === 'not-found')) {
        throw new SaveError('rejected', `libvirt rejected the domain definition: ${error.message}`, [], error.messages);
      }
      throw error;
    }
    // libvirt normalizes what it stores: remember its copy, not ours, for the next check.
    const stored = await this.virsh.dumpXml(uri, domain, options);
    const snap = { xml: stored, mtime: Date.now() };
    this.snapshots.set(key(connection, domain), snap);
    return snap;
  }

  private async checkUnchanged(connection: string, uri: string, domain: string, questions: SaveQuestions, options: RunOptions): Promise<void> {
    const snap = this.snapshot(connection, domain);
    let current: string | undefined;
    try {
      current = await this.virsh.dumpXml(uri, domain, options);
    } catch (error) {
      if (!(error instanceof VirshError && error.kind === 'not-found')) throw error;
    }
    if (!snap) return; // A new domain (or one never read here): nothing to compare with.
    if (current === snap.xml) return;
    const reason = current === undefined ? 'undefined' : 'changed';
    if (!(await questions.overwriteChanged(domain, connection, reason))) {
      throw new SaveError(
        'conflict',
        reason === 'changed'
          ? `Not saved: domain '${domain}' was changed in libvirt (${connection}) since it was opened. Reopen it to see the changes, or save again and choose to overwrite.`
          : `Not saved: domain '${domain}' was undefined in libvirt (${connection}) since it was opened.`,
      );
    }
  }
}
