/// <reference types="mocha" />
// Hover, completion and snippets. The service's own answer on the same text is the reference,
// so these tests keep up with the facts tables; they skip only while the service has no such
// feature at all (it arrives in its own change), never because the editor shows nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
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

/** A snippet body with its placeholders replaced by their defaults (first choice). */
function expandPlaceholders(line: string): string {
  return line
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
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

  test('every contributed snippet is registered and inserts its body', async function () {
    const contributed =
      (ext.packageJSON as { contributes?: { snippets?: { language: string; path: string }[] } }).contributes?.snippets ?? [];
    if (contributed.length === 0) this.skip();
    let count = 0;
    for (const file of contributed) {
      const snippets = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, file.path), 'utf8')) as Record<
        string,
        { body: string | string[] }
      >;
      for (const [name, snippet] of Object.entries(snippets)) {
        const doc = await vscode.workspace.openTextDocument({ language: file.language, content: '' });
        const editor = await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: file.language, name });
        const body = Array.isArray(snippet.body) ? snippet.body : [snippet.body];
        const first = expandPlaceholders(body[0]).trim();
        assert.ok(
          editor.document.getText().trimStart().startsWith(first),
          `snippet "${name}" inserted:\n${editor.document.getText()}\n--- expected to start with: ${first}`,
        );
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        count++;
      }
    }
    assert.ok(count > 0, 'the snippet files hold snippets');
  });
});
