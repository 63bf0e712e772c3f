import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { contributedKeys, explicitSection, type Inspected } from '../../client/src/explicitSettings';
import { EXPLICIT_SETTINGS_KEY, SETTINGS_SECTION } from '../../server/src/protocol';
import { defaultSettings, normalizeSettings, userSet } from '../../server/src/settings';
import { repoRoot } from '../support/fixtures';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

describe('the client answers with the settings the user set', () => {
  const keys = contributedKeys(pkg, SETTINGS_SECTION);

  it('knows every libvirt.* setting of package.json', () => {
    assert.ok(keys.includes('lint.shared-disk-cache-enabled') && keys.includes('profiles') && keys.includes('schema.path'));
    assert.ok(keys.every((k) => !k.startsWith('libvirt.')));
  });

  it('sends set values nested, the most specific scope first, and marks the answer explicit', () => {
    const set: Record<string, Inspected> = {
      // equal to the rule's default, set on purpose: it must still reach the server as set
      'lint.shared-disk-cache-enabled': { globalValue: 'warning' },
      profiles: { globalValue: ['infoscale'], workspaceValue: ['migration'] },
      'schema.path': { workspaceFolderValue: 'schemas' },
    };
    const out = explicitSection((k) => set[k], keys);
    assert.deepEqual(out, { [EXPLICIT_SETTINGS_KEY]: true, lint: { 'shared-disk-cache-enabled': 'warning' }, profiles: ['migration'], schema: { path: 'schemas' } });
    // The server reads it as those three set, everything else unset (left to a config file).
    const parsed = normalizeSettings(out);
    const u = userSet(out, parsed);
    assert.deepEqual([...u.lint], ['shared-disk-cache-enabled']);
    assert.equal(u.profiles, true);
    assert.equal(u.schemaPath, true);
    assert.equal(u.schemaEnable, false);
    assert.equal(parsed.schema.enable, defaultSettings().schema.enable);
  });
});
