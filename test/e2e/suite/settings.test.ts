/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAll, libvirtDiagnostics, open, setRuleLevel, summary, waitFor } from './helpers';

suite('settings in a real VS Code', () => {
  suiteSetup(activateExtension);
  teardown(async () => {
    await setRuleLevel('shared-disk-cache-enabled', undefined);
    await setRuleLevel('io-native-requires-direct-cache', undefined);
    await closeAll();
  });

  test('libvirt.lint.<rule-id> = off removes that diagnostic, and only that one', async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    const codes = () => libvirtDiagnostics(uri).map((d) => summary(d).code);
    await waitFor(codes, (c) => c.includes('shared-disk-cache-enabled') && c.includes('io-native-requires-direct-cache'), 'both findings');
    await setRuleLevel('shared-disk-cache-enabled', 'off');
    const after = await waitFor(codes, (c) => !c.includes('shared-disk-cache-enabled'), 'the rule to be turned off');
    assert.ok(after.includes('io-native-requires-direct-cache'), `other rules stay on: ${after.join(', ')}`);
    // Back to the default: the finding returns.
    await setRuleLevel('shared-disk-cache-enabled', undefined);
    await waitFor(codes, (c) => c.includes('shared-disk-cache-enabled'), 'the finding to come back');
  });

  test('libvirt.lint.<rule-id> changes the severity', async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    const severityOf = () => libvirtDiagnostics(uri).find((d) => summary(d).code === 'io-native-requires-direct-cache')?.severity;
    await waitFor(severityOf, (s) => s === vscode.DiagnosticSeverity.Error, 'the default severity (error)');
    await setRuleLevel('io-native-requires-direct-cache', 'hint');
    const s = await waitFor(severityOf, (v) => v === vscode.DiagnosticSeverity.Hint, 'severity hint');
    assert.equal(s, vscode.DiagnosticSeverity.Hint);
  });
});
