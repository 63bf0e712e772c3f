import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { Commands, Requests, type StatusResult } from '../../server/src/protocol';
import { LIBVIRT_SCHEME } from './documentSelector';

export type ServerState = 'starting' | 'running' | 'stopped';

/** What the status item shows, kept apart from the item so that tests can read it. */
export interface LanguageStatusView {
  state: ServerState;
  text: string;
  detail: string;
  severity: vscode.LanguageStatusSeverity;
}

export function stateName(state: State | undefined): ServerState {
  if (state === State.Running) return 'running';
  if (state === State.Starting) return 'starting';
  return 'stopped';
}

/** The schema part of the status: directory and version, or why there is none. */
export function describeSchema(schema: StatusResult['schema']): string {
  switch (schema.kind) {
    case 'off':
      return `schema validation off (${schema.reason})`;
    case 'missing':
      return `no schemas found (looked in ${schema.searched.join(', ')}; install libvirt or set libvirt.schema.path)`;
    case 'found':
      return `schemas of libvirt ${schema.version ?? '(version unknown)'} in ${schema.dir}`;
  }
}

export function describeStatus(state: ServerState, status: StatusResult | undefined): LanguageStatusView {
  if (state !== 'running') {
    return {
      state,
      text: state === 'starting' ? 'libvirt: starting' : 'libvirt: stopped',
      detail: state === 'starting' ? 'the language server is starting' : 'the language server is not running: run "libvirt: Restart Language Server"',
      severity: state === 'starting' ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Warning,
    };
  }
  if (!status) return { state, text: 'libvirt: running', detail: 'asking the server for its schemas and profiles', severity: vscode.LanguageStatusSeverity.Information };
  const profiles = status.profiles.length ? `profiles: ${status.profiles.join(', ')}` : 'no profiles';
  const what = status.isDomain ? `libvirt ${status.kind ?? 'domain'}` : 'not a libvirt document (not linted)';
  return {
    state,
    text: 'libvirt: running',
    detail: `${what}; ${describeSchema(status.schema)}; ${profiles}`,
    severity: status.schema.kind === 'missing' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information,
  };
}

/**
 * The language status item of XML and libvirt: documents: the server's state, the schemas
 * in use and their version, the active profiles, and a link to the output channel. It is
 * refreshed when the server changes state, the active editor changes, settings change or
 * the document is validated again.
 */
export class LanguageStatus implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private stateSub: vscode.Disposable | undefined;
  private generation = 0;
  view: LanguageStatusView = describeStatus('starting', undefined);
  /** Settles after the latest refresh (tests wait on it). */
  updated: Promise<void> = Promise.resolve();

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item = vscode.languages.createLanguageStatusItem('libvirt.status', [{ language: 'xml' }, { scheme: LIBVIRT_SCHEME }]);
    this.item.name = 'libvirt XML';
    this.item.command = { title: 'Show Output', command: Commands.showOutput, tooltip: 'Show the libvirt XML language server output' };
    this.render();
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('libvirt')) this.refresh();
      }),
      // The active document's diagnostics changed (edited, validated): whether it is a domain may have too.
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.refreshSoon();
      }),
      { dispose: () => clearTimeout(this.timer) },
    );
  }

  /** Follows the state of a (new) client. */
  watch(client: LanguageClient): void {
    this.stateSub?.dispose();
    this.stateSub = client.onDidChangeState(() => this.refresh());
    this.refresh();
  }

  private timer: ReturnType<typeof setTimeout> | undefined;

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  refresh(): Promise<void> {
    const generation = ++this.generation;
    this.updated = this.compute().then((view) => {
      // A later refresh started meanwhile: its answer is the one to show.
      if (generation !== this.generation) return;
      this.view = view;
      this.render();
    });
    return this.updated;
  }

  private async compute(): Promise<LanguageStatusView> {
    const c = this.client();
    const state = stateName(c?.state);
    if (!c || state !== 'running') return describeStatus(state, undefined);
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    try {
      const status = await c.sendRequest<StatusResult>(Requests.status, { uri });
      return describeStatus(stateName(c.state), status);
    } catch (error) {
      return { state, text: 'libvirt: running', detail: `the server did not say what it uses: ${error instanceof Error ? error.message : String(error)}`, severity: vscode.LanguageStatusSeverity.Warning };
    }
  }

  private render(): void {
    this.item.text = this.view.text;
    this.item.detail = this.view.detail;
    this.item.severity = this.view.severity;
    this.item.busy = this.view.state === 'starting';
  }

  dispose(): void {
    this.stateSub?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
