/// <reference types="mocha" />
// Hover, completion and snippets. The service's own answer on the same text is the reference,
// so these tests keep up with the facts tables; they skip only while the service has no such
// feature at all (it arrives in its own change), never because the editor shows nothing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LanguageService } from '../../../server/src/service/languageService';
import { activateExtension, closeAll, open } from './helpers';

interface ServiceEditorFeatures {
  hover?: (doc: unknown, offset: number, kind?: 'markdown' | 'plaintext') => { contents: string } | null;
  complete?: (doc: unknown, offset: number, options?: { snippets?: boolean }) => { label: string }[];
}

const service = new LanguageService();
const features = service as unknown as ServiceEditorFeatures;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

suite('hover, completion and snippets in a real VS Code', () => {
  let ext: vscode.Extension<unknown>;
  suiteSetup(async () => {
    ext = await activateExtension();
  });
  teardown(closeAll);

  test('hover over the cache attribute shows the cache-mode doc', async function () {
    if (typeof features.hover !== 'function') this.skip();
    const editor = await open('cluster-node.xml');
    const line = editor.document.lineAt(8).text;
    const position = new vscode.Position(8, line.indexOf('cache=') + 2);
    const reference = features.hover!(service.parse(editor.document.getText()), editor.document.offsetAt(position), 'markdown');
    assert.ok(reference?.contents, 'the service has a hover for cache');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hoverText(hovers);
    assert.ok(text.includes(reference.contents), `hover shown:\n${text}\n--- expected to contain:\n${reference.contents}`);
    for (const mode of ['none', 'writeback', 'directsync']) assert.ok(text.includes(mode), `the doc names cache='${mode}'`);
  });

  test('completion inside <driver cache="|"> offers the cache modes', async function () {
    if (typeof features.complete !== 'function') this.skip();
    const editor = await open('cluster-node.xml');
    const line = editor.document.lineAt(8).text;
    const start = line.indexOf("cache='writeback'");
    await editor.edit((b) => b.replace(new vscode.Range(8, start, 8, start + "cache='writeback'".length), 'cache=""'));
    const position = new vscode.Position(8, start + 'cache="'.length);
    const reference = features.complete!(service.parse(editor.document.getText()), editor.document.offsetAt(position), { snippets: true });
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      position,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const mode of ['none', 'directsync', 'writeback', 'writethrough', 'unsafe']) {
      assert.ok(labels.includes(mode), `cache='${mode}' is offered; got ${labels.join(', ')}`);
    }
    const missing = reference.map((r) => r.label).filter((l) => !labels.includes(l));
    assert.deepEqual(missing, [], 'every entry of the service reaches the editor');
  });

  test('the libvirt snippets are offered in a domain\'s <devices>, not in other XML', async () => {
    const snippetLabels = async (editor: vscode.TextEditor, position: vscode.Position) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position, '<');
      return list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const editor = await open('cluster-node.xml');
    const devices = editor.document.getText().indexOf('  </devices>');
    const at = editor.document.positionAt(devices);
    assert.ok(await editor.edit((b) => b.insert(at, '    <\n')));
    const labels = await snippetLabels(editor, at.translate(0, 5));
    for (const want of ['libvirt-disk-virtio', 'libvirt-disk-shared', 'libvirt-controller-virtio-scsi']) assert.ok(labels.includes(want), `${want} offered; got ${labels.join(', ')}`);
    // No contributed snippet file: nothing shows up in XML that is not libvirt's.
    assert.equal((ext.packageJSON as { contributes?: { snippets?: unknown } }).contributes?.snippets, undefined);
    // The same <devices> under another root: no snippets.
    const other = await open('not-a-domain.xml');
    const otherAt = other.document.positionAt(other.document.getText().indexOf('  </devices>'));
    assert.ok(await other.edit((b) => b.insert(otherAt, '    <\n')));
    assert.deepEqual(await snippetLabels(other, otherAt.translate(0, 5)), []);
  });
});
