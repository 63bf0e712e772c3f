import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { type Diagnostic, DiagnosticRefreshRequest, DocumentDiagnosticRequest, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { readFixture } from '../support/fixtures';
import { schemaDir } from '../support/schemas';
import { trackedClients, vscodeLikeCapabilities } from './testConnection';

const badEnum = readFixture('schema', 'invalid-bad-enum.xml');
const typical = readFixture('schema', 'valid-typical.xml');
const dir10 = schemaDir('10.7.0');

const start = trackedClients(after);

const hasSchema = (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.code === 'schema');
// Other rules may also report these documents (e.g. the cache value); these tests look at schema only.
const schemaOnly = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => d.code === 'schema');
const rangeOf = (d: Diagnostic): string => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe('language server: schema validation', () => {
  it('publishes lint results first, then merges the schema results of the same version', async () => {
    const client = await start({ schema: { defaultDirs: [dir10] } });
    const uri = 'file:///enum.xml';
    await client.open(uri, badEnum);
    const first = await client.nextDiagnostics(uri);
    assert.equal(first.version, 1);
    const merged = first.diagnostics.some((d) => d.code === 'schema') ? first : await client.nextDiagnostics(uri, hasSchema);
    assert.equal(merged.version, 1);
    const schema = merged.diagnostics.filter((d) => d.code === 'schema');
    assert.deepEqual(schema.map(rangeOf), ['11:46-11:51']);
    assert.equal(schema[0].source, 'libvirt');
    assert.equal(schema[0].severity, 1);
    assert.match(String(schema[0].message), /<driver cache='nnone'>: expected one of default, none/);

    // Fixing the value clears the schema error for the new version: lint batch, then the
    // batch with the (empty) schema result of that version.
    const v2 = await client.change(uri, typical);
    const lintOnly = await client.nextDiagnostics(uri, (p) => p.version === v2);
    assert.deepEqual(schemaOnly(lintOnly.diagnostics), []);
    const withSchema = await client.nextDiagnostics(uri, (p) => p.version === v2);
    assert.deepEqual(schemaOnly(withSchema.diagnostics), []);
    assert.equal(client.server.store.get(uri)?.version, v2);
  });

  it('says once how to get the schemas when none are installed', async () => {
    const client = await start({ schema: { defaultDirs: [path.join(dir10, 'no-such-dir')] } });
    const uri = 'file:///missing.xml';
    await client.open(uri, badEnum);
    const p = schemaOnly((await client.nextDiagnostics(uri, hasSchema)).diagnostics);
    assert.equal(p.length, 1);
    assert.equal(p[0].severity, 3);
    assert.match(String(p[0].message), /libvirt0/);
    assert.deepEqual(rangeOf(p[0]), '0:0-0:0');
  });

  it('uses libvirt.schema.path and honours libvirt.schema.enable', async () => {
    const client = await start({ schema: { defaultDirs: [] }, settings: { schema: { path: dir10 } } });
    const uri = 'file:///path.xml';
    await client.open(uri, badEnum);
    assert.deepEqual(schemaOnly((await client.nextDiagnostics(uri)).diagnostics), [], 'lint batch first');
    const p = await client.nextDiagnostics(uri);
    assert.deepEqual(schemaOnly(p.diagnostics).map((d) => d.code), ['schema']);
    await client.changeSettings({ schema: { enable: false, path: dir10 } });
    const off = await client.nextDiagnostics(uri);
    assert.deepEqual(schemaOnly(off.diagnostics), []);
    assert.equal(client.configurationRequests, 2, 'settings pulled again after the change');
  });

  it('makes a pull client without refresh support wait for the schema result', async () => {
    const capabilities = vscodeLikeCapabilities();
    capabilities.textDocument!.diagnostic = { dynamicRegistration: false, relatedDocumentSupport: false };
    const client = await start({ capabilities, schema: { defaultDirs: [dir10] } });
    const uri = 'file:///pull-wait.xml';
    await client.open(uri, badEnum);
    const report = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    assert.deepEqual(schemaOnly(report.kind === 'full' ? report.items : []).map((d) => `${d.code} ${rangeOf(d)}`), ['schema 11:46-11:51']);
  });

  it('asks a pull client to pull again when the schema result is in', async () => {
    const capabilities = vscodeLikeCapabilities();
    capabilities.textDocument!.diagnostic = { dynamicRegistration: false, relatedDocumentSupport: false };
    capabilities.workspace!.diagnostics = { refreshSupport: true };
    const client = await start({ capabilities, schema: { defaultDirs: [dir10] } });
    const refreshed = new Promise<void>((resolve) => client.connection.onRequest(DiagnosticRefreshRequest.type, () => resolve()));
    const uri = 'file:///pull-schema.xml';
    await client.open(uri, badEnum);
    const pull = (previousResultId?: string) => client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
    const first = await pull();
    assert.equal(first.kind, 'full');
    await refreshed;
    const second = await pull(first.resultId);
    assert.equal(second.kind, 'full');
    assert.deepEqual(schemaOnly(second.kind === 'full' ? second.items : []).map((d) => `${d.code} ${rangeOf(d)}`), ['schema 11:46-11:51']);
    assert.deepEqual(await pull(second.resultId), { kind: 'unchanged', resultId: second.resultId });
  });
});
