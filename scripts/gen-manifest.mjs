// Regenerates the `libvirt.lint.<rule-id>` settings in package.json's
// contributes.configuration from the rule registry (one per rule: levels, the rule's default
// severity, its title), and the choices of `libvirt.profiles` from the profile registry.
// Other settings and the rest of package.json are kept as they are.
// test/unit/manifest.test.ts fails until this has been run after a rule is added or changed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadService, repoRoot as root } from './loadRegistry.mjs';

const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];
const PREFIX = 'libvirt.lint.';

function lintSetting(rule) {
  return {
    type: 'string',
    enum: LEVELS,
    default: rule.defaultSeverity,
    scope: 'resource',
    description: rule.title,
  };
}

const { allRules: rules, allProfiles: profiles } = await loadService();
const file = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.contributes ??= {};
pkg.contributes.configuration ??= { title: 'libvirt XML', properties: {} };
// contributes.configuration may be one section or an array of sections: use the one that
// already holds libvirt settings.
const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
const section = sections.find((s) => Object.keys(s.properties ?? {}).some((k) => k.startsWith('libvirt.'))) ?? sections[0];
for (const s of sections) {
  for (const key of Object.keys(s.properties ?? {})) if (key.startsWith(PREFIX)) delete s.properties[key];
}
section.properties ??= {};
for (const rule of rules) section.properties[PREFIX + rule.id] = lintSetting(rule);
const profileSetting = sections.map((s) => s.properties?.['libvirt.profiles']).find(Boolean);
if (!profileSetting) throw new Error('package.json has no libvirt.profiles setting to fill in');
profileSetting.items = { type: 'string', enum: profiles.map((p) => p.id), enumDescriptions: profiles.map((p) => p.description) };
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${rules.length} libvirt.lint.* settings, ${profiles.length} profiles`);
