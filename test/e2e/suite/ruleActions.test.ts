/// <reference types="mocha" />
// "Disable <rule> for this line" and "Show documentation for <rule>" on our diagnostics, and
// the read-only rule documentation view (libvirt-rule: documents, offline).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../server/src/protocol';
import { activateExtension, closeAll, codeOf, libvirtDiagnostics, open, waitFor } from './helpers';

const RULE = 'shared-disk-cache-enabled';

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

/** The visible view of the docs: the markdown preview, or the read-only document itself. */
function ruleDocsTab(id: string): string | undefined {
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType) && tab.label.includes(id)) return `preview: ${tab.label}`;
    if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'libvirt-rule' && tab.input.uri.path === `/${id}.md`) return `text: ${tab.label}`;
  }
  return undefined;
}

function ruleDocsDocument(id: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'libvirt-rule' && d.uri.path === `/${id}.md`);
}

suite('rule code actions and documentation in a real VS Code', () => {
  suiteSetup(activateExtension);
  teardown(closeAll);

  test('"Disable <rule> for this line" inserts the suppression comment and the diagnostic goes', async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    const [diag] = await waitFor(() => libvirtDiagnostics(uri).filter((d) => codeOf(d) === RULE), (ds) => ds.length === 1, `the ${RULE} warning`);
    const actions = await quickFixes(uri, diag.range);
    const disable = actions.find((a) => a.title === `Disable ${RULE} for this line`);
    assert.ok(disable?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(await vscode.workspace.applyEdit(disable.edit), true);
    const line = diag.range.start.line;
    assert.equal(editor.document.lineAt(line).text, `      <!-- libvirt-lint-disable-next-line ${RULE} -->`);
    await waitFor(
      () => libvirtDiagnostics(uri).map(codeOf),
      (codes) => !codes.includes(RULE) && !codes.includes('unused-suppression') && codes.includes('io-native-requires-direct-cache'),
      'the diagnostic silenced, the others kept',
    );
  });

  test('"Show documentation for <rule>" opens the rule docs read-only, with no untitled buffer', async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    const [diag] = await waitFor(() => libvirtDiagnostics(uri).filter((d) => codeOf(d) === RULE), (ds) => ds.length === 1, `the ${RULE} warning`);
    const show = (await quickFixes(uri, diag.range)).find((a) => a.title === `Show documentation for ${RULE}`);
    assert.ok(show?.command, 'a Show documentation action with a command');
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const doc = await waitFor(() => ruleDocsDocument(RULE), (d) => d !== undefined, 'the libvirt-rule: document');
    const text = doc!.getText();
    assert.match(text, new RegExp(`^# ${RULE}\\n`));
    assert.match(text, /shareable/);
    assert.match(text, /libvirt\.lint\.shared-disk-cache-enabled/);
    assert.equal(doc!.isDirty, false);
    assert.deepEqual(vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.toString()), []);
    const shown = await waitFor(() => ruleDocsTab(RULE), (t) => t !== undefined, 'a tab showing the rule docs');
    console.log(`rule docs shown as ${shown}`);
  });

  test('the rule link of a diagnostic opens the offline rule documentation, not a web page', async () => {
    const editor = await open('cluster-node.xml');
    const [diag] = await waitFor(() => libvirtDiagnostics(editor.document.uri).filter((d) => codeOf(d) === RULE), (ds) => ds.length === 1, `the ${RULE} warning`);
    const code = diag.code as { value: string; target: vscode.Uri };
    assert.equal(typeof code, 'object');
    assert.equal(code.target.toString(), `libvirt-rule:/${RULE}.md`);
    const doc = await vscode.workspace.openTextDocument(code.target);
    assert.match(doc.getText(), new RegExp(`^# ${RULE}\\n`));
  });

  test(`${Commands.showRuleDocs} from the palette shows the rule at the cursor`, async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    const diag = (await waitFor(() => libvirtDiagnostics(uri).filter((d) => codeOf(d) === 'io-native-requires-direct-cache'), (ds) => ds.length === 1, 'the io=native error'))[0];
    editor.selection = new vscode.Selection(diag.range.start, diag.range.start);
    await vscode.commands.executeCommand(Commands.showRuleDocs);
    const doc = await waitFor(() => ruleDocsDocument('io-native-requires-direct-cache'), (d) => d !== undefined, 'the rule docs of io-native-requires-direct-cache');
    assert.match(doc!.getText(), /^# io-native-requires-direct-cache\n/);
    assert.deepEqual(vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.toString()), []);
  });
});
