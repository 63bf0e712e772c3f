import * as assert from 'node:assert/strict';
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageReader,
  type MessageWriter,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { readFixture, repoRoot } from '../support/fixtures';

const serverJs = path.join(repoRoot, 'dist', 'server.js');
const text = readFixture('rules', 'shared-disk-cache-enabled', 'invalid.xml');

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** initialize → didOpen → publishDiagnostics → shutdown → exit, against the bundled server. */
async function roundTrip(child: ChildProcess, reader: MessageReader, writer: MessageWriter): Promise<void> {
  const exit = exited(child);
  // A failed assertion must not leave the server running: node --test would wait for it forever.
  try {
    await talk(reader, writer, exit);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function talk(reader: MessageReader, writer: MessageWriter, exit: Promise<number | null>): Promise<void> {
  const connection = createProtocolConnection(reader, writer);
  const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, resolve));
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  assert.ok(init.capabilities.textDocumentSync);
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///d.xml', languageId: 'xml', version: 1, text } });
  const { diagnostics } = await published;
  // Other disk rules (InfoScale advisories on these shareable disks) report too; count this one.
  assert.deepEqual(diagnostics.map((d) => d.code).filter((c) => c === 'shared-disk-cache-enabled'), ['shared-disk-cache-enabled', 'shared-disk-cache-enabled', 'shared-disk-cache-enabled']);
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  assert.equal(await exit, 0);
  connection.dispose();
}

describe('dist/server.js', () => {
  it('is built', () => assert.ok(fs.existsSync(serverJs), 'run `npm run build` first'));

  it('speaks LSP over stdio with --stdio', async () => {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    await roundTrip(child, new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  });

  it('speaks LSP over node-ipc when forked', async () => {
    const child = fork(serverJs, ['--node-ipc'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await roundTrip(child, new IPCMessageReader(child), new IPCMessageWriter(child));
  });

  it('exits when its client closes stdin', async () => {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exit = exited(child);
    child.stdin!.end();
    // No shutdown request came first: exit status 1, as the LSP specification asks.
    assert.equal(await exit, 1);
  });

  it('explains how to start it when run without a transport', () => {
    const run = spawnSync(process.execPath, [serverJs], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--stdio/);
  });
});
