import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runRules } from '../../server/src/service/diagnostics';
import { replaceAttrValue } from '../../server/src/service/edits';
import { attrValues } from '../../server/src/service/factTypes';
import { domainKind } from '../../server/src/service/kinds/domain/index';
import { isDeviceRule } from '../../server/src/service/kinds/domain/rules/common/deviceRule';
import { type DomainRule, isDiskRule } from '../../server/src/service/kinds/domain/rules/common/diskRule';
import { LanguageService } from '../../server/src/service/languageService';
import type { XElement } from '../../server/src/service/parse/xmlTree';
import { sharedDir } from '../support/fixtures';

/**
 * The issue's proof that completion's advice and the linter are one predicate: at every
 * enumerated attribute value of every disk and controller in libvirt's corpus (and of every
 * device a device rule judges: interfaces, serial ports, consoles, channels, TPMs, IOMMUs), the values
 * completion marks unsafe are exactly the values for which linting the document with that
 * value written in gives a warning or an error, from a rule that advises, that not every
 * offered value gets (a finding every value gets is not about the value).
 *
 * The oracle is independent of the advice code: it rewrites the text, parses it again and
 * runs the rules' ordinary checks over the whole domain.
 */

const service = new LanguageService();
const advising: readonly DomainRule[] = domainKind.rules.filter((r) => isDiskRule(r) || isDeviceRule(r));
/** The devices whose attributes completion advises on. */
const ADVISED = new Set(['disk', 'controller', ...domainKind.rules.filter(isDeviceRule).flatMap((r) => r.devices)]);
const corpus = path.join(sharedDir, 'corpus', 'libvirt');

/** Elements inside an advised device of `<devices>`, the elements themselves included. */
function deviceElements(devices: XElement | undefined): XElement[] {
  const out: XElement[] = [];
  for (const d of devices?.children ?? []) {
    if (!ADVISED.has(d.name)) continue;
    out.push(d, ...d.descendants());
  }
  return out;
}

/** Serious findings of the advising rules in a text, by rule and start offset in the original text. */
function seriousFindings(text: string, shift: (offset: number) => number): Set<string> {
  const doc = service.parse(text);
  const out = new Set<string>();
  if (!doc.model || !doc.xml || doc.xml.syntaxError) return out;
  for (const { diagnostic } of runRules(advising, text, doc.model, {})) {
    if (diagnostic.severity === 'warning' || diagnostic.severity === 'error') out.add(`${diagnostic.ruleId}@${shift(diagnostic.span.start)}`);
  }
  return out;
}

describe('completion advice is the linter', () => {
  it('marks exactly the values that linting would report, at every attribute of the advised devices of the corpus', { skip: fs.existsSync(corpus) ? false : 'corpus not found' }, () => {
    let positions = 0;
    let marked = 0;
    const mismatches: string[] = [];
    for (const name of fs.readdirSync(corpus).filter((n) => n.endsWith('.xml')).sort()) {
      const text = fs.readFileSync(path.join(corpus, name), 'utf8');
      const doc = service.parse(text);
      if (doc.kind !== domainKind || !doc.xml || doc.xml.syntaxError) continue;
      const devices = doc.xml.root?.child('devices');
      for (const el of deviceElements(devices)) {
        const found = domainKind.facts.elementFact(el.name, el.parent?.name);
        for (const attr of el.attrs) {
          const fact = found?.fact.attrs?.[attr.name];
          const values = fact ? attrValues(fact, (n) => (n === attr.name ? undefined : el.attrValue(n))) : undefined;
          if (!values || values.length < 2 || attr.quote === '') continue;
          positions++;
          const entries = service.complete(doc, attr.valueSpan.start, {});
          const byCompletion = new Set(entries.filter((e) => e.unsafe).map((e) => e.label));
          const perValue = values.map((v) => {
            const edit = replaceAttrValue(attr, v.value);
            const changed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
            const delta = edit.newText.length - (edit.end - edit.start);
            return seriousFindings(changed, (o) => (o >= edit.start + edit.newText.length ? o - delta : o));
          });
          const byLinting = new Set(values.filter((_, i) => [...perValue[i]].some((key) => !perValue.every((other) => other.has(key)))).map((v) => v.value));
          marked += byCompletion.size;
          const a = [...byCompletion].sort().join(',');
          const b = [...byLinting].sort().join(',');
          if (a !== b) mismatches.push(`${name}: <${el.parent?.name}/${el.name} ${attr.name}>: completion marks [${a}], linting reports [${b}]`);
        }
      }
    }
    console.log(`advice property: ${positions} attribute positions, ${marked} values marked unsafe`);
    assert.ok(positions > 5000, `only ${positions} positions checked`);
    assert.ok(marked > 100, `only ${marked} values marked: the advice is not exercised`);
    assert.deepEqual(mismatches.slice(0, 30), [], `${mismatches.length} mismatches`);
  });
});
