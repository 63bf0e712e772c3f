import type { Rule } from './rule';
import { RuleContext } from './rule';
import { docsUrl } from './docs';
import type { Finding, LintDiagnostic, LintSettings, Severity } from './types';

/** The level a rule's findings get: the setting, else the finding's own, else the rule's default. */
export function levelOf(rule: Rule, finding: Finding | undefined, settings: LintSettings): Severity | 'off' {
  const configured = settings.rules?.[rule.id];
  if (configured) return configured;
  return finding?.severity ?? rule.defaultSeverity;
}

export interface RuleFailure {
  ruleId: string;
  error: unknown;
}

/** Runs every enabled rule; a rule that throws is reported to `onRuleError` and skipped. */
export function runRules(
  rules: readonly Rule[],
  text: string,
  model: unknown,
  settings: LintSettings,
  onRuleError?: (f: RuleFailure) => void,
): { rule: Rule; finding: Finding; diagnostic: LintDiagnostic }[] {
  const ctx = new RuleContext(text, model, settings);
  const out: { rule: Rule; finding: Finding; diagnostic: LintDiagnostic }[] = [];
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    if (settings.rules?.[rule.id] === 'off') continue;
    let findings: Finding[];
    try {
      findings = rule.check(ctx);
    } catch (error) {
      onRuleError?.({ ruleId: rule.id, error });
      continue;
    }
    if (findings.length === 0) continue;
    const url = docsUrl(rule.id);
    for (const finding of findings) {
      const level = levelOf(rule, finding, settings);
      if (level === 'off') continue;
      out.push({
        rule,
        finding,
        diagnostic: { ruleId: rule.id, severity: level, message: finding.message, span: finding.span, docsUrl: url, payload: finding.payload },
      });
    }
  }
  return out;
}
