import type { CheckTextResult, TextDiagnostic } from '../../server/src/protocol';
import type { LiveChecker } from './serverChecks';
import { LIVE_KINDS, type LiveKind, Virsh, VirshError, type RunOptions } from './virsh';

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
  /** libvirt's definition changed since the document was read: overwrite it? `kind` absent: a domain. */
  overwriteChanged(name: string, connection: string, reason: 'changed' | 'undefined', kind?: LiveKind): Promise<boolean>;
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

function key(connection: string, name: string, kind: LiveKind): string {
  return `${connection}\u0000${kind}\u0000${name}`;
}

/** The folder of a kind's documents under a connection: none for domains, `networks/`, `pools/`. */
export const KIND_FOLDERS: Record<LiveKind, string> = { domain: '', network: 'networks/', pool: 'pools/' };

/** The URI VS Code gives `libvirt:` documents (libvirtFs.ts `objectUri`), for per-resource settings. */
export function libvirtDocumentUri(connection: string, name: string, kind: LiveKind = 'domain'): string {
  return `libvirt://${encodeURIComponent(connection).toLowerCase()}/${KIND_FOLDERS[kind]}${encodeURIComponent(name)}.xml`;
}

/** "Domain", "Network", "Storage pool". */
export function capitalNoun(kind: LiveKind): string {
  const noun = LIVE_KINDS[kind].noun;
  return noun[0].toUpperCase() + noun.slice(1);
}

/** Which libvirt object an operation is about: a domain unless told otherwise. */
export interface KindOption {
  kind?: LiveKind;
}

/**
 * Live domains, networks and storage pools without any VS Code dependency: read with
 * `dumpxml --inactive` (`net-dumpxml`, `pool-dumpxml`), save after this project's checks, a
 * conflict check and `define --validate` (`net-define`, `pool-define`). Connections are
 * resolved by name to URIs by the caller's function (from user settings only). Every
 * method takes the object's kind in its options; without one it is a domain.
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

  snapshot(connection: string, name: string, kind: LiveKind = 'domain'): Snapshot | undefined {
    return this.snapshots.get(key(connection, name, kind));
  }

  forget(connection: string, name: string, kind: LiveKind = 'domain'): void {
    this.snapshots.delete(key(connection, name, kind));
  }

  /** Reads a domain's (network's, pool's) persistent XML and remembers it for the conflict check. */
  async read(connection: string, name: string, options: RunOptions & KindOption = {}): Promise<string> {
    const kind = options.kind ?? 'domain';
    const xml = await this.virsh.dumpObjectXml(this.connectionUri(connection), kind, name, options);
    const previous = this.snapshot(connection, name, kind);
    const mtime = previous && previous.xml === xml ? previous.mtime : Date.now();
    this.snapshots.set(key(connection, name, kind), { xml, mtime });
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
   * Defines `text` as the domain (network, storage pool) `name` on `connection`. Throws
   * SaveError and changes nothing in libvirt when: error-severity problems remain; the user
   * declines to save with warnings; the root element is not the object's kind or its
   * `<name>` is not `name`; libvirt's copy changed and the user keeps it; libvirt rejects
   * the definition (its message is in the error). A kind the language server does not lint
   * (it answers `kind` null) is checked by libvirt alone (`--validate` and its parser).
   */
  async save(connection: string, name: string, text: string, questions: SaveQuestions, options: RunOptions & KindOption & { documentUri?: string } = {}): Promise<Snapshot> {
    const kind = options.kind ?? 'domain';
    const noun = LIVE_KINDS[kind].noun;
    const uri = this.connectionUri(connection);
    const checked = await this.check(options.documentUri ?? libvirtDocumentUri(connection, name, kind), text);
    const problems = checked.diagnostics;
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      throw new SaveError('errors', `Not saved to libvirt: ${errors.length} error${errors.length === 1 ? '' : 's'} must be fixed first.\n${describeProblems(errors)}`, errors);
    }
    if (checked.root !== null && checked.root !== kind) {
      // The wrong define command would be run, or the right one on the wrong document.
      throw new SaveError('name-mismatch', `Not saved to libvirt: the root element is <${checked.root}>, but this document is ${noun} '${name}' (root <${kind}>).`);
    }
    const found = checked.name ?? undefined;
    if (found !== name) {
      // define would create or rename another object instead of updating this one.
      throw new SaveError(
        'name-mismatch',
        found === undefined
          ? `Not saved to libvirt: the document has no <name>; it must be <name>${name}</name> to update this ${noun}.`
          : `Not saved to libvirt: <name> is '${found}' but this document is ${noun} '${name}'. Use "Define on a libvirt connection" to create a ${noun} under another name.`,
      );
    }
    const warnings = problems.filter((p) => p.severity === 'warning');
    if (warnings.length > 0 && !(await questions.saveDespiteWarnings(warnings))) {
      throw new SaveError('declined', 'Not saved to libvirt: the warnings were not accepted.', warnings);
    }
    await this.checkUnchanged(connection, uri, name, kind, questions, options);
    try {
      await this.virsh.defineObject(uri, kind, text, options);
    } catch (error) {
      if (error instanceof VirshError && (error.kind === 'failed' || error.kind === 'not-found')) {
        throw new SaveError('rejected', `libvirt rejected the ${noun} definition: ${error.message}`, [], error.messages);
      }
      throw error;
    }
    // libvirt normalizes what it stores: remember its copy, not ours, for the next check.
    const stored = await this.virsh.dumpObjectXml(uri, kind, name, options);
    const snap = { xml: stored, mtime: Date.now() };
    this.snapshots.set(key(connection, name, kind), snap);
    return snap;
  }

  private async checkUnchanged(connection: string, uri: string, name: string, kind: LiveKind, questions: SaveQuestions, options: RunOptions): Promise<void> {
    const snap = this.snapshot(connection, name, kind);
    let current: string | undefined;
    try {
      current = await this.virsh.dumpObjectXml(uri, kind, name, options);
    } catch (error) {
      if (!(error instanceof VirshError && error.kind === 'not-found')) throw error;
    }
    if (!snap) return; // A new object (or one never read here): nothing to compare with.
    if (current === snap.xml) return;
    const reason = current === undefined ? 'undefined' : 'changed';
    if (!(await questions.overwriteChanged(name, connection, reason, kind))) {
      const noun = LIVE_KINDS[kind].noun;
      throw new SaveError(
        'conflict',
        reason === 'changed'
          ? `Not saved: ${noun} '${name}' was changed in libvirt (${connection}) since it was opened. Reopen it to see the changes, or save again and choose to overwrite.`
          : `Not saved: ${noun} '${name}' was undefined in libvirt (${connection}) since it was opened.`,
      );
    }
  }
}
