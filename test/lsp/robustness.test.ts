import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DocumentDiagnosticRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  HoverRequest,
  LSPErrorCodes,
  MessageType,
  ResponseError,
} from 'vscode-languageserver/node';
import { Commands } from '../../server/src/protocol';
import { runSafe } from '../../server/src/runSafe';
import { readFixture, sharedDir } from '../support/fixtures';
import { TestClient, vscodeLikeCapabilities } from './testConnection';

const invalid = readFixture('rules', 'shared-disk-cache-enabled', 'invalid.xml');
// Not a domain: no rule, present or future, reports anything on it.
const notDomain = "<?xml version='1.0'?>\n<project>\n  <name>default</name>\n</project>\n";
const pos = { line: 0, character: 1 };
const range = { start: pos, end: pos };

const clients: TestClient[] = [];
async function start(options: Parameters<typeof TestClient.start>[0] = {}): Promise<TestClient> {
  const client = await TestClient.start(options);
  clients.push(client);
  return client;
}
after(() => clients.forEach((c) => c.dispose()));

function errorLogs(client: TestClient): string[] {
  return client.logs.pending((l) => l.type === MessageType.Error).map((l) => l.message);
}

/** Every request the server advertises that names a document, with its clean "nothing here" answers. */
async function requestsFor(client: TestClient, uri: string): Promise<{ method: string; answer: unknown; clean: unknown[] }[]> {
  const caps = client.initializeResult.capabilities;
  const c = client.connection;
  const out: { method: string; answer: unknown; clean: unknown[] }[] = [];
  out.push({ method: 'codeAction', answer: await c.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }), clean: [[], null] });
  out.push({ method: 'fixAll', answer: await c.sendRequest(ExecuteCommandRequest.type, { command: Commands.fixAll, arguments: [{ uri }] }), clean: [null] });
  if (caps.hoverProvider) out.push({ method: 'hover', answer: await c.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos }), clean: [null] });
  if (caps.completionProvider) {
    out.push({ method: 'completion', answer: await c.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: pos }), clean: [null, [], { isIncomplete: false, items: [] }] });
  }
  if (caps.documentSymbolProvider) out.push({ method: 'documentSymbol', answer: await c.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), clean: [null, []] });
  if (caps.diagnosticProvider) {
    out.push({ method: 'diagnostic', answer: await c.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }), clean: [{ kind: 'full', items: [] }] });
  }
  return out;
}

