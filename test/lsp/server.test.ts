import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CodeActionKind, type Diagnostic, DiagnosticSeverity, DocumentDiagnosticRequest, ExecuteCommandRequest, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { Commands, FIX_ALL_KIND, SERVER_COMMANDS } from '../../server/src/protocol';
import { LanguageService } from '../../server/src/service/languageService';
import type { Rule } from '../../server/src/service/rule';
import { allRules } from '../../server/src/service/registry';
import { readFixture } from '../support/fixtures';
import { TestClient, vscodeLikeCapabilities } from './testConnection';

const SHARED = 'shared-disk-cache-enabled';
const sharedInvalid = readFixture('rules', SHARED, 'invalid.xml');
const sharedFixed = readFixture('rules', SHARED, 'invalid.fixed.xml');
const sharedExpected: { range: string; severity: string }[] = JSON.parse(readFixture('rules', SHARED, 'invalid.expected.json'));

const SEVERITY: Record<string, DiagnosticSeverity> = { error: 1, warning: 2, info: 3, hint: 4 };

function rangeString(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${start.line}:${start.character}-${end.line}:${end.character}`;
}

function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${rangeString(d)} ${d.severity}`).sort();
}

/**
 * These tests check the server with the rules whose fixtures they read, so that new rules
 * (which also report on these domains) do not change their counts; every rule's own findings
 * are checked by test/unit/rules.test.ts.
 */
const TESTED_RULES = allRules.filter((r) => r.id === SHARED || r.id === 'io-native-requires-direct-cache');

const clients: TestClient[] = [];
async function start(options: Parameters<typeof TestClient.start>[0] = {}): Promise<TestClient> {
  const client = await TestClient.start({ rules: TESTED_RULES, ...options });
  clients.push(client);
  return client;
}
after(() => clients.forEach((c) => c.dispose()));

