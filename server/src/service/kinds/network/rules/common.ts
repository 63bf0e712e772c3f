import type { Rule, RuleContext } from '../../../rule';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding, Severity, Span } from '../../../types';
import type { NetworkModel } from '../model/network';

export type NetworkRule = Rule<NetworkModel>;
export type NetworkContext = RuleContext<NetworkModel>;

/** A finding of a network rule. */
export function finding(rule: { id: string }, span: Span, message: string, severity?: Severity): Finding {
  return severity ? { ruleId: rule.id, span, message, severity } : { ruleId: rule.id, span, message };
}

/** The span of an attribute's name when written, else the element's name. */
export function attrOrName(el: XElement, attr: string): Span {
  return el.attr(attr)?.nameSpan ?? el.nameSpan;
}