describe('language server robustness', () => {
  for (const pull of [false, true]) {
    it(`answers requests for unknown and closed documents with nothing, and logs no error (${pull ? 'pull' : 'push'} client)`, async () => {
      const capabilities = vscodeLikeCapabilities();
      if (pull) capabilities.textDocument!.diagnostic = { dynamicRegistration: false };
      const client = await start({ capabilities });
      const closed = 'file:///closed.xml';
      await client.open(closed, invalid);
      await client.close(closed);
      for (const uri of ['file:///never-opened.xml', closed, 'untitled:Untitled-1', 'not a uri']) {
        for (const { method, answer, clean } of await requestsFor(client, uri)) {
          assert.ok(
            clean.some((c) => JSON.stringify(c) === JSON.stringify(answer)),
            `${method} on ${uri}: ${JSON.stringify(answer)}`,
          );
        }
      }
      assert.deepEqual(errorLogs(client), []);
      // Nothing is kept for documents that are not open.
      assert.equal(client.server.store.cacheSize, 0);
      assert.equal(client.server.settings.cachedCount, 0);
    });
  }

  it('ignores a change with an older version: the newer text and its diagnostics win', async () => {
    const client = await start({ debounceMs: 0 });
    const uri = 'file:///versions.xml';
    await client.open(uri, invalid, 1);
    assert.ok((await client.nextDiagnostics(uri)).diagnostics.length > 0);
    const send = (version: number, text: string) => client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    await send(5, notDomain);
    assert.deepEqual((await client.nextDiagnostics(uri, (p) => p.version === 5)).diagnostics, []);
    // A client bug or a reordering: version 3 arrives after version 5.
    await send(3, invalid);
    await client.codeActions(uri, range, []);
    const document = client.server.store.get(uri)!;
    assert.equal(document.version, 5);
    assert.equal(document.getText(), notDomain);
    await send(6, notDomain);
    assert.deepEqual((await client.nextDiagnostics(uri, (p) => p.version === 6)).diagnostics, []);
    await client.codeActions(uri, range, []);
    assert.deepEqual(client.pendingDiagnostics(uri).filter((p) => p.version === 3), [], 'diagnostics published for the stale version');
  });

  it('publishes the latest version last when changes arrive during a validation', async () => {
    const client = await start({ debounceMs: 0 });
    const uri = 'file:///race.xml';
    await client.open(uri, notDomain, 1);
    await client.nextDiagnostics(uri);
    let version = 1;
    for (let i = 0; i < 20; i++) version = await client.change(uri, i % 2 ? notDomain : invalid);
    const last = await client.nextDiagnostics(uri, (p) => p.version === version);
    // The last version is the text without diagnostics (i = 19 is odd).
    assert.deepEqual(last.diagnostics, []);
    const before = client.pendingDiagnostics(uri).length;
    await client.codeActions(uri, range, []);
    const later = client.pendingDiagnostics(uri).slice(before);
    assert.deepEqual(later.filter((p) => (p.version ?? 0) < version), [], 'a stale publication arrived after the latest one');
  });

  it('answers a cancelled request with RequestCancelled', async () => {
    const client = await start();
    const uri = 'file:///cancel.xml';
    await client.open(uri, invalid);
    const source = new CancellationTokenSource();
    const request = client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } }, source.token);
    source.cancel();
    await assert.rejects(request, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
    // The server is still there and answers the same request when it is not cancelled.
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(actions?.length, 1);
  });

  it('runSafe: cancelled before or during the handler answers RequestCancelled; a throw answers the fallback', async () => {
    const connection = { console: { error: () => undefined } } as unknown as Parameters<typeof runSafe>[0];
    const before = new CancellationTokenSource();
    before.cancel();
    let ran = false;
    const r1 = await runSafe(connection, 'x', before.token, 'fallback', () => ((ran = true), 'result'));
    assert.ok(r1 instanceof ResponseError && r1.code === LSPErrorCodes.RequestCancelled);
    assert.equal(ran, false, 'a request cancelled before it starts does no work');
    const during = new CancellationTokenSource();
    const r2 = await runSafe(connection, 'x', during.token, 'fallback', async () => (during.cancel(), 'result'));
    assert.ok(r2 instanceof ResponseError && r2.code === LSPErrorCodes.RequestCancelled);
    assert.equal(await runSafe(connection, 'x', new CancellationTokenSource().token, 'fallback', () => { throw new Error('boom'); }), 'fallback');
  });

  it('drops closed documents: 500 opened and closed leave no parse, settings or timers behind', async () => {
    const client = await start({ debounceMs: 0 });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const N = 500;
    for (let i = 0; i < N; i++) {
      const uri = `file:///many/${i}.xml`;
      await client.open(uri, invalid);
      // Half are closed at once (before their validation ran), half after it published.
      if (i % 2 === 0) await client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
      await client.close(uri);
    }
    // A request after all notifications: every close has been handled once it is answered.
    await client.codeActions('file:///many/0.xml', range, []);
    // Validations that were waiting for settings finish after the close; let them.
    for (let i = 0; i < N; i++) await client.nextDiagnostics(`file:///many/${i}.xml`, (p) => p.diagnostics.length === 0);
    await client.codeActions('file:///many/0.xml', range, []);
    assert.equal(client.server.store.documents.all().length, 0);
    assert.equal(client.server.store.cacheSize, 0, 'parses of closed documents are still cached');
    assert.equal(client.server.settings.cachedCount, 0, 'settings of closed documents are still cached');
    if (gc) {
      gc();
      const grown = process.memoryUsage().heapUsed - heapBefore;
      console.log(`500 documents opened and closed: heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB`);
      // One parsed copy of the fixture is a few hundred kB; 500 leaked ones would be far above this.
      assert.ok(grown < 32 * 1024 * 1024, `heap grew by ${grown} bytes`);
    }
  });

  it('answers requests on other documents while a 5000-disk domain is being validated', async () => {
    const large = fs.readFileSync(path.join(sharedDir, 'corpus', 'synthetic', 'synthetic-disks-5000.xml'), 'utf8');
    const client = await start({ debounceMs: 0 });
    const big = 'file:///big.xml';
    const small = 'file:///small.xml';
    await client.open(small, invalid);
    const { diagnostics } = await client.nextDiagnostics(small);
    await client.open(big, large);
    await client.change(big, large + '\n');
    // Requests sent while the large document's validations are queued or running.
    const answers = await Promise.all([
      client.codeActions(small, diagnostics[0].range, [diagnostics[0]]),
      client.connection.sendRequest(ExecuteCommandRequest.type, { command: Commands.fixAll, arguments: [{ uri: small, version: 1 }] }),
      client.initializeResult.capabilities.hoverProvider ? client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: small }, position: diagnostics[0].range.start }) : null,
    ]);
    assert.ok(answers[0].length > 0, 'no quick fix for the small document');
    assert.deepEqual(answers[1], { applied: true });
    if (client.initializeResult.capabilities.hoverProvider) assert.notEqual(answers[2], null, 'no hover on the small document');
    const bigDiagnostics = await client.nextDiagnostics(big, (p) => p.version === 2);
    assert.ok(Array.isArray(bigDiagnostics.diagnostics));
    assert.deepEqual(errorLogs(client), []);
  });
});