describe('language server', () => {
  it('announces its capabilities', async () => {
    const client = await start();
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.textDocumentSync, TextDocumentSyncKind.Incremental);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite] });
    assert.deepEqual(caps.executeCommandProvider?.commands, [...SERVER_COMMANDS]);
    assert.equal(caps.diagnosticProvider, undefined, 'push client: no pull provider');
  });

  it('publishes diagnostics on open with code, range, severity, source, docs link and data', async () => {
    const client = await start();
    const uri = 'file:///shared.xml';
    await client.open(uri, sharedInvalid, 1);
    const published = await client.nextDiagnostics(uri);
    assert.equal(published.version, 1);
    const expected = sharedExpected.map((e) => `${SHARED} ${e.range} ${SEVERITY[e.severity]}`).sort();
    assert.deepEqual(summary(published.diagnostics), expected);
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'libvirt');
      assert.equal(d.codeDescription?.href.endsWith(`#${SHARED}`), true);
      assert.deepEqual((d.data as { ruleId: string }).ruleId, SHARED);
    }
    const writeback = published.diagnostics.find((d) => d.severity === DiagnosticSeverity.Warning)!;
    assert.match(String(writeback.message), /cache='writeback'/);
  });

  it('parses each document version once for all features', async () => {
    const client = await start();
    const uri = 'file:///once.xml';
    await client.open(uri, sharedInvalid);
    const { diagnostics } = await client.nextDiagnostics(uri);
    await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    await client.codeActions(uri, diagnostics[1].range, [diagnostics[1]], [FIX_ALL_KIND]);
    assert.equal(client.server.store.parseCount, 1);
  });

  it('offers quick fixes whose edits produce the fixed text', async () => {
    const client = await start();
    const uri = 'file:///fix.xml';
    await client.open(uri, sharedInvalid);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const writeback = diagnostics.find((d) => d.severity === DiagnosticSeverity.Warning)!;
    const actions = await client.codeActions(uri, writeback.range, [writeback]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ["Set <driver cache='none'>", CodeActionKind.QuickFix, true],
        ["Set <driver cache='directsync'>", CodeActionKind.QuickFix, false],
        // Every diagnostic also gets its suppression comment and its documentation.
        ['Disable shared-disk-cache-enabled for this line', CodeActionKind.QuickFix, false],
        ['Show documentation for shared-disk-cache-enabled', CodeActionKind.QuickFix, false],
      ],
    );
    assert.deepEqual(actions[0].diagnostics, [writeback]);
    const edit = actions[0].edit!;
    assert.equal(edit.documentChanges?.length, 1, 'versioned documentChanges for a client that supports them');
    const fixed = client.applyEdit(uri, edit);
    assert.equal(fixed, sharedInvalid.replace("cache='writeback'", "cache='none'"));

    // The editor applies it; the warning goes, the two info findings stay.
    const version = await client.change(uri, fixed);
    const after = await client.nextDiagnostics(uri);
    assert.equal(after.version, version);
    assert.deepEqual(summary(after.diagnostics), sharedExpected.filter((e) => e.severity === 'info').map((e) => `${SHARED} ${e.range} 3`).sort());
  });

  it('offers the disk bus conversions as refactorings, only when asked for', async () => {
    const client = await start();
    const uri = 'file:///refactor.xml';
    await client.open(uri, sharedInvalid);
    await client.nextDiagnostics(uri);
    const line = sharedInvalid.split('\n').findIndex((l) => l.includes("bus='virtio'"));
    const at = { start: { line, character: 8 }, end: { line, character: 8 } };
    const refactors = await client.codeActions(uri, at, [], [CodeActionKind.Refactor]);
    assert.deepEqual(
      refactors.map((a) => [a.title, a.kind, a.isPreferred]),
      [['Convert disk to virtio-scsi', CodeActionKind.RefactorRewrite, false]],
    );
    const converted = client.applyEdit(uri, refactors[0].edit!);
    assert.match(converted, /bus='scsi'/);
    assert.match(converted, /model='virtio-scsi'/);
    assert.deepEqual(await client.codeActions(uri, at, []), [], 'no refactoring in the lightbulb');
  });

  it('offers no quick fix for diagnostics of other sources or outside our rules', async () => {
    const client = await start();
    const uri = 'file:///foreign.xml';
    await client.open(uri, sharedInvalid);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const foreign: Diagnostic = { ...diagnostics[0], source: 'xml' };
    assert.deepEqual(await client.codeActions(uri, foreign.range, [foreign]), []);
    const unknown: Diagnostic = { ...diagnostics[0], code: 'no-such-rule' };
    assert.deepEqual(await client.codeActions(uri, unknown.range, [unknown]), []);
  });

  it('uses `changes` for clients without documentChanges', async () => {
    const capabilities = vscodeLikeCapabilities();
    capabilities.workspace!.workspaceEdit = { documentChanges: false };
    const client = await start({ capabilities });
    const uri = 'file:///changes.xml';
    await client.open(uri, sharedInvalid);
    const { diagnostics } = await client.nextDiagnostics(uri);
    const [first] = await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    assert.equal(first.edit?.documentChanges, undefined);
    assert.ok(first.edit?.changes?.[uri]?.length);
  });

  it('source.fixAll.libvirt applies every safe fix', async () => {
    const client = await start();
    const uri = 'file:///fixall.xml';
    await client.open(uri, sharedInvalid);
    await client.nextDiagnostics(uri);
    const whole = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await client.codeActions(uri, whole, [], [FIX_ALL_KIND]);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, FIX_ALL_KIND);
    assert.equal(client.applyEdit(uri, actions[0].edit!), sharedFixed);
    // Asked for quick fixes only, the fix-all action is not offered.
    assert.deepEqual(await client.codeActions(uri, whole, [], [CodeActionKind.QuickFix]), []);
    // Also under the parent kind `source` (the Source Action menu).
    assert.equal((await client.codeActions(uri, whole, [], [CodeActionKind.Source])).length, 1);
  });

  it('runs the libvirt.fixAll command through workspace/applyEdit, and refuses a stale version', async () => {
    const client = await start();
    const uri = 'file:///command.xml';
    await client.open(uri, sharedInvalid, 4);
    await client.nextDiagnostics(uri);
    const stale = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.fixAll, arguments: [{ uri, version: 3 }] });
    assert.equal(stale, null);
    assert.equal(client.applied.length, 0);
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.fixAll, arguments: [{ uri, version: 4 }] });
    assert.deepEqual(result, { applied: true });
    assert.equal(client.applied.length, 1);
    assert.equal(client.applyEdit(uri, client.applied[0].edit), sharedFixed);
  });

  it('a settings change turns a rule off, changes its level, or disables validation', async () => {
    const client = await start({ settings: {} });
    const uri = 'file:///settings.xml';
    const text = readFixture('rules', 'io-native-requires-direct-cache', 'invalid.xml') + '\n<!-- -->';
    await client.open(uri, sharedInvalid);
    await client.open('file:///other.xml', text);
    assert.equal((await client.nextDiagnostics(uri)).diagnostics.length, 3);
    await client.nextDiagnostics('file:///other.xml');
    const pulls = client.configurationRequests;

    await client.changeSettings({ lint: { [SHARED]: 'off' } });
    assert.deepEqual((await client.nextDiagnostics(uri)).diagnostics, []);
    // Every open document is re-validated with settings pulled again.
    assert.equal((await client.nextDiagnostics('file:///other.xml')).diagnostics.length, 2);
    assert.ok(client.configurationRequests >= pulls + 2);

    await client.changeSettings({ lint: { [SHARED]: 'error' } });
    assert.deepEqual(summary((await client.nextDiagnostics(uri)).diagnostics), sharedExpected.map((e) => `${SHARED} ${e.range} 1`).sort());

    // VS Code sends every default: a level equal to the rule's default keeps per-finding severities.
    await client.changeSettings({ lint: { [SHARED]: 'warning' } });
    assert.deepEqual(summary((await client.nextDiagnostics(uri)).diagnostics), sharedExpected.map((e) => `${SHARED} ${e.range} ${SEVERITY[e.severity]}`).sort());

    await client.changeSettings({ validate: { enable: false } });
    assert.deepEqual((await client.nextDiagnostics(uri)).diagnostics, []);
  });

  it('takes pushed settings from clients without workspace/configuration', async () => {
    const capabilities = vscodeLikeCapabilities();
    delete capabilities.workspace!.configuration;
    const client = await start({ capabilities });
    const uri = 'file:///pushed.xml';
    await client.open(uri, sharedInvalid);
    assert.equal((await client.nextDiagnostics(uri)).diagnostics.length, 3);
    await client.changeSettings(undefined, { libvirt: { lint: { [SHARED]: 'off' } } });
    assert.deepEqual((await client.nextDiagnostics(uri)).diagnostics, []);
    assert.equal(client.configurationRequests, 0);
  });

  it('publishes no diagnostics for XML that is not a libvirt domain', async () => {
    const client = await start();
    const uri = 'file:///pom.xml';
    await client.open(uri, '<project>\n  <disk cache="writeback"><shareable/></disk>\n</project>\n');
    assert.deepEqual((await client.nextDiagnostics(uri)).diagnostics, []);
  });

  it('reports one not-well-formed error for a broken domain', async () => {
    const client = await start();
    const uri = 'file:///broken.xml';
    await client.open(uri, sharedInvalid.replace('</devices>', '</device>'));
    const { diagnostics } = await client.nextDiagnostics(uri);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'not-well-formed');
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
    assert.equal(diagnostics[0].source, 'libvirt');
  });

  it('publishes only the latest of quick successive changes', async () => {
    const client = await start();
    const uri = 'file:///typing.xml';
    await client.open(uri, sharedInvalid);
    await client.nextDiagnostics(uri);
    await client.change(uri, sharedInvalid.replace("cache='writeback'", "cache='writethrough'"));
    const last = await client.change(uri, sharedInvalid.replace("cache='writeback'", "cache='none'"));
    const published = await client.nextDiagnostics(uri);
    assert.equal(published.version, last);
    assert.equal(published.diagnostics.length, 2);
    assert.deepEqual(client.pendingDiagnostics(uri), []);
  });

  it('clears diagnostics when a document closes', async () => {
    const client = await start();
    const uri = 'file:///close.xml';
    await client.open(uri, sharedInvalid);
    assert.equal((await client.nextDiagnostics(uri)).diagnostics.length, 3);
    await client.close(uri);
    assert.deepEqual((await client.nextDiagnostics(uri)).diagnostics, []);
  });

  it('survives exceptions in handlers and rules, and logs them', async () => {
    const throwing: Rule = {
      id: 'always-throws',
      title: 'test rule',
      defaultSeverity: 'error',
      docs: '',
      subjects: [],
      check() {
        throw new Error('boom in a rule');
      },
    };
    const client = await start();
    const uri = 'file:///survive.xml';
    await client.open(uri, sharedInvalid);
    const { diagnostics } = await client.nextDiagnostics(uri);
    // A malformed request (no context) makes the handler throw: logged, answered with [].
    const broken = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range });
    assert.deepEqual(broken, []);
    const log = await client.nextLog((l) => l.message.includes('textDocument/codeAction'));
    assert.equal(log.type, 1, 'logged as an error');
    // Unknown command: an error is logged, null returned.
    assert.equal(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'libvirt.nope' }), null);
    await client.nextLog((l) => l.message.includes('unknown command libvirt.nope'));
    // The server still answers.
    assert.equal((await client.codeActions(uri, diagnostics[0].range, [diagnostics[0]])).filter((a) => a.edit && !a.title.startsWith('Disable ')).length, 2);

    // A rule that throws is logged and skipped; the others still report.
    const withBadRule = await start({ rules: [throwing, ...TESTED_RULES] });
    await withBadRule.open(uri, sharedInvalid);
    assert.equal((await withBadRule.nextDiagnostics(uri)).diagnostics.length, 3);
    await withBadRule.nextLog((l) => l.message.includes('rule always-throws failed') && l.message.includes('boom in a rule'));

    // A service that throws while validating: logged, no diagnostics, the server lives on.
    const withBadService = await start({
      createService: (options) => {
        const service = new LanguageService(options);
        service.validate = () => {
          throw new Error('boom in validate');
        };
        return service;
      },
    });
    await withBadService.open(uri, sharedInvalid);
    await withBadService.nextLog((l) => l.message.includes('boom in validate'));
    const actions = await withBadService.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    assert.equal(actions.filter((a) => a.edit && !a.title.startsWith('Disable ')).length, 2);
  });

  it('serves pull diagnostics to clients that support them', async () => {
    const capabilities = vscodeLikeCapabilities();
    capabilities.textDocument!.diagnostic = { dynamicRegistration: false, relatedDocumentSupport: false };
    const client = await start({ capabilities });
    // a device file's diagnostics depend on its domain, a domain's on the workspace's network files
    assert.equal(client.initializeResult.capabilities.diagnosticProvider?.interFileDependencies, true);
    const uri = 'file:///pull.xml';
    await client.open(uri, sharedInvalid);
    const pull = (previousResultId?: string) => client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
    const report = await pull();
    assert.equal(report.kind, 'full');
    assert.deepEqual(summary(report.kind === 'full' ? report.items : []), sharedExpected.map((e) => `${SHARED} ${e.range} ${SEVERITY[e.severity]}`).sort());
    // Same version, same settings: unchanged.
    assert.deepEqual(await pull(report.resultId), { kind: 'unchanged', resultId: report.resultId });
    // A settings change asks the client to pull again, and the result differs.
    await client.changeSettings({ lint: { [SHARED]: 'off' } });
    const again = await pull(report.resultId);
    assert.equal(again.kind, 'full');
    assert.deepEqual(again.kind === 'full' ? again.items : null, []);
    // A new version is a new result.
    await client.change(uri, sharedInvalid);
    const changed = await pull(again.resultId);
    assert.equal(changed.kind, 'full');
    assert.notEqual(changed.resultId, again.resultId);
  });
});
