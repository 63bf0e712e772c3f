/// <reference types="mocha" />
// The language status item (server state, schemas and their version, profiles, link to the
// output) and the start-up summary in the output channel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LibvirtXmlApi } from '../../../client/src/extension';
import { Commands } from '../../../server/src/protocol';
import { activateExtension, closeAll, open, waitFor } from './helpers';

async function profiles(value: string[] | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('libvirt', vscode.workspace.workspaceFolders?.[0]).update('profiles', value, vscode.ConfigurationTarget.WorkspaceFolder);
}

suite('language status item in a real VS Code', () => {
  let api: LibvirtXmlApi;
  suiteSetup(async () => {
    api = (await activateExtension()).exports as LibvirtXmlApi;
  });
  teardown(async () => {
    await profiles(undefined);
    await closeAll();
  });

  test('shows the running server, the schemas in use with their version, the profiles and a link to the output', async () => {
    await open('cluster-node.xml');
    const status = api.languageStatus();
    const view = await waitFor(
      async () => (await status.refresh(), status.view),
      (v) => v.state === 'running' && v.detail.startsWith('libvirt domain;'),
      'the status of a domain document',
    );
    assert.equal(view.text, 'libvirt: running');
    // What the machine has decides which of the two the item must say.
    if (fs.existsSync('/usr/share/libvirt/schemas/domain.rng')) assert.match(view.detail, /schemas of libvirt \S+ in \/usr\/share\/libvirt\/schemas/);
    else assert.match(view.detail, /no schemas found \(looked in \/usr\/share\/libvirt\/schemas/);
    assert.match(view.detail, /no profiles$/);
    await profiles(['migration', 'infoscale']);
    await waitFor(async () => (await status.refresh(), status.view.detail), (d) => d.endsWith('profiles: migration, infoscale'), 'the profiles in the status');
    await open('not-a-domain.xml');
    await waitFor(async () => (await status.refresh(), status.view.detail), (d) => d.startsWith('not a libvirt document'), 'a document that is not linted');
    // The item's command: the output channel.
    await vscode.commands.executeCommand(Commands.showOutput);
  });

  test('follows the server: stopped, then running again', async () => {
    await open('cluster-node.xml');
    const client = api.languageClient();
    assert.ok(client && client.isRunning());
    const status = api.languageStatus();
    await client.stop();
    try {
      const stopped = await waitFor(async () => (await status.updated, status.view), (v) => v.state === 'stopped', 'the stopped state');
      assert.equal(stopped.text, 'libvirt: stopped');
      assert.equal(stopped.severity, vscode.LanguageStatusSeverity.Warning);
    } finally {
      await client.start();
    }
    await waitFor(async () => (await status.updated, status.view.state), (s) => s === 'running', 'the running state');
  });

  test('the output channel got a start-up summary: version, server, schema, settings', () => {
    const log = api.startupLog();
    const version = (vscode.extensions.getExtension('libvirt-xml.libvirt-xml')!.packageJSON as { version: string }).version;
    assert.match(log[0], new RegExp(`^libvirt XML ${version.replace(/\./g, '\\.')} \\(VS Code `));
    assert.match(log[1], /^language server: .*dist\/server\.js$/);
    assert.match(log[2], /^schema: (schemas of libvirt|no schemas found|schema validation off)/);
    assert.match(log[3], /^settings: validate\.enable=true, profiles=\[.*\], schema\.enable=true/);
  });
});
