import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Commands } from '../../server/src/protocol';
import { repoRoot } from '../support/fixtures';
import { installVscodeStub } from '../support/vscodeStub';

installVscodeStub();
// Loaded after the stub is installed: the module imports 'vscode'.
const mod: typeof import('../../client/src/addConnection') = require('../../client/src/addConnection');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

describe('Add Connection', () => {
  it('names must fit in libvirt://<name>/… and be new (case-insensitively)', () => {
    assert.equal(mod.connectionNameProblem('system', {}), undefined);
    assert.equal(mod.connectionNameProblem(' lab-2.kvm ', {}), undefined);
    assert.match(mod.connectionNameProblem('', {})!, /Give the connection a name/);
    assert.match(mod.connectionNameProblem('a/b', {})!, /letters, digits/);
    assert.match(mod.connectionNameProblem('host:1', {})!, /letters, digits/);
    assert.match(mod.connectionNameProblem('System', { system: 'qemu:///system' })!, /exists already/);
  });

  it('URIs must look like libvirt URIs', () => {
    for (const ok of ['qemu:///system', 'qemu:///session', 'qemu+ssh://root@host.example/system', 'test:///default', 'qemu:///embed?root=/tmp/x']) {
      assert.equal(mod.connectionUriProblem(ok), undefined, ok);
    }
    assert.match(mod.connectionUriProblem('')!, /qemu:\/\/\/system/);
    assert.match(mod.connectionUriProblem('system')!, /Not a libvirt URI/);
    assert.match(mod.connectionUriProblem('qemu:///sys tem')!, /Not a libvirt URI/);
  });

  it('the empty libvirt Domains view has welcome content with the Add Connection button', () => {
    const welcome: { view: string; contents: string }[] = pkg.contributes.viewsWelcome;
    const forView = welcome.filter((w) => w.view === 'libvirt.domains');
    assert.equal(forView.length, 1);
    assert.match(forView[0].contents, new RegExp(`\\[Add Connection\\]\\(command:${Commands.addConnection.replace('.', '\\.')}\\)`));
    assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === Commands.addConnection));
    // The write goes to Global, which VS Code sends to the remote machine for machine-scoped settings.
    assert.equal(pkg.contributes.configuration.properties['libvirt.connections'].scope, 'machine');
  });
});
