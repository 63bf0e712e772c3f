// The server's own memory: dist/server.js in a child process over stdio (as other editors
// run it), a probe preloaded into that process reports process.memoryUsage().
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { repoRoot } from './fixtures';
import { seededRandom } from './stats';

export interface MemorySample {
  label: string;
  edits: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  rssAfterGc: number;
  heapUsedAfterGc: number;
}

/**
 * `settings` are pushed with didChangeConfiguration before the document opens (the client
 * announces no workspace/configuration, as simple editors do).
 */
export async function serverMemory(text: string, totalEdits: number, sampleEvery: number, debounceMs: number, settings?: unknown, execArgv: readonly string[] = [], idleMs = 0, cacheHome?: string): Promise<MemorySample[]> {
  const probe = path.join(__dirname, 'memoryProbe.js');
  const child = spawn(process.execPath, [...execArgv, '--expose-gc', '--require', probe, path.join(repoRoot, 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // cacheHome: where the schema worker finds (or stores) the compiled schema
    env: { ...process.env, LIBVIRT_XML_DEBOUNCE_MS: String(debounceMs), ...(cacheHome ? { XDG_CACHE_HOME: cacheHome } : {}) },
  });
  const probes: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    let nl: number;
    while ((nl = stderr.indexOf('\n')) >= 0) {
      const line = stderr.slice(0, nl);
      stderr = stderr.slice(nl + 1);
      if (line.startsWith('MEMPROBE ')) probes.shift()?.(line.slice(9));
    }
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters: { version: number; resolve: () => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => {
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].version === p.version) waiters.splice(i, 1)[0].resolve();
  });
  connection.listen();
  const published = (version: number) => new Promise<void>((resolve) => waiters.push({ version, resolve }));
  const samples: MemorySample[] = [];
  const sample = async (label: string, edits: number) => {
    const line = new Promise<string>((resolve) => probes.push(resolve));
    child.kill('SIGUSR2');
    samples.push({ label, edits, ...JSON.parse(await line) });
  };
  try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } }, workspaceFolders: null });
    await connection.sendNotification(InitializedNotification.type, {});
    if (settings !== undefined) await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { libvirt: settings } });
    await sample('started, no document', 0);
    const uri = 'file:///bench/memory.xml';
    let doc = TextDocument.create(uri, 'xml', 1, text);
    const opened = published(1);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'xml', version: 1, text } });
    await opened;
    await sample('5000-disk file open', 0);
    const random = seededRandom(7);
    let line = 1;
    for (let i = 1; i <= totalEdits; i++) {
      const insert = i % 2 === 1;
      if (insert) line = 1 + Math.floor(random() * (doc.lineCount - 2));
      const change = { range: { start: { line, character: 0 }, end: { line, character: insert ? 0 : 1 } }, text: insert ? ' ' : '' };
      const version = doc.version + 1;
      doc = TextDocument.update(doc, [change], version);
      const done = published(version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
      await done;
      if (i % sampleEvery === 0) await sample(`after ${i} edits`, i);
    }
    if (idleMs > 0) {
      // At rest: the user stopped typing; V8's memory reducer runs after some seconds idle.
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      await sample(`${idleMs / 1000} s idle`, totalEdits);
    }
    return samples;
  } finally {
    connection.dispose();
    child.kill();
  }
}
