import * as vscode from 'vscode';
import { type CheckTextResult, Commands, SOURCE, type TextDiagnostic } from '../../server/src/protocol';
import { addConnection } from './addConnection';
import { DomainTreeProvider, type DomainTreeNode } from './domainTree';
import { dialogQuestions, LIBVIRT_SCHEME, LibvirtFileSystemProvider, objectUri } from './libvirtFs';
import { capitalNoun, describeProblems, LiveDomainStore } from './liveDomainStore';
import { SaveReporter, DEFINED_SCHEME } from './saveReport';
import { CheckUnavailableError, type LiveChecker } from './serverChecks';
import { LIVE_KINDS, liveKindOf, type LiveKind, ThrowawayLibvirt, UNTRUSTED_MESSAGE, Virsh, VirshError, type ExecFn } from './virsh';

/** Command ids of the live-domain features (declared in protocol.ts and package.json). */
export const LIVE_COMMANDS = {
  openDomain: Commands.openDomain,
  openNetwork: Commands.openNetwork,
  openPool: Commands.openPool,
  defineFile: Commands.defineFile,
  validateWithLibvirt: Commands.validateWithLibvirt,
  refreshDomains: Commands.refreshDomains,
} as const;

export const DOMAINS_VIEW_ID = 'libvirt.domains';

/** Name of the DiagnosticCollection of libvirt's verdicts (their `source` is 'libvirt'). */
export const LIBVIRT_VERDICT_COLLECTION = 'libvirt-virsh';

export interface LiveDomainsOptions {
  /** This project's checks for saves, Define and Validate with libvirt (the language server's). */
  checker: LiveChecker;
  /** Process runner (tests inject one to observe or forbid spawning). */
  exec?: ExecFn;
  /** Workspace Trust; defaults to `vscode.workspace.isTrusted`. */
  isTrusted?: () => boolean;
  /** A QEMU capabilities cache to start "Validate with libvirt" from (saves the first probe). */
  qemuCapabilitiesCache?: string;
}

/**
 * A machine-scoped setting from the user (or remote machine) settings only: a workspace
 * could otherwise point virsh at a program or a connection of its choosing.
 */
