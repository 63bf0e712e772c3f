/// <reference types="mocha" />
// Live libvirt domains through the real UI's APIs: the libvirt: file system, the language
// server's diagnostics and quick fixes on it, saves through `virsh define`, and "Validate
// with libvirt". libvirt's state lives in a private qemu:///embed root (no daemon).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibvirtXmlApi } from '../../../client/src/extension';
import { activateExtension, closeAll, codeOf, libvirtDiagnostics, waitFor } from './helpers';

function available(): boolean {
  try {
    execFileSync('virsh', ['--version'], { stdio: 'ignore' });
  } catch {
    return false;
  }
  return fs.existsSync('/usr/bin/qemu-system-x86_64');
}

const DOMAIN = `<domain type='qemu'>
  <name>demo</name>
  <memory unit='MiB'>256</memory>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source file='/var/lib/libvirt/images/demo.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;

const SHARED_DISK = `  <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='writeback'/>
      <source file='/var/lib/libvirt/images/shared.img'/>
      <target dev='vdb' bus='virtio'/>
      <shareable/>
    </disk>
  `;

suite('live libvirt domains in a real VS Code', function () {
  let root = '';
  let uri = '';
  const virsh = (...args: string[]) => execFileSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

  /**
   * Replaces `range` with `text` and saves: the save must be refused with the edit kept in the
   * editor (dirty, text unchanged) and libvirt's copy of domain demo still `before`.
   */
  async function editAndExpectRefusedSave(editor: vscode.TextEditor, range: vscode.Range, text: string, before: string): Promise<void> {
    assert.ok(await editor.edit((b) => b.replace(range, text)));
    const edited = editor.document.getText();
    assert.equal(await editor.document.save(), false);
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), edited);
    assert.equal(virsh('dumpxml', '--inactive', '--domain', 'demo'), before);
  }

  suiteSetup(async function () {
    if (!available()) this.skip();
    await activateExtension();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-e2e-'));
    const conf = 'user = "root"\ngroup = "root"\nsecurity_driver = "none"\n';
    fs.mkdirSync(path.join(root, 'etc', 'qemu'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc', 'qemu.conf'), conf);
    fs.writeFileSync(path.join(root, 'etc', 'qemu', 'qemu.conf'), conf);
    uri = `qemu:///embed?root=${encodeURIComponent(root)}`;
    fs.writeFileSync(path.join(root, 'demo.xml'), DOMAIN);
    virsh('define', '--file', path.join(root, 'demo.xml'));
    await vscode.workspace.getConfiguration('libvirt').update('connections', { e2e: uri }, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('libvirt').update('connections', undefined, vscode.ConfigurationTarget.Global);
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  teardown(closeAll);

  test('open a domain, fix what the language server finds, save it back through libvirt', async () => {
    await vscode.commands.executeCommand('libvirt.openDomain', { kind: 'domain', connection: 'e2e', name: 'demo' });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), 'libvirt://e2e/demo.xml');
    assert.equal(editor.document.getText(), virsh('dumpxml', '--inactive', '--domain', 'demo'));
    const at = editor.document.positionAt(editor.document.getText().indexOf('</devices>'));
    assert.ok(await editor.edit((b) => b.insert(at, SHARED_DISK)));
    const [diag] = await waitFor(
      () => libvirtDiagnostics(editor.document.uri).filter((d) => codeOf(d) === 'shared-disk-cache-enabled'),
      (ds) => ds.length === 1,
      'the shared-disk warning on the libvirt: document',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(preferred[0].edit && (await vscode.workspace.applyEdit(preferred[0].edit)));
    // Other rules may leave infos or hints; a save asks about warnings and refuses errors.
    await waitFor(
      () => libvirtDiagnostics(editor.document.uri).filter((d) => codeOf(d) === 'shared-disk-cache-enabled' || d.severity <= vscode.DiagnosticSeverity.Warning).map(codeOf),
      (codes) => codes.length === 0,
      'no warning or error after the fix',
    );
    assert.equal(await editor.document.save(), true);
    assert.equal(editor.document.isDirty, false);
    const stored = virsh('dumpxml', '--inactive', '--domain', 'demo');
    assert.match(stored, /<source file='\/var\/lib\/libvirt\/images\/shared\.img'\/>/);
    assert.match(stored, /<shareable\/>/);
    assert.doesNotMatch(stored, /cache='writeback'/);
  });

  test('a save tells what libvirt dropped (the suppression comment) and filled in, with a read-only diff', async () => {
    const shown: string[] = [];
    const original = vscode.window.showWarningMessage;
    // Notifications (not modal questions) are answered "Show Diff".
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, ...rest: unknown[]) => {
      if (typeof rest[0] === 'object' && rest[0] !== null && (rest[0] as { modal?: boolean }).modal) return (original as (...a: unknown[]) => unknown)(message, ...rest);
      shown.push(message);
      return Promise.resolve(rest.includes('Show Diff') ? 'Show Diff' : undefined);
    };
    try {
      await vscode.commands.executeCommand('libvirt.openDomain', { kind: 'domain', connection: 'e2e', name: 'demo' });
      const editor = vscode.window.activeTextEditor!;
      const at = editor.document.positionAt(editor.document.getText().indexOf('  <devices>'));
      assert.ok(await editor.edit((b) => b.insert(at, '  <!-- libvirt-lint-disable-next-line cache-unsafe -->\n')));
      assert.equal(await editor.document.save(), true);
      const [message] = await waitFor(() => shown, (m) => m.length > 0, 'the save notification');
      assert.match(message, /^Saved 'demo', but libvirt did not keep 1 suppression comment/);
      const diffTab = await waitFor(
        () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
        (t) => t !== undefined,
        'the diff editor',
      );
      const input = diffTab!.input as vscode.TabInputTextDiff;
      assert.equal(input.original.scheme, 'libvirt-defined');
      assert.equal(input.modified.scheme, 'libvirt-defined');
      const sent = await vscode.workspace.openTextDocument(input.original);
      const stored = await vscode.workspace.openTextDocument(input.modified);
      assert.match(sent.getText(), /libvirt-lint-disable-next-line cache-unsafe/);
      assert.doesNotMatch(stored.getText(), /libvirt-lint-disable/);
      assert.equal(stored.getText(), virsh('dumpxml', '--inactive', '--domain', 'demo'));
      // The user's text stays in the editor, comment included.
      assert.match(editor.document.getText(), /libvirt-lint-disable-next-line cache-unsafe/);
    } finally {
      (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    }
  });

  test('a save libvirt rejects keeps the edited text in the editor, unsaved', async () => {
    await vscode.commands.executeCommand('libvirt.openDomain', { kind: 'domain', connection: 'e2e', name: 'demo' });
    const editor = vscode.window.activeTextEditor!;
    const before = virsh('dumpxml', '--inactive', '--domain', 'demo');
    const text = editor.document.getText();
    const start = text.indexOf('<emulator>');
    const end = text.indexOf('</emulator>') + '</emulator>'.length;
    assert.ok(start > 0);
    const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(end));
    await editAndExpectRefusedSave(editor, range, '<emulator>/nonexistent/qemu-system-x86_64</emulator>', before);
  });

  test('auto save leaves libvirt alone and the edit unsaved', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('libvirt.openDomain', { kind: 'domain', connection: 'e2e', name: 'demo' });
      const editor = vscode.window.activeTextEditor!;
      const before = virsh('dumpxml', '--inactive', '--domain', 'demo');
      const at = editor.document.positionAt(editor.document.getText().indexOf('</devices>'));
      assert.ok(await editor.edit((b) => b.insert(at, '<!-- typed -->\n  ')));
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(editor.document.isDirty, true);
      assert.equal(virsh('dumpxml', '--inactive', '--domain', 'demo'), before);
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('"Validate with libvirt" shows libvirt\'s verdict as diagnostics', async () => {
    const dup = DOMAIN.replace('  </devices>', "    <disk type='file' device='disk'>\n      <source file='/b.img'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n  </devices>");
    const doc = await vscode.workspace.openTextDocument({ language: 'xml', content: dup });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('libvirt.validateWithLibvirt');
    const found = await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d) === 'libvirt'),
      (ds) => ds.length === 2,
      "libvirt's duplicate-target verdict",
    );
    assert.deepEqual(found.map((d) => d.range.start.line).sort(), [10, 14]);
    assert.ok(found.every((d) => d.source === 'libvirt' && /target 'vda' duplicated/.test(d.message)));
  });

  test('with the language server stopped a save is refused and the edit kept; once it runs again the save goes through', async () => {
    const api = (await activateExtension()).exports as LibvirtXmlApi;
    const client = api.languageClient();
    assert.ok(client);
    assert.ok(client.isRunning());
    await vscode.commands.executeCommand('libvirt.openDomain', { kind: 'domain', connection: 'e2e', name: 'demo' });
    const editor = vscode.window.activeTextEditor!;
    const before = virsh('dumpxml', '--inactive', '--domain', 'demo');
    const text = editor.document.getText();
    const at = text.indexOf('<on_crash>destroy</on_crash>');
    assert.ok(at > 0, text);
    const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + '<on_crash>destroy</on_crash>'.length));
    // Stopped before the edit: a change still queued for a stopped client makes
    // vscode-languageclient report "Starting server failed" on its own.
    await client.stop();
    try {
      await editAndExpectRefusedSave(editor, range, '<on_crash>restart</on_crash>', before);
    } finally {
      await client.start();
    }
    assert.ok(client.isRunning());
    assert.equal(await editor.document.save(), true);
    assert.equal(editor.document.isDirty, false);
    assert.match(virsh('dumpxml', '--inactive', '--domain', 'demo'), /<on_crash>restart<\/on_crash>/);
  });
});
