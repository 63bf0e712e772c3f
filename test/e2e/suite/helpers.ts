// Shared by the extension-host suites: they run inside a real VS Code (code-server through
// test/e2e/shim.ts, or a desktop VS Code) with the real `vscode` API and the real language
// client talking to dist/server.js.
/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'libvirt-xml.libvirt-xml';

/** test/e2e/fixtures, from dist/test/suite/ (bundled) or an override for other layouts. */
export const fixturesDir =
  process.env.LIBVIRT_E2E_FIXTURES ?? path.resolve(__dirname, '..', '..', '..', 'test', 'e2e', 'fixtures');

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (the copy of test/e2e/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function expectedText(name: string): string {
  return fs.readFileSync(path.join(fixturesDir, 'expected', name), 'utf8');
}

export function expectedJson<T>(name: string): T {
  return JSON.parse(expectedText(name)) as T;
}

/** Opens a workspace file as the fixture has it (a change an earlier test left is reverted). */
export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  const editor = await vscode.window.showTextDocument(doc);
  const original = fs.readFileSync(path.join(fixturesDir, 'workspace', name), 'utf8');
  // Revert also reloads a clean document from disk: after restoreWorkspaceFiles put a file
  // back, the workbench may still hold the saved text until its file watcher catches up.
  if (doc.isDirty || doc.getText() !== original) await vscode.commands.executeCommand('workbench.action.files.revert');
  if (doc.getText() !== original) await waitFor(() => doc.getText(), (t) => t === original, `${name} as the fixture has it`, 5000).catch(() => undefined);
  assert.equal(doc.getText(), original, `${name} differs from the fixture (a test saved a change?)`);
  return editor;
}

/**
 * Throws away every unsaved change (visible or not) and closes every editor, so that no
 * "save changes?" dialog blocks the workbench and each test starts from the files.
 */
export async function closeAll(this: Mocha.Context | void): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  restoreWorkspaceFiles(this?.currentTest?.fullTitle() ?? 'a test');
}

/**
 * Puts back any workspace file that no longer matches its fixture on disk, saying which
 * test left it so: the tests never save, so a change on disk came from the workbench (an
 * edit applied to a closed document is saved by VS Code), and later tests must not inherit it.
 */
function restoreWorkspaceFiles(testTitle: string): void {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const source = path.join(fixturesDir, 'workspace');
  for (const name of fs.readdirSync(source)) {
    const copy = path.join(folder.uri.fsPath, name);
    const original = fs.readFileSync(path.join(source, name), 'utf8');
    if (fs.existsSync(copy) && fs.readFileSync(copy, 'utf8') !== original) {
      console.log(`WARNING: after "${testTitle}", ${name} was changed on disk; restored from the fixture`);
      fs.writeFileSync(copy, original);
    }
  }
}

/**
 * Resolves with `probe()`'s value once `accept` holds, re-checking whenever diagnostics or
 * documents change (and every 100 ms); fails with `describe(last value)` after `timeoutMs`.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last, null, 1)}`);
    }
    await new Promise<void>((resolve) => {
      const subs = [
        vscode.languages.onDidChangeDiagnostics(() => done()),
        vscode.workspace.onDidChangeTextDocument(() => done()),
      ];
      const timer = setTimeout(() => done(), 100);
      function done() {
        clearTimeout(timer);
        subs.forEach((s) => s.dispose());
        resolve();
      }
    });
    last = await probe();
  }
  return last;
}

export const severityName: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export function rangeText(r: vscode.Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

/** Our diagnostics only (other XML extensions may add their own). */
export function libvirtDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'libvirt');
}

export interface ExpectedDiagnostic {
  code: string;
  range: string;
  severity: string;
  message?: string;
}

export function summary(d: vscode.Diagnostic): ExpectedDiagnostic {
  return { code: codeOf(d), range: rangeText(d.range), severity: severityName[d.severity], message: d.message };
}

/** The rule setting, written to the workspace folder's .vscode/settings.json. */
export async function setRuleLevel(ruleId: string, level: string | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration('libvirt', vscode.workspace.workspaceFolders?.[0])
    .update(`lint.${ruleId}`, level, vscode.ConfigurationTarget.WorkspaceFolder);
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  await ext.activate();
  return ext;
}
