import * as vscode from 'vscode';

export const DEFAULT_CONNECTION_URI = 'qemu:///system';

/** A connection name is the authority of `libvirt://<name>/<domain>.xml`: no separators. */
export function connectionNameProblem(name: string, existing: Record<string, unknown>): string | undefined {
  const n = name.trim();
  if (!n) return 'Give the connection a name, e.g. system.';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(n)) return 'Use letters, digits, ".", "_" and "-" only (the name goes into libvirt://<name>/<domain>.xml).';
  if (Object.keys(existing).some((k) => k.toLowerCase() === n.toLowerCase())) return `A connection named '${n}' exists already: pick another name, or edit libvirt.connections in the settings.`;
  return undefined;
}

/** What virsh -c accepts: a libvirt URI (`driver[+transport]://[user@host]/path[?params]`). */
export function connectionUriProblem(uri: string): string | undefined {
  const u = uri.trim();
  if (!u) return `Give a libvirt URI, e.g. ${DEFAULT_CONNECTION_URI}.`;
  if (!/^[a-z][a-z0-9]*(\+[a-z0-9]+)?:\/\/[^\s]*$/i.test(u)) return 'Not a libvirt URI: expected e.g. qemu:///system, qemu:///session, qemu+ssh://user@host/system or test:///default.';
  return undefined;
}

/**
 * "libvirt: Add Connection…": asks for a name and a URI and adds them to
 * `libvirt.connections`. The setting is machine-scoped and read from user settings only
 * (liveDomains.ts machineSetting), so it is written with ConfigurationTarget.Global: locally
 * that is the user settings; in a remote window (Remote-SSH, code-server: env.remoteName is
 * set) VS Code writes machine-scoped settings to the remote machine's settings, where virsh
 * runs and where the User tab does not show them. Nothing is written when the user cancels.
 * Returns the name added, or undefined.
 */
export async function addConnection(onAdded: () => void): Promise<string | undefined> {
  const config = vscode.workspace.getConfiguration('libvirt');
  const current = (config.inspect<Record<string, unknown>>('connections')?.globalValue ?? {}) as Record<string, unknown>;
  const name = await vscode.window.showInputBox({
    title: 'Add libvirt Connection (1/2)',
    prompt: 'A name for the connection (used in libvirt://<name>/<domain>.xml)',
    placeHolder: 'system',
    value: Object.keys(current).length === 0 ? 'system' : '',
    ignoreFocusOut: true,
    validateInput: (v) => connectionNameProblem(v, current),
  });
  if (name === undefined || connectionNameProblem(name, current)) return undefined;
  const uri = await vscode.window.showInputBox({
    title: 'Add libvirt Connection (2/2)',
    prompt: `libvirt URI of '${name.trim()}' (as for virsh -c)`,
    value: DEFAULT_CONNECTION_URI,
    ignoreFocusOut: true,
    validateInput: connectionUriProblem,
  });
  if (uri === undefined || connectionUriProblem(uri)) return undefined;
  const added = name.trim();
  try {
    await config.update('connections', { ...current, [added]: uri.trim() }, vscode.ConfigurationTarget.Global);
  } catch (error) {
    void vscode.window.showErrorMessage(`The connection was not added: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  onAdded();
  const where = vscode.env.remoteName ? `the settings of the remote machine (${vscode.env.remoteName})` : 'your user settings';
  void vscode.window.showInformationMessage(`libvirt connection '${added}' (${uri.trim()}) added to ${where}.`);
  return added;
}
