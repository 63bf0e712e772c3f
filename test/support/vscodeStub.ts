/**
 * The part of the `vscode` API that the live-domain modules use, for node:test runs outside
 * an extension host (the real UI is covered by the e2e suite). `installVscodeStub()` makes
 * `require('vscode')` resolve to this module.
 */
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  constructor(private readonly fn: () => void) {}
  dispose(): void {
    this.fn();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
  ) {}
  static from(c: { scheme: string; authority?: string; path?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '');
  }
  static parse(s: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(.*)$/i.exec(s);
    if (!m) throw new Error('bad uri ' + s);
    return new Uri(m[1], m[2], decodeURIComponent(m[3]));
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
}

export class FileSystemError extends Error {
  constructor(
    messageOrUri?: string | Uri,
    readonly code = 'Unknown',
  ) {
    super(typeof messageOrUri === 'string' ? messageOrUri : (messageOrUri?.toString() ?? ''));
  }
  static FileNotFound(m?: string | Uri) {
    return new FileSystemError(m, 'FileNotFound');
  }
  static FileExists(m?: string | Uri) {
    return new FileSystemError(m, 'FileExists');
  }
  static FileNotADirectory(m?: string | Uri) {
    return new FileSystemError(m, 'FileNotADirectory');
  }
  static FileIsADirectory(m?: string | Uri) {
    return new FileSystemError(m, 'FileIsADirectory');
  }
  static NoPermissions(m?: string | Uri) {
    return new FileSystemError(m, 'NoPermissions');
  }
  static Unavailable(m?: string | Uri) {
    return new FileSystemError(m, 'Unavailable');
  }
}

export enum FileType {
  Unknown = 0,
  File = 1,
  Directory = 2,
}

export enum FileChangeType {
  Changed = 1,
  Created = 2,
  Deleted = 3,
}

export enum TextDocumentSaveReason {
  Manual = 1,
  AfterDelay = 2,
  FocusOut = 3,
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}

export class TreeItem {
  description?: string;
  tooltip?: string;
  contextValue?: string;
  iconPath?: ThemeIcon;
  resourceUri?: Uri;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState,
  ) {}
}

/** Settings as `inspect()` returns them: what each scope holds. */
export interface Inspected {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string | number;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity,
  ) {}
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** A text editor as the commands see it: a document with a uri and its text. */
export interface StubEditor {
  document: { uri: Uri; getText(): string };
}

/** Test-controlled state of the stub, and what the code under test did through it. */
export const stubState = {
  isTrusted: true,
  config: {} as Record<string, Inspected>,
  warnings: [] as { message: string; items: string[] }[],
  /** Answer of the next showWarningMessage calls (an item title or undefined). */
  warningAnswer: undefined as string | undefined,
  infos: [] as string[],
  errors: [] as string[],
  /** Picks the item of a quick pick (default: the first). */
  pick: (items: { label: string }[]) => items[0] as { label: string } | undefined,
  activeTextEditor: undefined as StubEditor | undefined,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  opened: [] as string[],
  diagnostics: new Map<string, Diagnostic[]>(),
  collections: [] as string[],
};

/** Forgets the messages and documents shown and the answers and editor given: a fresh start for a test. */
export function resetStubState(): void {
  stubState.warnings = [];
  stubState.infos = [];
  stubState.errors = [];
  stubState.opened = [];
  stubState.warningAnswer = undefined;
  stubState.activeTextEditor = undefined;
  stubState.isTrusted = true;
}

export const languages = {
  createDiagnosticCollection(name: string) {
    stubState.collections.push(name);
    return {
      set: (uri: Uri, d: Diagnostic[]) => stubState.diagnostics.set(uri.toString(), d),
      delete: (uri: Uri) => stubState.diagnostics.delete(uri.toString()),
      get: (uri: Uri) => stubState.diagnostics.get(uri.toString()),
      dispose: () => undefined,
    };
  },
};

export const commands = {
  registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
    stubState.commands.set(id, fn);
    return new Disposable(() => stubState.commands.delete(id));
  },
};

const noEvent = () => new Disposable(() => undefined);

export const workspace = {
  get isTrusted() {
    return stubState.isTrusted;
  },
  registerFileSystemProvider: () => new Disposable(() => undefined),
  registerTextDocumentContentProvider: () => new Disposable(() => undefined),
  onDidChangeTextDocument: noEvent,
  onDidCloseTextDocument: noEvent,
  onWillSaveTextDocument: noEvent,
  onDidGrantWorkspaceTrust: noEvent,
  onDidChangeConfiguration: noEvent,
  async openTextDocument(uri: Uri) {
    stubState.opened.push(uri.toString());
    return { uri };
  },
  getConfiguration(section: string) {
    const full = (key: string) => `${section}.${key}`;
    return {
      inspect: (key: string) => ({ key: full(key), ...(stubState.config[full(key)] ?? {}) }),
      get: (key: string) => {
        const i = stubState.config[full(key)] ?? {};
        return i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue ?? i.defaultValue;
      },
    };
  },
};

export const window = {
  async showWarningMessage(message: string, ...rest: unknown[]) {
    const items = rest.filter((r): r is string => typeof r === 'string');
    stubState.warnings.push({ message, items });
    return stubState.warningAnswer;
  },
  async showErrorMessage(message: string) {
    stubState.errors.push(message);
    return undefined;
  },
  async showInformationMessage(message: string) {
    stubState.infos.push(message);
    return undefined;
  },
  async showQuickPick<T extends { label: string }>(items: T[] | Promise<T[]>) {
    return stubState.pick(await items) as T | undefined;
  },
  async showTextDocument() {
    return undefined;
  },
  get activeTextEditor() {
    return stubState.activeTextEditor;
  },
  registerTreeDataProvider: () => new Disposable(() => undefined),
  async withProgress<R>(_options: unknown, task: (progress: { report(): void }, token: { onCancellationRequested: typeof noEvent }) => Promise<R>) {
    return task({ report: () => undefined }, { onCancellationRequested: noEvent });
  },
};

let installed = false;

export function installVscodeStub(): void {
  if (installed) return;
  installed = true;
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return __filename;
    return original.call(this, request, ...rest);
  };
}
