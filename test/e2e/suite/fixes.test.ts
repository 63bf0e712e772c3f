/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAll, expectedText, libvirtDiagnostics, open, summary, waitFor } from './helpers';

async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit || action.command, `code action "${action.title}" has neither an edit nor a command`);
  if (action.edit) assert.equal(await vscode.workspace.applyEdit(action.edit), true, `applyEdit refused "${action.title}"`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

suite('quick fixes in a real VS Code', () => {
  suiteSetup(activateExtension);
  teardown(closeAll);

  test('the preferred quick fix for the unsafe shared disk gives the expected text', async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    const [diag] = await waitFor(
      () => libvirtDiagnostics(uri).filter((d) => summary(d).code === 'shared-disk-cache-enabled'),
      (ds) => ds.length === 1,
      'the shared-disk warning',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // The range holds this one diagnostic only. (vscode.executeCodeActionProvider does not
    // hand back CodeAction.diagnostics, so the actions cannot be matched to it that way.)
    const forDiag = actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
    const preferred = forDiag.filter((a) => a.isPreferred);
    assert.deepEqual(
      preferred.map((a) => a.title),
      ["Set <driver cache='none'>"],
      `actions offered: ${JSON.stringify(actions.map((a) => [a.title, a.isPreferred]))}`,
    );
    // The other safe cache mode is offered too, but not preferred.
    assert.ok(forDiag.some((a) => !a.isPreferred && a.title.includes('directsync')), 'a directsync alternative');
    await applyAction(preferred[0]);
    assert.equal(editor.document.getText(), expectedText('cluster-node.quickfix.xml'));
    // The fixed finding is gone; the unrelated one on the other disk stays.
    await waitFor(
      () => libvirtDiagnostics(uri).map((d) => summary(d).code),
      (codes) => !codes.includes('shared-disk-cache-enabled') && codes.includes('io-native-requires-direct-cache'),
      'diagnostics after the quick fix',
    );
  });

  test('"fix all" (source.fixAll.libvirt) gives the expected text', async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    await waitFor(() => libvirtDiagnostics(uri).length, (n) => n >= 2, 'diagnostics');
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      whole,
      'source.fixAll.libvirt',
    );
    const fixAll = actions.filter((a) => a.kind?.value === 'source.fixAll.libvirt');
    assert.equal(fixAll.length, 1, `actions: ${JSON.stringify(actions.map((a) => [a.title, a.kind?.value]))}`);
    await applyAction(fixAll[0]);
    assert.equal(editor.document.getText(), expectedText('cluster-node.fixall.xml'));
    await waitFor(
      () => libvirtDiagnostics(uri).filter((d) => ['shared-disk-cache-enabled', 'io-native-requires-direct-cache'].includes(summary(d).code)),
      (ds) => ds.length === 0,
      'no fixable findings left',
    );
  });
});
