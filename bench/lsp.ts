// Latency through the real language server: startServer on one end of two in-process
// streams, the test client (test/lsp/testConnection.ts) on the other, JSON-RPC in between.
import { performance } from 'node:perf_hooks';
import { CompletionRequest, DidChangeTextDocumentNotification, HoverRequest } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from '../test/lsp/testConnection';
import { percentile, seededRandom } from './stats';

export interface EditLatency {
  lines: number;
  edits: number;
  p50: number;
  p95: number;
  max: number;
  /** CPU time per edit of this whole process (client and server side), ms. */
  cpuPerEdit: number;
}

/**
 * Single-character edits (a space typed at the start of a random line, then deleted again, so
 * that the document stays the same domain), each awaited until the server publishes the
 * diagnostics of that version. The server runs with debounce 0, so no debounce is in the
 * figure: it is the time from didChange to publishDiagnostics of the new version.
 */
export async function editLatency(text: string, edits: number, seed: number): Promise<EditLatency> {
  const client = await TestClient.start({ debounceMs: 0 });
  try {
    const uri = 'file:///bench/edit.xml';
    await client.open(uri, text, 1);
    await client.nextDiagnostics(uri);
    let doc = TextDocument.create(uri, 'xml', 1, text);
    const random = seededRandom(seed);
    const warmup = 5;
    const times: number[] = [];
    let line = 1;
    let cpu = process.cpuUsage();
    for (let i = 0; i < warmup + edits; i++) {
      if (i === warmup) cpu = process.cpuUsage();
      const insert = i % 2 === 0;
      if (insert) line = 1 + Math.floor(random() * (doc.lineCount - 2));
      const range = insert ? { start: { line, character: 0 }, end: { line, character: 0 } } : { start: { line, character: 0 }, end: { line, character: 1 } };
      const change = { range, text: insert ? ' ' : '' };
      const version = doc.version + 1;
      doc = TextDocument.update(doc, [change], version);
      const published = client.nextDiagnostics(uri, (p) => p.version === version);
      const t0 = performance.now();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      await published;
      if (i >= warmup) times.push(performance.now() - t0);
    }
    const used = process.cpuUsage(cpu);
    return { lines: TextDocument.create(uri, 'xml', 1, text).lineCount, edits, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), cpuPerEdit: (used.user + used.system) / 1000 / edits };
  } finally {
    client.dispose();
  }
}

export interface RequestLatency {
  available: boolean;
  requests: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  /** Requests answered with something (a hover, a non-empty completion list). */
  answered: number;
}

/** Hover and completion at random positions of an open document, when the server offers them. */
export async function requestLatency(text: string, positions: number, seed: number): Promise<{ hover: RequestLatency; completion: RequestLatency }> {
  const client = await TestClient.start({ debounceMs: 0 });
  try {
    const caps = client.initializeResult.capabilities;
    const uri = 'file:///bench/requests.xml';
    await client.open(uri, text, 1);
    await client.nextDiagnostics(uri);
    const doc = TextDocument.create(uri, 'xml', 1, text);
    const measure = async (available: boolean, send: (position: { line: number; character: number }) => Promise<unknown>): Promise<RequestLatency> => {
      if (!available) return { available, requests: 0, p50: null, p95: null, max: null, answered: 0 };
      const random = seededRandom(seed);
      const times: number[] = [];
      let answered = 0;
      await send(doc.positionAt(Math.floor(text.length / 2))); // warm-up
      for (let i = 0; i < positions; i++) {
        const position = doc.positionAt(Math.floor(random() * text.length));
        const t0 = performance.now();
        const result = await send(position);
        times.push(performance.now() - t0);
        const items = Array.isArray(result) ? result : (result as { items?: unknown[] } | null)?.items;
        if (result && (!items || items.length > 0)) answered++;
      }
      return { available, requests: positions, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), answered };
    };
    const hover = await measure(!!caps.hoverProvider, (position) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
    const completion = await measure(!!caps.completionProvider, (position) => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }));
    return { hover, completion };
  } finally {
    client.dispose();
  }
}
