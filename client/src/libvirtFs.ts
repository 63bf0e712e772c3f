import * as vscode from 'vscode';
import { LIBVIRT_SCHEME } from './documentSelector';
import { capitalNoun, describeProblems, KIND_FOLDERS, LiveDomainStore, SaveError, type SaveQuestions } from './liveDomainStore';
import { LIVE_KINDS, type LiveKind, UNTRUSTED_MESSAGE, VirshError } from './virsh';

export { LIBVIRT_SCHEME };

/** `libvirt://<connection-name>/<domain>.xml` */
export function domainUri(connection: string, domain: string): vscode.Uri {
  return objectUri(connection, 'domain', domain);
}

/**
 * `libvirt://<connection>/<domain>.xml`, `libvirt://<connection>/networks/<network>.xml`,
 * `libvirt://<connection>/pools/<pool>.xml`.
 */
export function objectUri(connection: string, kind: LiveKind, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LIBVIRT_SCHEME, authority: connection, path: `/${KIND_FOLDERS[kind]}${name}.xml` });
}

/** The `networks` and `pools` folders under a connection's root. */
const FOLDER_KINDS: Record<string, LiveKind> = { networks: 'network', pools: 'pool' };

/**
 * What a `libvirt:` URI names: a domain, network or pool (`name`), or a folder (no `name`):
 * the connection root (kind `domain`: it lists the domains) or `networks/`, `pools/`.
 * libvirt refuses '/' in the names of all three, so the layout is unambiguous.
 */
export function parseLibvirtUri(uri: vscode.Uri): { connection: string; kind: LiveKind; name?: string } {
  const parts = uri.path.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  const connection = uri.authority;
  if (parts.length === 1 && parts[0] === '') return { connection, kind: 'domain' };
  const file = (p: string) => (p.endsWith('.xml') && p.length > 4 ? p.slice(0, -4) : undefined);
  if (parts.length === 1) {
    const folder = FOLDER_KINDS[parts[0]];
    if (folder) return { connection, kind: folder };
    const name = file(parts[0]);
    if (name !== undefined) return { connection, kind: 'domain', name };
  } else if (parts.length === 2 && FOLDER_KINDS[parts[0]]) {
    const name = file(parts[1]);
    if (name !== undefined) return { connection, kind: FOLDER_KINDS[parts[0]], name };
  }
  throw vscode.FileSystemError.FileNotFound(uri);
}

/** The connection and domain of a `libvirt:` URI; `domain` is undefined for the connection root. */
export function parseDomainUri(uri: vscode.Uri): { connection: string; domain?: string } {
  const { connection, kind, name } = parseLibvirtUri(uri);
  if (kind !== 'domain') throw vscode.FileSystemError.FileNotFound(uri);
  return name === undefined ? { connection } : { connection, domain: name };
}

/** Questions of a save, as modal dialogs. */
export const dialogQuestions = (): SaveQuestions => ({
  async saveDespiteWarnings(problems) {
    const choice = await vscode.window.showWarningMessage(
      `This document has ${problems.length} warning${problems.length === 1 ? '' : 's'}. Define it in libvirt anyway?`,
      { modal: true, detail: describeProblems(problems, 5) },
      'Save anyway',
    );
    return choice === 'Save anyway';
  },
  async overwriteChanged(name, connection, reason, kind = 'domain') {
    const what = reason === 'changed' ? 'was changed in libvirt' : 'was undefined in libvirt';
    const choice = await vscode.window.showWarningMessage(
      `${capitalNoun(kind)} '${name}' ${what} (${connection}) since you opened it.`,
      { modal: true, detail: `Overwriting replaces the definition libvirt holds now with your text. To see the other change first, keep yours and reopen the ${LIVE_KINDS[kind].noun}.` },
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
 * Live libvirt domains, networks and storage pools as files (`libvirt://<connection>/…`, see
 * parseLibvirtUri). Reading runs `virsh dumpxml --inactive` (`net-dumpxml`, `pool-dumpxml`);
 * writing goes through LiveDomainStore.save (checks, conflict detection, `define --validate`,
 * `net-define`, `pool-define`). A failed write throws, so VS Code keeps the editor dirty
 * with the user's text.
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
    private readonly afterSave: (connection: string, name: string, sent: string, stored: string, kind: LiveKind) => Promise<void> = async () => undefined,
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
    const { connection, kind, name } = parseLibvirtUri(uri);
    if (name === undefined) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    let snap = this.store.snapshot(connection, name, kind);
    if (!snap) {
      this.guard();
      try {
        await this.store.read(connection, name, { kind });
      } catch (error) {
        throw toFileSystemError(error, uri);
      }
      snap = this.store.snapshot(connection, name, kind)!;
    }
    return { type: vscode.FileType.File, ctime: snap.mtime, mtime: snap.mtime, size: Buffer.byteLength(snap.xml) };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { connection, kind, name } = parseLibvirtUri(uri);
    if (name !== undefined) throw vscode.FileSystemError.FileNotADirectory(uri);
    this.guard();
    try {
      const names = await this.store.virsh.listObjects(this.store.connectionUri(connection), kind);
      const files: [string, vscode.FileType][] = names.map((n) => [`${n}.xml`, vscode.FileType.File]);
      // The connection root holds the domains and the folders of networks and storage pools.
      if (kind === 'domain') files.push(['networks', vscode.FileType.Directory], ['pools', vscode.FileType.Directory]);
      return files;
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const { connection, kind, name } = parseLibvirtUri(uri);
    if (name === undefined) throw vscode.FileSystemError.FileIsADirectory(uri);
    this.guard();
    try {
      return Buffer.from(await this.store.read(connection, name, { kind }), 'utf8');
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { connection, kind, name } = parseLibvirtUri(uri);
    if (name === undefined) throw vscode.FileSystemError.FileIsADirectory(uri);
    this.guard();
    const reason = this.saveReasons.get(uri.toString());
    this.saveReasons.delete(uri.toString());
    if (reason !== undefined && reason !== vscode.TextDocumentSaveReason.Manual) {
      throw new vscode.FileSystemError(`Not defined in libvirt by auto save: save '${uri.path.slice(1)}' explicitly (File: Save) to define it.`);
    }
    const text = Buffer.from(content).toString('utf8');
    try {
      const stored = await this.store.save(connection, name, text, this.questions(), { kind, documentUri: uri.toString() });
      void this.afterSave(connection, name, text, stored.xml, kind).catch(() => undefined);
    } catch (error) {
      throw toFileSystemError(error, uri);
    }
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(): void {
    // Undefining a domain from a file explorer is too easy to do by accident.
    throw vscode.FileSystemError.NoPermissions('Domains, networks and storage pools are not undefined from the editor; use virsh undefine, net-undefine or pool-undefine.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Renaming a domain, network or storage pool is not supported here; use virsh domrename (networks and pools: define a copy under the new name).');
  }
}
