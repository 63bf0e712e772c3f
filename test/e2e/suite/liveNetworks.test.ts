/// <reference types="mocha" />
// A live libvirt network through the real UI's APIs: found in the libvirt view, opened as
// libvirt://<connection>/networks/<name>.xml, edited and saved with net-define. No libvirt
// driver without a daemon keeps networks between virsh runs, so virsh is libvirt's test
// driver with the networks and pools kept in files (test/support/persistentTestDriver.ts,
// bundled to persistentVirsh.js next to this suite and set as libvirt.virshPath): every
// definition is still judged and formatted by the real virsh.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DomainTreeNodeOrMessage } from '../../../client/src/domainTree';
import type { LibvirtXmlApi } from '../../../client/src/extension';
import { NETWORK, NETWORK_RANGE } from '../../support/liveDocuments';
import { activateExtension, closeAll } from './helpers';

function available(): boolean {
  try {
    execFileSync('virsh', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HOST = "\n      <host mac='52:54:00:00:00:01' name='web' ip='192.0.2.5'/>";

suite('live libvirt networks in a real VS Code', function () {
  let dir = '';
  let virshScript = '';
  /** The program the extension runs as virsh, on the network's connection. */
  const virsh = (...args: string[]) => execFileSync(virshScript, ['-c', `test://${dir}/live-node.xml`, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  suiteSetup(async function () {
    if (!available()) this.skip();
    await activateExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-e2e-net-'));
    fs.mkdirSync(path.join(dir, 'network'));
    fs.mkdirSync(path.join(dir, 'pool'));
    // A desktop VS Code's extension host is Electron: ELECTRON_RUN_AS_NODE makes it node (node ignores it).
    virshScript = path.join(dir, 'virsh');
    fs.writeFileSync(virshScript, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec '${process.execPath}' '${path.join(__dirname, 'persistentVirsh.js')}' "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'lab.xml'), NETWORK);
    virsh('net-define', '--file', path.join(dir, 'lab.xml'), '--validate');
    const config = vscode.workspace.getConfiguration('libvirt');
    await config.update('virshPath', virshScript, vscode.ConfigurationTarget.Global);
    await config.update('connections', { e2enet: `test://${dir}/live-node.xml` }, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('libvirt');
    await config.update('connections', undefined, vscode.ConfigurationTarget.Global);
    await config.update('virshPath', undefined, vscode.ConfigurationTarget.Global);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  teardown(closeAll);

  test('a network found in the libvirt view opens as libvirt://…/networks/…, saves with net-define, and a refused save keeps the edit', async () => {
    const api = (await activateExtension()).exports as LibvirtXmlApi;
    const tree = api.libvirtView();
    // Walk the view as it is shown: the connection, its Networks group, the network.
    const connection = (await tree.getChildren()).find((n) => n.kind === 'connection' && n.name === 'e2enet');
    assert.ok(connection, 'the connection is in the view');
    const groups = await tree.getChildren(connection);
    assert.deepEqual(groups.map((g) => tree.getTreeItem(g).label), ['Domains', 'Networks', 'Storage Pools']);
    const networks = await tree.getChildren(groups[1]);
    const node = networks.find((n): n is Extract<DomainTreeNodeOrMessage, { kind: 'network' }> => n.kind === 'network' && n.name === 'lab');
    assert.ok(node, JSON.stringify(networks));
    const item = tree.getTreeItem(node);
    assert.equal(item.resourceUri?.toString(), 'libvirt://e2enet/networks/lab.xml');
    // What a click runs.
    assert.ok(item.command);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), 'libvirt://e2enet/networks/lab.xml');
    const stored = virsh('net-dumpxml', '--inactive', '--network', 'lab');
    assert.equal(editor.document.getText(), stored);

    // A static DHCP host, saved through net-define: libvirt keeps it as written.
    const range = stored.indexOf(NETWORK_RANGE) + NETWORK_RANGE.length;
    assert.ok(range >= NETWORK_RANGE.length, stored);
    assert.ok(await editor.edit((b) => b.insert(editor.document.positionAt(range), HOST)));
    assert.equal(await editor.document.save(), true);
    assert.equal(editor.document.isDirty, false);
    const after = virsh('net-dumpxml', '--inactive', '--network', 'lab');
    assert.equal(after, editor.document.getText(), 'libvirt stored the document as saved');
    assert.match(after, /<host mac='52:54:00:00:00:01' name='web' ip='192.0.2.5'\/>/);

    // libvirt refuses an unknown forward mode: the save fails, the edit stays, libvirt keeps its copy.
    const text = editor.document.getText();
    const at = text.indexOf("mode='nat'");
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + "mode='nat'".length)), "mode='bogus'")));
    const edited = editor.document.getText();
    assert.equal(await editor.document.save(), false);
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), edited);
    assert.equal(virsh('net-dumpxml', '--inactive', '--network', 'lab'), after);
  });
});
