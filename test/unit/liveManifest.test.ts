import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/fixtures';
import { installVscodeStub } from '../support/vscodeStub';

installVscodeStub();
const live: typeof import('../../client/src/liveDomains') = require('../../client/src/liveDomains');

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

function properties(): Record<string, { scope?: string; type?: string }> {
  const config = pkg.contributes?.configuration;
  const sections: { properties?: Record<string, { scope?: string }> }[] = Array.isArray(config) ? config : [config];
  return Object.assign({}, ...sections.map((s) => s.properties ?? {}));
}

test('live-domain settings are machine scoped and restricted in untrusted workspaces', () => {
  const props = properties();
  assert.equal(props['libvirt.connections']?.scope, 'machine');
  assert.equal(props['libvirt.connections']?.type, 'object');
  assert.equal(props['libvirt.virshPath']?.scope, 'machine');
  const untrusted = pkg.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.deepEqual([...untrusted.restrictedConfigurations].sort(), ['libvirt.connections', 'libvirt.virshPath']);
  assert.match(untrusted.description, /trusted workspace/);
});

test('the domains view, its commands and the libvirt: file system are contributed', () => {
  assert.ok(pkg.contributes.views.explorer.some((v: { id: string }) => v.id === live.DOMAINS_VIEW_ID));
  const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
  for (const id of Object.values(live.LIVE_COMMANDS)) assert.ok(commands.includes(id), id);
  assert.ok(pkg.activationEvents.includes('onFileSystem:libvirt'));
  const titleMenu = pkg.contributes.menus['view/title'].map((m: { command: string }) => m.command);
  assert.ok(titleMenu.includes(live.LIVE_COMMANDS.refreshDomains));
});
