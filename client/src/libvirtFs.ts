import * as vscode from 'vscode';
import { LIBVIRT_SCHEME } from './documentSelector';
import { describeProblems, LiveDomainStore, SaveError, type SaveQuestions } from './liveDomainStore';
import { UNTRUSTED_MESSAGE, VirshError } from './virsh';

export { LIBVIRT_SCHEME };

/** `libvirt://<connection-name>/<domain>.xml` */
export function domainUri(connection: string, domain: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LIBVIRT_SCHEME, authority: connection, path: `/${domain}.xml` });
}

/** The connection and domain of a `libvirt:` URI; `domain` is undefined for the connection root. */
export function parseDomainUri(uri: vscode.Uri): { connection: string; domain?: string } {
  const p = uri.path.replace(/^\/+/, '');
  if (p === '') return { connection: uri.authority };
  if (p.includes('/') || !p.endsWith('.xml') || p.length === 4) throw vscode.FileSystemError.FileNotFound(uri);
  return { connection: uri.authority, domain: p.slice(0, -4) };
}

/** Questions of a save, as modal dialogs. */
export const dialogQuestions = (): SaveQuestions => ({
  async saveDespiteWarnings(problems) {
    const choice = await vscode.window.showWarningMessage(
      `This domain has ${problems.length} warning${problems.length === 1 ? '' : 's'}. Define it in libvirt anyway?`,
      { modal: true, detail: describeProblems(problems, 5) },
      'Save anyway',
    );
    return choice === 'Save anyway';
  },
  async overwriteChanged(domain, connection, reason) {
    const what = reason === 'changed' ? 'was changed in libvirt' : 'was undefined in libvirt';
    const choice = await vscode.window.showWarningMessage(
      `Domain '${domain}' ${what} (${connection}) since you opened it.`,
      { modal: true, detail: 'Overwriting replaces the definition libvirt holds now with your text. To see the other change first, keep yours and reopen the domain.' },
      'Overwrite',
    );
    return choice === 'Overwrite';
  },
});

/** A VirshError as the FileSystemError VS Code understands (its message is shown). */
export function toFileSystemError(error: unknown, uri: vscode.Uri): Error {
  if (error instanceof vscode.FileSystemError) return error;
  if (error instanceof VirshError) {
    switch (error.kind) {
      case 'not-found':
        return vscode.FileSystemError.FileNotFound(`${uri.toString(true)}: ${error.message}`);
      case 'untrusted':
        return vscode.FileSystemError.NoPermissions(error.message);
      case 'missing':
      case 'timeout':
      case 'cancelled':
        return vscode.FileSystemError.Unavailable(error.message);
      default:
        return new vscode.FileSystemError(error.message);
    }
  }
  if (error instanceof SaveError) return new vscode.FileSystemError(error.message);
  return new vscode.FileSystemError(error instanceof Error ? error.message : String(error));
}

/**
 * Live libvirt domains as files. Reading runs `virsh dumpxml --inactive`; writing goes
 * through LiveDomainStore.save (checks, conflict detection, `define --validate`). A failed
 * write throws, so VS Code keeps the editor dirty with the user's text.
 */
export class LibvirtFileSystemProvider implements vscode.FileSystemProvider {
  // No change events: after a save the editor keeps the user's text, not libvirt's
  // normalized copy (the conflict check compares against that copy).
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(
    private readonly store: LiveDomainStore,
    private readonly isTrusted: () => boolean,
    private readonly questions: () => SaveQuestions = dialogQuestions,
    /** Told what was sent and what libvirt stored after each save (not awaited: the save is done). */
    private readonly afterSave: (connection: string, domain: string, sent: string, stored: string) => Promise<void> = async () => undefined,
  ) {}

  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();

  /**
   * Remembers why the editor is about to save a document (from onWillSaveTextDocument).
   * Every save here runs `virsh define`: auto save must not redefine a domain each time
   * typing pauses, so only explicit saves reach libvirt.
   */
  noteSaveReason(uri: vscode.Uri, reason: vscode.TextDocumentSaveReason): void {
    this.saveReasons.set(uri.toString(), reason);
  }

  private guard(): void {
    // Checked here as well as in Virsh so that nothing is even attempted without trust.
    if (!this.isTrusted()) throw vscode.FileSystemError.NoPermissions(UNTRUSTED_MESSAGE);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { connection, domain } = parseDomainUri(uri);
    if (domain === undefined) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    let snap = this.store.snapshot(connection, domain);
    if (!snap) {
      this.guard();
      try {
        await this.store.read(connection, domain);
      } catch (error) {
        throw toFileSystemError(error, uri);
      }
      snap = this.store.snapshot(connection, domain)!;
    }
    return { type: vscode.FileType.File, ctime: snap.mtime, mtime: snap.mtime, size: Buffer.byteLength(snap.xml) };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { connection, domain } = parseDomainUri(uri);
    if (domain !== undefined) throw vscode.FileSystemError.FileNotADirectory(uri);
    this.guard();
    try {
      const names = await this.store.virsh.listNames(this.store.connectionUri(connection));
      return names.map((n) => [`${n}.xml`, vscode.FileType.File]);
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { connection, domain } = parseDomainUri(uri);
    if (domain === undefined) throw vscode.FileSystemError.FileIsADirectory(uri);
    this.guard();
    try {
      return Buffer.from(await this.store.read(connection, domain), 'utf8');
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { connection, domain } = parseDomainUri(uri);
    if (domain === undefined) throw vscode.FileSystemError.FileIsADirectory(uri);
    this.guard();
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      throw new vscode.FileSystemError(`Not defined in libvirt by auto save: save '${uri.path.slice(1)}' explicitly (File: Save) to define it.`);
    }
    const text = Buffer.from(content).toString('utf8');
    try {
      const stored = await this.store.save(connection, domain, text, this.questions(), { documentUri: uri.toString() });
      void this.afterSave(connection, domain, text, stored.xml).catch(() => undefined);
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(): void {
    // Undefining a domain from a file explorer is too easy to do by accident.
    throw vscode.FileSystemError.NoPermissions('Domains are not undefined from the editor; use virsh undefine.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Renaming a domain is not supported here; use virsh domrename.');
  }
}