export function machineSetting<T>(key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration('libvirt').inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

export function configuredConnections(): Record<string, string> {
  const value = machineSetting<Record<string, unknown>>('connections') ?? {};
  const out: Record<string, string> = {};
  for (const [name, uri] of Object.entries(value)) if (typeof uri === 'string' && uri.trim()) out[name] = uri.trim();
  return out;
}

const SEVERITY: Record<TextDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function toDiagnostic(d: TextDiagnostic): vscode.Diagnostic {
  const { start, end } = d.range;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = d.ruleId;
  return diagnostic;
}

/** What registerLiveDomains made, for the extension and its tests. */
export interface LiveDomains {
  store: LiveDomainStore;
  tree: DomainTreeProvider;
  provider: LibvirtFileSystemProvider;
  diagnostics: vscode.DiagnosticCollection;
  oracle: ThrowawayLibvirt;
  saveReporter: SaveReporter;
}

/**
 * Live libvirt domains, networks and storage pools: the `libvirt:` file system, the
 * Explorer view of connections and their domains, networks and pools, and the open /
 * define / validate-with-libvirt commands. In an untrusted
 * workspace every command says so and no process is started.
 */
export function registerLiveDomains(context: vscode.ExtensionContext, options: LiveDomainsOptions): LiveDomains {
  const isTrusted = options.isTrusted ?? (() => vscode.workspace.isTrusted);
  const makeVirsh = () => new Virsh({ virshPath: machineSetting<string>('virshPath'), exec: options.exec, isTrusted });
  let virsh = makeVirsh();
  const { checker } = options;
  const store = new LiveDomainStore(virsh, (name) => configuredConnections()[name], checker);
  const makeOracle = () => new ThrowawayLibvirt(virsh, { seedCache: options.qemuCapabilitiesCache, asQemuType: async (text) => (await checker.asQemuType({ text })).text });
  let oracle = makeOracle();
  const tree = new DomainTreeProvider(configuredConnections, () => virsh, isTrusted);
  // What libvirt dropped or filled in on each save, with a read-only diff.
  const saveReporter = new SaveReporter(checker, (line) => console.warn(line));
  const provider = new LibvirtFileSystemProvider(store, isTrusted, dialogQuestions, (connection, domain, sent, stored) => saveReporter.report(connection, domain, sent, stored));
  // Not 'libvirt', the language client's collection: VS Code keeps markers per owner, which
  // it derives from this name, and the two sets must not replace each other on one file.
  const diagnostics = vscode.languages.createDiagnosticCollection(LIBVIRT_VERDICT_COLLECTION);
  const live: LiveDomains = { store, tree, provider, diagnostics, oracle, saveReporter };

  const refuseUntrusted = (): boolean => {
    if (isTrusted()) return false;
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    return true;
  };
  const showError = (error: unknown) => {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  };

  const pickConnection = async (): Promise<[string, string] | undefined> => {
    const entries = Object.entries(configuredConnections());
    if (entries.length === 0) {
      const choice = await vscode.window.showWarningMessage('No libvirt connections yet: add one (a name and a URI such as qemu:///system).', 'Add Connection');
      if (choice === 'Add Connection') await vscode.commands.executeCommand(Commands.addConnection);
      return undefined;
    }
    if (entries.length === 1) return entries[0];
    const picked = await vscode.window.showQuickPick(
      entries.map(([name, uri]) => ({ label: name, description: uri })),
      { placeHolder: 'libvirt connection' },
    );
    return picked ? [picked.label, picked.description] : undefined;
  };

  /** Opens a tree node's domain, network or pool, or (no node) the one picked from a connection's `kind`s. */
  const openObject = async (kind: LiveKind, node?: DomainTreeNode) => {
    if (refuseUntrusted()) return;
    let connection: string;
    let name: string;
    if (node && (node.kind === 'domain' || node.kind === 'network' || node.kind === 'pool')) {
      kind = node.kind;
      connection = node.connection;
      name = node.name;
    } else {
      const conn = await pickConnection();
      if (!conn) return;
      let items: { name: string; state?: string }[];
      try {
        items = kind === 'domain' ? await virsh.listDomains(conn[1]) : await virsh.listWithActivity(conn[1], kind);
      } catch (error) {
        return showError(error);
      }
      if (items.length === 0) return void vscode.window.showInformationMessage(`No ${LIVE_KINDS[kind].noun}s on ${conn[0]} (${conn[1]}).`);
      const picked = await vscode.window.showQuickPick(
        items.map((d) => ({ label: d.name, description: d.state })),
        { placeHolder: `${capitalNoun(kind)} on ${conn[0]} (${conn[1]})` },
      );
      if (!picked) return;
      connection = conn[0];
      name = picked.label;
    }
    const document = await vscode.workspace.openTextDocument(objectUri(connection, kind, name));
    await vscode.window.showTextDocument(document);
  };

  const defineFile = async () => {
    if (refuseUntrusted()) return;
    const editor = vscode.window.activeTextEditor;
    if (!editor) return void vscode.window.showWarningMessage('Open a libvirt domain, network or storage pool XML file to define it.');
    const text = editor.document.getText();
    let checked: CheckTextResult;
    try {
      checked = await checker.checkText({ uri: editor.document.uri.toString(), text });
    } catch (error) {
      return showError(new Error(`Not defined: ${error instanceof Error ? error.message : String(error)}`));
    }
    // Keyed on the root element: <domain> → define, <network> → net-define, <pool> → pool-define.
    const kind = liveKindOf(checked.root);
    const name = checked.name;
    if (!kind || !name) return void vscode.window.showErrorMessage('This document has no <domain>, <network> or <pool> with a <name>: there is nothing to define.');
    const Noun = capitalNoun(kind);
    const problems = checked.diagnostics;
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) return void vscode.window.showErrorMessage(`Not defined: fix ${errors.length} error${errors.length === 1 ? '' : 's'} first.`, { modal: true, detail: describeProblems(errors, 5) });
    const warnings = problems.filter((p) => p.severity === 'warning');
    if (warnings.length && !(await dialogQuestions().saveDespiteWarnings(warnings))) return;
    const conn = await pickConnection();
    if (!conn) return;
    try {
      const existing = (await virsh.listObjects(conn[1], kind)).includes(name);
      if (existing) {
        const choice = await vscode.window.showWarningMessage(`${Noun} '${name}' exists on ${conn[0]}. Replace its definition with this file?`, { modal: true }, 'Replace');
        if (choice !== 'Replace') return;
      }
      await virsh.defineObject(conn[1], kind, text);
      store.forget(conn[0], name, kind);
      tree.refresh();
      void vscode.window.showInformationMessage(`${Noun} '${name}' defined on ${conn[0]}.`);
    } catch (error) {
      showError(error instanceof VirshError && error.kind === 'failed' ? new Error(`libvirt rejected the ${LIVE_KINDS[kind].noun} definition: ${error.message}`) : error);
    }
  };

  const validateWithLibvirt = async () => {
    if (refuseUntrusted()) return;
    const editor = vscode.window.activeTextEditor;
    if (!editor) return void vscode.window.showWarningMessage('Open a libvirt domain, network or storage pool XML file to validate it.');
    const document = editor.document;
    const text = document.getText();
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Validating with libvirt', cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          // The root element picks libvirt's command: define, net-define or pool-define. A device
          // file, or a text without a root (libvirt reports why), goes to define.
          const checked = await checker.checkText({ uri: document.uri.toString(), text });
          const kind = liveKindOf(checked.root) ?? (checked.root === null || checked.kind === 'device' ? 'domain' : undefined);
          if (!kind) {
            void vscode.window.showWarningMessage(`Validate with libvirt checks <domain>, <network> and <pool> documents (and device files); libvirt has no throwaway check for <${checked.root}>.`);
            return;
          }
          const noun = LIVE_KINDS[kind].noun;
          const verdicts = await oracle.validate(text, { signal: abort.signal, kind });
          // Placed (and given the `libvirt.lint.libvirt` severity) by the language server, in the text libvirt saw.
          const found = (await checker.libvirtDiagnostics({ uri: document.uri.toString(), text, verdicts })).diagnostics.map(toDiagnostic);
          diagnostics.set(document.uri, found);
          const skipped = verdicts.filter((v) => v.skipped).map((v) => v.skipped);
          const ran = verdicts.filter((v) => !v.skipped).map((v) => (v.driver === 'qemu' ? 'QEMU driver' : 'generic parser'));
          if (found.length === 0) void vscode.window.showInformationMessage(`libvirt accepts this ${noun} (${ran.join(' and ')}).${skipped.length ? ' ' + skipped.join(' ') : ''}`);
          else void vscode.window.showWarningMessage(`libvirt rejects this ${noun}: ${found[0].message}${skipped.length ? ' ' + skipped.join(' ') : ''}`);
        } catch (error) {
          showError(error instanceof CheckUnavailableError ? new Error(`libvirt's verdict cannot be shown: ${error.message}`) : error);
        } finally {
          sub.dispose();
        }
      },
    );
  };

  // The client-side command table of live domains (test/unit/commandTable.test.ts reads it).
  const commands: Record<string, (...args: never[]) => unknown> = {
    [Commands.openDomain]: (node?: DomainTreeNode) => openObject('domain', node),
    [Commands.openNetwork]: (node?: DomainTreeNode) => openObject('network', node),
    [Commands.openPool]: (node?: DomainTreeNode) => openObject('pool', node),
    [Commands.defineFile]: defineFile,
    [Commands.validateWithLibvirt]: validateWithLibvirt,
    [Commands.refreshDomains]: () => tree.refresh(),
    // Writes a setting only, runs no virsh: allowed in an untrusted workspace too.
    [Commands.addConnection]: () => addConnection(() => tree.refresh()),
  };

  context.subscriptions.push(
    diagnostics,
    vscode.workspace.registerFileSystemProvider(LIBVIRT_SCHEME, provider, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(DEFINED_SCHEME, saveReporter),
    vscode.window.registerTreeDataProvider(DOMAINS_VIEW_ID, tree),
    ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
    // libvirt's verdict was about the text it saw; an edit makes it stale.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) diagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.scheme === LIBVIRT_SCHEME) provider.noteSaveReason(e.document.uri, e.reason);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('libvirt.virshPath')) {
        virsh = makeVirsh();
        store.virsh = virsh;
        oracle.disposeSync();
        oracle = makeOracle();
        live.oracle = oracle;
      }
      if (e.affectsConfiguration('libvirt.connections') || e.affectsConfiguration('libvirt.virshPath')) tree.refresh();
    }),
    { dispose: () => oracle.disposeSync() },
  );
  return live;
}
