/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activateExtension, closeAll, expectedText, libvirtDiagnostics, open, waitFor } from './helpers';

interface ContributedCommand {
  command: string;
  title: string;
}

suite('contributed commands in a real VS Code', () => {
  let contributed: ContributedCommand[] = [];
  suiteSetup(async () => {
    const ext = await activateExtension();
    contributed = (ext.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? [];
  });
  teardown(closeAll);

  test('every command in package.json is registered', async () => {
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  test(`${Commands.fixAll} on the active editor gives the fix-all text`, async () => {
    const editor = await open('cluster-node.xml');
    await waitFor(() => libvirtDiagnostics(editor.document.uri).length, (n) => n >= 2, 'diagnostics');
    await vscode.commands.executeCommand(Commands.fixAll);
    await waitFor(() => editor.document.getText(), (t) => t !== '' && t === expectedText('cluster-node.fixall.xml'), 'the fixed text');
  });

  test(`${Commands.showOutput} runs`, async () => {
    await vscode.commands.executeCommand(Commands.showOutput);
  });

  test(`${Commands.restartServer} restarts the server and diagnostics come back`, async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    await waitFor(() => libvirtDiagnostics(uri).length, (n) => n >= 2, 'diagnostics before the restart');
    await vscode.commands.executeCommand(Commands.restartServer);
    // The client clears its diagnostics when the server stops; a new server publishes them again.
    await waitFor(() => libvirtDiagnostics(uri).length, (n) => n >= 2, 'diagnostics from the restarted server', 30_000);
    const edited = await editor.edit((b) => b.insert(new vscode.Position(0, 0), '<!-- after restart -->\n'));
    assert.ok(edited);
    await waitFor(() => libvirtDiagnostics(uri).map((d) => d.range.start.line), (lines) => lines.includes(9), 'diagnostics moved by the edit');
  });
});
