import { runRules } from '../../diagnostics';
import { applyEdits, setAttr } from '../../edits';
import { parseXml } from '../../parse/parseXml';
import type { ValueQuery } from '../kind';
import { NetworkModel } from './model/network';

/**
 * Completion's advice on a network attribute's values: the network's rules run on the document
 * with each value written in (network definitions are small, so the text is simply rewritten and
 * parsed again). A value is marked when it gets a warning or an error from a rule that does not
 * report every offered value alike: the check is the advice, no rule is written twice.
 */
export function adviseNetworkValues(query: ValueQuery<NetworkModel>, values: readonly string[]): Map<string, string> {
  const { element, attr, text, settings, rules } = query;
  const reported = values.map((value) => {
    const edited = applyEdits(text, [setAttr(element, attr, value, text)]);
    const xml = parseXml(edited);
    const byRule = new Map<string, string>();
    if (!xml.root) return byRule;
    for (const { rule, diagnostic } of runRules(rules, edited, new NetworkModel(xml, xml.root), settings)) {
      if ((diagnostic.severity === 'error' || diagnostic.severity === 'warning') && !byRule.has(rule.id)) byRule.set(rule.id, diagnostic.message);
    }
    return byRule;
  });
  const out = new Map<string, string>();
  values.forEach((value, i) => {
    for (const [id, message] of reported[i]) {
      if (reported.every((r) => r.has(id))) continue;
      out.set(value, message);
      break;
    }
  });
  return out;
}
