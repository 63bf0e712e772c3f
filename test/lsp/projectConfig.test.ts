import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { type Diagnostic, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import { PROJECT_CONFIG_FILE } from '../../server/src/projectConfig';
import { EXPLICIT_SETTINGS_KEY } from '../../server/src/protocol';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/service/languageService';
import { allRules } from '../../server/src/service/registry';
import { scratchDir, SHARED_WRITEBACK_DISK } from '../support/scratch';
import { TestClient } from './testConnection';

const RULE = 'shared-disk-cache-enabled';
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/** What VS Code answers for the `libvirt` section when the user set nothing: every contributed default. */
function vscodeDefaults(lint: Record<string, string> = {}): unknown {
  return {
    validate: { enable: true },
    lint: { ...Object.fromEntries(allRules.map((r) => [r.id, r.defaultSeverity])), ...lint },
    profiles: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    trace: { server: 'off' },
    schema: { enable: true, path: '' },
  };
}

const scratch = scratchDir('libvirt-xml-lsp-config-');
const clients: TestClient[] = [];
after(() => clients.forEach((c) => c.dispose()));

async function start(settings: unknown): Promise<TestClient> {
  const client = await TestClient.start({ rules: allRules.filter((r) => r.id === RULE), settings, debounceMs: 0 });
  clients.push(client);
  return client;
}

/** A domain file in `dir` (created), optionally with a config file beside it; its file: URI. */
function domainIn(dir: string, config?: unknown): string {
  const full = path.join(scratch.dir, dir);
  fs.mkdirSync(full, { recursive: true });
  const file = path.join(full, 'vm.xml');
  fs.writeFileSync(file, SHARED_WRITEBACK_DISK);
  if (config !== undefined) fs.writeFileSync(path.join(full, PROJECT_CONFIG_FILE), typeof config === 'string' ? config : JSON.stringify(config));
  return pathToFileURL(file).href;
}

async function severities(client: TestClient, uri: string): Promise<string[]> {
  await client.open(uri, SHARED_WRITEBACK_DISK);
  const published = await client.nextDiagnostics(uri);
  return published.diagnostics.filter((d: Diagnostic) => d.code === RULE).map((d) => SEVERITY[d.severity ?? 0]);
}

describe('language server and .libvirt-lint.json', () => {
  it('a config next to a file changes its diagnostics; VS Code defaults do not hide it', async () => {
    const client = await start(vscodeDefaults());
    assert.deepEqual(await severities(client, domainIn('plain')), ['warning']);
    assert.deepEqual(await severities(client, domainIn('raised', { rules: { [RULE]: 'error' } })), ['error']);
    assert.deepEqual(await severities(client, domainIn('off', { rules: { [RULE]: 'off' } })), []);
  });

  it('the config of a parent directory applies; its ignore patterns stop validation', async () => {
    const client = await start(vscodeDefaults());
    fs.mkdirSync(path.join(scratch.dir, 'parent'), { recursive: true });
    fs.writeFileSync(path.join(scratch.dir, 'parent', PROJECT_CONFIG_FILE), JSON.stringify({ rules: { [RULE]: 'hint' }, ignore: ['skipped'] }));
    assert.deepEqual(await severities(client, domainIn('parent/vms/deep')), ['hint']);
    assert.deepEqual(await severities(client, domainIn('parent/skipped/x')), []);
  });

  it('a level the user set in the editor beats the config', async () => {
    const client = await start(vscodeDefaults({ [RULE]: 'info' }));
    assert.deepEqual(await severities(client, domainIn('user-wins', { rules: { [RULE]: 'error' } })), ['info']);
  });

  it('with explicitOnly, a client that sends only what the user set wins even with the default value', async () => {
    const client = await start({ [EXPLICIT_SETTINGS_KEY]: true, lint: { [RULE]: 'warning' } });
    assert.deepEqual(await severities(client, domainIn('explicit', { rules: { [RULE]: 'error' } })), ['warning']);
    const unset = await start({ [EXPLICIT_SETTINGS_KEY]: true });
    assert.deepEqual(await severities(unset, domainIn('explicit-unset', { rules: { [RULE]: 'error' } })), ['error']);
  });

  /**
   * Opens a domain under a config that raises the rule to error, rewrites the config to
   * `level`, lets `notify` tell the server, and returns the level the rule gets then.
   */
  async function afterConfigEdit(dir: string, level: string, notify: (client: TestClient, cfg: string) => Promise<void>): Promise<string[]> {
    const client = await start(vscodeDefaults());
    const uri = domainIn(dir, { rules: { [RULE]: 'error' } });
    assert.deepEqual(await severities(client, uri), ['error']);
    const cfg = path.join(scratch.dir, dir, PROJECT_CONFIG_FILE);
    fs.writeFileSync(cfg, JSON.stringify({ rules: { [RULE]: level } }));
    // A later mtime than the cached read, even on file systems with coarse timestamps.
    fs.utimesSync(cfg, new Date(), new Date(Date.now() + 5000));
    await notify(client, cfg);
    const next = await client.nextDiagnostics(uri);
    return next.diagnostics.filter((d) => d.code === RULE).map((d) => SEVERITY[d.severity ?? 0]);
  }

  it('an edited config is read again when settings are pulled again', async () => {
    assert.deepEqual(await afterConfigEdit('edited', 'hint', (client) => client.changeSettings(vscodeDefaults())), ['hint']);
  });

  it('a config file the client reports as changed (didChangeWatchedFiles) is applied to open documents', async () => {
    const watched = (client: TestClient, cfg: string) => client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(cfg).href, type: FileChangeType.Changed }] });
    assert.deepEqual(await afterConfigEdit('watched', 'info', watched), ['info']);
  });

  it('a broken config is logged with its file name and what is wrong; the file is linted with the editor settings', async () => {
    const client = await start(vscodeDefaults());
    const uri = domainIn('broken', { rules: { [RULE]: 'loud' } });
    const cfg = path.join(scratch.dir, 'broken', PROJECT_CONFIG_FILE);
    assert.deepEqual(await severities(client, uri), ['warning']);
    const log = await client.nextLog((m) => m.message.includes(PROJECT_CONFIG_FILE));
    assert.ok(log.message.includes(cfg), log.message);
    assert.match(log.message, /bad level "loud" for rule 'shared-disk-cache-enabled'/);
    assert.match(log.message, /not used until it is fixed/);
    // told once, not on every validation
    await client.change(uri, SHARED_WRITEBACK_DISK + '\n');
    await client.nextDiagnostics(uri);
    assert.deepEqual(client.logs.pending((m) => m.message.includes(PROJECT_CONFIG_FILE)), []);
  });
});
