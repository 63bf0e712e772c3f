// Regenerates the `libvirt.lint.<rule-id>` settings in package.json's
// contributes.configuration from the rule registry (one per rule: levels, the rule's default
// severity, its title). Other settings and the rest of package.json are kept as they are.
// test/unit/manifest.test.ts fails until this has been run after a rule is added or changed.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];
const PREFIX = 'libvirt.lint.';

/** The registry, compiled in memory (no dependency on an earlier build). */
async function loadRules() {
  const result = await build({
    entryPoints: [path.join(root, 'server/src/service/rules/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} };
  const require = createRequire(path.join(root, 'package.json'));
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, require);
  return module.exports.allRules;
}

function lintSetting(rule) {
  return {
    type: 'string',
    enum: LEVELS,
    default: rule.defaultSeverity,
    scope: 'resource',
    description: rule.title,
  };
}

const rules = await loadRules();
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
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`package.json: ${rules.length} libvirt.lint.* settings`);
