import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { allRules } from '../../server/src/service/registry';
import type { LintSettings } from '../../server/src/service/types';
import { fixturesDir } from '../support/fixtures';
import { formatRange } from '../support/ranges';

/**
 * Every rule has a folder test/fixtures/rules/<rule-id>/ with:
 * - valid*.xml: no diagnostic of the rule;
 * - invalid*.xml + invalid*.expected.json: exactly these diagnostics of the rule
 *   ([{ "range": "l:c-l:c", "severity": "warning", "message"?: "substring" }]);
 * - invalid*.fixed.xml (when the rule has fixes): the text after applying the first fix of
 *   every finding; the fixed text is well-formed and has none of those findings left;
 *   invalid-nofix*.xml instead holds findings of such a rule for which no fix may be offered;
 * - settings.json (optional): LintSettings for all files of the folder;
 *   <file>.settings.json (optional): LintSettings for one file instead (e.g. a profile).
 */
const service = new LanguageService({
  onRuleError: ({ ruleId, error }) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
});
const rulesDir = path.join(fixturesDir, 'rules');

/** A settings file; its `catalog` ({ "network": { name: label } …}) becomes the maps LintSettings holds. */
function readSettings(file: string): LintSettings {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as LintSettings & { catalog?: Record<string, Record<string, string>> };
  if (!raw.catalog) return raw;
  const maps = (kind: string) => new Map(Object.entries(raw.catalog?.[kind] ?? {}));
  return { ...raw, catalog: { network: maps('network'), pool: maps('pool'), volume: maps('volume') } } as LintSettings;
}

interface Expected {
  range: string;
  severity: string;
  message?: string;
}

for (const rule of allRules) {
  describe(`rule ${rule.id}`, () => {
    const dir = path.join(rulesDir, rule.id);
    it('has a fixture folder with valid and invalid cases', () => {
      assert.ok(fs.existsSync(dir), `missing ${dir}`);
      const files = fs.readdirSync(dir);
      assert.ok(files.some((f) => /^valid.*\.xml$/.test(f)), 'no valid*.xml');
      assert.ok(files.some((f) => /^invalid[^.]*\.xml$/.test(f)), 'no invalid*.xml');
    });
    if (!fs.existsSync(dir)) return;
    const settingsFile = path.join(dir, 'settings.json');
    const folderSettings: LintSettings = fs.existsSync(settingsFile) ? readSettings(settingsFile) : {};
    const files = fs.readdirSync(dir).sort();
    const settingsOf = (file: string): LintSettings => {
      const own = path.join(dir, file.replace(/\.xml$/, '.settings.json'));
      return fs.existsSync(own) ? readSettings(own) : folderSettings;
    };

    for (const file of files.filter((f) => /^valid.*\.xml$/.test(f))) {
      it(`${file}: silent`, () => {
        const settings = settingsOf(file);
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        const doc = service.parse(text, settings);
        assert.equal(doc.xml?.syntaxError, null, 'fixture must be well-formed');
        const got = service.validate(doc, settings).filter((d) => d.ruleId === rule.id);
        assert.deepEqual(got.map((d) => `${formatRange(text, d.span)} ${d.message}`), []);
      });
    }

    for (const file of files.filter((f) => /^invalid[^.]*\.xml$/.test(f))) {
      const base = file.replace(/\.xml$/, '');
      const settings = settingsOf(file);
      it(`${file}: diagnostics at the expected ranges`, () => {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        const expected: Expected[] = JSON.parse(fs.readFileSync(path.join(dir, `${base}.expected.json`), 'utf8'));
        assert.ok(expected.length > 0, 'an invalid fixture expects at least one diagnostic');
        const doc = service.parse(text, settings);
        assert.equal(doc.xml?.syntaxError, null, 'fixture must be well-formed');
        const got = service.validate(doc, settings).filter((d) => d.ruleId === rule.id);
        assert.deepEqual(
          got.map((d) => ({ range: formatRange(text, d.span), severity: d.severity })),
          expected.map((e) => ({ range: e.range, severity: e.severity })),
        );
        got.forEach((d, i) => {
          if (expected[i].message) assert.ok(d.message.includes(expected[i].message!), `message "${d.message}" lacks "${expected[i].message}"`);
          assert.ok(d.message.length > 20 && /<|'/.test(d.message), `message should name the element or attribute: ${d.message}`);
        });
      });

      const fixedFile = path.join(dir, `${base}.fixed.xml`);
      if (rule.fix && /^invalid-nofix/.test(file)) {
        // Findings that no edit can repair (e.g. an image that needs converting): no fix offered.
        it(`${file}: no fix is offered`, () => {
          const text = fs.readFileSync(path.join(dir, file), 'utf8');
          const actions = service.allFixes(service.parse(text, settings), settings).filter((a) => a.diagnostic.ruleId === rule.id);
          assert.deepEqual(actions.map((a) => a.fix.title), []);
        });
      } else if (rule.fix) {
        it(`${file}: first fix of each finding gives ${base}.fixed.xml`, () => {
          const text = fs.readFileSync(path.join(dir, file), 'utf8');
          assert.ok(fs.existsSync(fixedFile), `missing ${base}.fixed.xml`);
          const doc = service.parse(text, settings);
          const actions = service.allFixes(doc, settings).filter((a) => a.diagnostic.ruleId === rule.id);
          const firstPerFinding = new Map<string, (typeof actions)[number]>();
          for (const a of actions) {
            const key = `${a.diagnostic.span.start}:${a.diagnostic.span.end}`;
            if (!firstPerFinding.has(key)) firstPerFinding.set(key, a);
          }
          assert.ok(firstPerFinding.size > 0, 'the rule offers no fix for its invalid fixture');
          const fixed = applyEdits(text, [...firstPerFinding.values()].flatMap((a) => a.fix.edits));
          assert.equal(fixed, fs.readFileSync(fixedFile, 'utf8'));
          assert.equal(parseXml(fixed).syntaxError, null, 'fixed text must be well-formed');
          const after = service.validate(service.parse(fixed, settings), settings).filter((d) => d.ruleId === rule.id);
          assert.deepEqual(after.map((d) => d.message), [], 'the fix must remove the finding');
        });
      }
    }
  });
}
