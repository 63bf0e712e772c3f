/// <reference types="mocha" />
// "Add Connection" (the button of the empty libvirt Domains view): the input boxes are
// stubbed; the setting is written where the extension reads it (user settings locally, the
// remote machine's settings in code-server / Remote-SSH, as libvirt.connections is machine-scoped).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activateExtension, closeAll, waitFor } from './helpers';

type InputBox = typeof vscode.window.showInputBox;

function virshAvailable(): boolean {
  try {
    execFileSync('virsh', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

suite('Add Connection in a real VS Code', () => {
  const original = vscode.window.showInputBox;
  const asked: vscode.InputBoxOptions[] = [];
  /** Answers the input boxes in turn; `null` keeps the box's proposed value (the default). */
  function answer(...answers: (string | null | undefined)[]): void {
    const queue = [...answers];
    const stub = (async (options?: vscode.InputBoxOptions) => {
      asked.push(options ?? {});
      const a = queue.shift();
      if (a === null) return options?.value;
      if (a !== undefined && options?.validateInput) {
        const problem = await options.validateInput(a);
        assert.equal(problem ?? undefined, undefined, `the stubbed answer '${a}' is refused: ${JSON.stringify(problem)}`);
      }
      return a;
    }) as InputBox;
    (vscode.window as { showInputBox: InputBox }).showInputBox = stub;
    assert.equal(vscode.window.showInputBox, stub, 'the input box could not be stubbed');
  }
  const connections = () => vscode.workspace.getConfiguration('libvirt').inspect<Record<string, string>>('connections')?.globalValue;

  suiteSetup(async () => {
    await activateExtension();
    await vscode.workspace.getConfiguration('libvirt').update('connections', undefined, vscode.ConfigurationTarget.Global);
  });
  teardown(async () => {
    (vscode.window as { showInputBox: InputBox }).showInputBox = original;
    asked.length = 0;
    await vscode.workspace.getConfiguration('libvirt').update('connections', undefined, vscode.ConfigurationTarget.Global);
    await closeAll();
  });

  test('asks for a name and a URI (default qemu:///system) and writes libvirt.connections where it is read', async () => {
    answer('lab', null);
    const added = await vscode.commands.executeCommand<string | undefined>(Commands.addConnection);
    assert.equal(added, 'lab');
    assert.equal(asked.length, 2);
    assert.equal(asked[1].value, 'qemu:///system');
    await waitFor(connections, (c) => c?.lab === 'qemu:///system', 'the connection in the settings');
    console.log(`Add Connection wrote to ${vscode.env.remoteName ? `the remote machine's settings (${vscode.env.remoteName})` : 'the user settings'}`);
    // A second one is added next to it; a name in use is refused by the input box.
    answer('session', 'qemu:///session');
    await vscode.commands.executeCommand(Commands.addConnection);
    await waitFor(connections, (c) => c?.session === 'qemu:///session' && c?.lab === 'qemu:///system', 'both connections');
    const nameBox = asked[2];
    assert.match(String(await nameBox.validateInput?.('LAB')), /exists already/);
  });

  test('cancelling either input box writes nothing', async () => {
    answer(undefined);
    assert.equal(await vscode.commands.executeCommand(Commands.addConnection), undefined);
    answer('x', undefined);
    assert.equal(await vscode.commands.executeCommand(Commands.addConnection), undefined);
    assert.equal(connections(), undefined);
  });

  test('a connection added this way serves libvirt: documents', async function () {
    if (!virshAvailable()) this.skip();
    answer('added', 'test:///default');
    await vscode.commands.executeCommand(Commands.addConnection);
    await waitFor(connections, (c) => c?.added === 'test:///default', 'the connection');
    // test:///default always holds a domain named 'test'.
    await vscode.commands.executeCommand(Commands.openDomain, { kind: 'domain', connection: 'added', name: 'test' });
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), 'libvirt://added/test.xml');
    assert.match(editor!.document.getText(), /<name>test<\/name>/);
  });
});
