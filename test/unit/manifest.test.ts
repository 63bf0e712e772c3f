import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Commands, SERVER_COMMANDS } from '../../server/src/protocol';
import { serverCommandIds } from '../../server/src/handlers/executeCommand';
import { allProfiles } from '../../server/src/service/profiles';
import { allRules } from '../../server/src/service/registry';
import { repoRoot } from '../support/fixtures';
import { documentSelector } from '../../client/src/documentSelector';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const REGENERATE = 'package.json is out of date with the rule registry: run `npm run gen-manifest`';

interface Property {
  type?: string;
  enum?: string[];
  default?: unknown;
  description?: string;
  scope?: string;
}

function properties(): Record<string, Property> {
  const config = pkg.contributes?.configuration;
  const sections: { properties?: Record<string, Property> }[] = Array.isArray(config) ? config : config ? [config] : [];
  return Object.assign({}, ...sections.map((s) => s.properties ?? {}));
}

describe('package.json manifest', () => {
  const props = properties();

  it('has a libvirt.lint.<rule-id> setting for every rule, matching the registry', () => {
    for (const rule of allRules) {
      const p = props[`libvirt.lint.${rule.id}`];
      assert.ok(p, `no setting libvirt.lint.${rule.id}: ${REGENERATE}`);
      assert.deepEqual(p.enum, ['off', 'hint', 'info', 'warning', 'error'], `libvirt.lint.${rule.id} levels: ${REGENERATE}`);
      assert.equal(p.default, rule.defaultSeverity, `libvirt.lint.${rule.id} default: ${REGENERATE}`);
      assert.equal(p.description, rule.title, `libvirt.lint.${rule.id} description: ${REGENERATE}`);
    }
  });

  it('has no libvirt.lint.* setting for a rule that is not in the registry', () => {
    const ids = new Set(allRules.map((r) => r.id));
    const stale = Object.keys(props).filter((k) => k.startsWith('libvirt.lint.') && !ids.has(k.slice('libvirt.lint.'.length)));
    assert.deepEqual(stale, [], REGENERATE);
  });

  it('offers exactly the registered profiles in libvirt.profiles, with their descriptions', () => {
    const items = (props['libvirt.profiles'] as { items?: { enum?: string[]; enumDescriptions?: string[] } } | undefined)?.items;
    assert.deepEqual(items?.enum, allProfiles.map((p) => p.id), REGENERATE);
    assert.deepEqual(items?.enumDescriptions, allProfiles.map((p) => p.description), REGENERATE);
  });

  it('contributes the server settings', () => {
    assert.equal(props['libvirt.validate.enable']?.default, true);
    assert.equal(props['libvirt.profiles']?.type, 'array');
    assert.equal(props['libvirt.maxFileSize']?.type, 'number');
    assert.deepEqual(props['libvirt.trace.server']?.enum, ['off', 'messages', 'verbose']);
  });

  it('contributes exactly the commands of protocol.ts, and the server runs its own', () => {
    const contributed = (pkg.contributes?.commands ?? []).map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
    assert.deepEqual([...serverCommandIds].sort(), [...SERVER_COMMANDS].sort());
  });

  it('activates on XML, starts the bundled client, and declares limited untrusted-workspace support', () => {
    assert.ok(pkg.activationEvents.includes('onLanguage:xml'));
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description);
  });

  it('declares limited virtual-workspace support, as the client serves file:, untitled: and libvirt: documents only', () => {
    const schemes = documentSelector.map((f) => (typeof f === 'string' ? f : (f as { scheme?: string }).scheme));
    assert.deepEqual(schemes, ['file', 'untitled', 'libvirt']);
    assert.equal(pkg.capabilities?.virtualWorkspaces?.supported, 'limited');
    assert.match(pkg.capabilities.virtualWorkspaces.description, /not linted/);
  });

  it('ships the bundles in the .vsix', () => {
    const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n');
    for (const f of ['!dist/extension.js', '!dist/server.js']) assert.ok(ignore.includes(f), `.vscodeignore must keep ${f}`);
  });
});
