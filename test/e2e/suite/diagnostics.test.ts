/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LanguageService } from '../../../server/src/service/languageService';
import {
  activateExtension,
  closeAll,
  expectedJson,
  libvirtDiagnostics,
  open,
  rangeText,
  summary,
  waitFor,
  type ExpectedDiagnostic,
} from './helpers';

suite('diagnostics in a real VS Code', () => {
  suiteSetup(activateExtension);
  teardown(closeAll);

  test('a domain with unsafe disks gets the expected diagnostics (code, range, severity, message)', async () => {
    const editor = await open('cluster-node.xml');
    const expected = expectedJson<ExpectedDiagnostic[]>('cluster-node.diagnostics.json');
    const codes = new Set(expected.map((e) => e.code));
    const mine = () => libvirtDiagnostics(editor.document.uri).filter((d) => codes.has(String(summary(d).code)));
    const got = await waitFor(mine, (ds) => ds.length >= expected.length, 'the diagnostics of cluster-node.xml');
    const actual = got.map(summary).sort((a, b) => a.range.localeCompare(b.range, 'en', { numeric: true }));
    assert.deepEqual(
      actual.map(({ code, range, severity }) => ({ code, range, severity })),
      expected.map(({ code, range, severity }) => ({ code, range, severity })),
    );
    for (const [i, e] of expected.entries()) {
      if (e.message) assert.ok(actual[i].message?.includes(e.message), `message of ${e.code}: ${actual[i].message}`);
    }
  });

  test('the editor shows every finding of the language service, unchanged', async () => {
    // The pure service on the same text is the reference: whatever rules exist by now, the
    // LSP server and client must carry each of its findings to the editor unchanged.
    const editor = await open('cluster-node.xml');
    const service = new LanguageService();
    const text = editor.document.getText();
    const reference = service.validate(service.parse(text)).map((d) => ({
      code: d.ruleId,
      range: rangeText(new vscode.Range(editor.document.positionAt(d.span.start), editor.document.positionAt(d.span.end))),
      severity: d.severity,
      message: d.message,
    }));
    assert.ok(reference.length >= 2, 'the fixture should trip at least two rules');
    const key = (d: ExpectedDiagnostic) => `${d.code} ${d.range} ${d.severity} ${d.message}`;
    const want = reference.map(key).sort();
    const got = await waitFor(
      () => libvirtDiagnostics(editor.document.uri).map(summary).map(key).sort(),
      (ks) => want.every((k) => ks.includes(k)),
      'every service finding in the editor',
    );
    for (const k of want) assert.ok(got.includes(k), `missing in the editor: ${k}`);
  });

  test('diagnostics follow edits: making the shared disk safe removes its warning', async () => {
    const editor = await open('cluster-node.xml');
    const uri = editor.document.uri;
    const has = (code: string) => libvirtDiagnostics(uri).some((d) => summary(d).code === code);
    await waitFor(() => has('shared-disk-cache-enabled'), Boolean, 'the shared-disk warning');
    const line = editor.document.lineAt(8).text;
    const start = line.indexOf("'writeback'") + 1;
    assert.ok(start > 0, line);
    await editor.edit((b) => b.replace(new vscode.Range(8, start, 8, start + 'writeback'.length), 'none'));
    await waitFor(() => has('shared-disk-cache-enabled'), (v) => !v, 'the warning to go away after the edit');
    assert.ok(has('io-native-requires-direct-cache'), 'the other disk is still reported');
  });

  test('a well-formed XML file that is not a libvirt domain gets no diagnostics', async () => {
    const editor = await open('not-a-domain.xml');
    assert.equal(editor.document.languageId, 'xml');
    const uri = editor.document.uri;
    const original = editor.document.getText();
    // Renaming the root to <domain> must make the same disk markup light up: that proves the
    // server is watching this document, so the silence afterwards is its verdict, not a slow start.
    const asDomain = original.replace('<inventory>', '<domain type="kvm">').replace('</inventory>', '</domain>');
    const whole = () => new vscode.Range(0, 0, editor.document.lineCount, 0);
    await editor.edit((b) => b.replace(whole(), asDomain));
    await waitFor(() => libvirtDiagnostics(uri).length, (n) => n > 0, 'diagnostics once the root is <domain>');
    await editor.edit((b) => b.replace(whole(), original));
    const after = await waitFor(() => libvirtDiagnostics(uri).map(summary), (ds) => ds.length === 0, 'silence for <inventory>');
    assert.deepEqual(after, []);
    assert.equal(editor.document.getText(), original);
  });
});
