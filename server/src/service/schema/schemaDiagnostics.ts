import { docsUrl } from '../docs';
import type { XmlDocument } from '../parse/parseXml';
import { applySuppressions } from '../suppression';
import type { LintDiagnostic, LintSettings, Span } from '../types';

/** The rule id of every schema diagnostic (diagnostic `code`, CLI rule id). */
export const SCHEMA_RULE_ID = 'schema';

/** A schema error: where (offsets into the text) and what, in one sentence. */
export interface SchemaError {
  span: Span;
  message: string;
}

/**
 * Schema errors as service diagnostics (rule id `schema`, level from `settings.rules.schema`).
 * With the document, `libvirt-lint-disable…` comments naming `schema` (or no id) apply too.
 */
export function schemaDiagnostics(errors: readonly SchemaError[], settings: LintSettings = {}, xml?: XmlDocument): LintDiagnostic[] {
  const level = settings.rules?.[SCHEMA_RULE_ID] ?? 'error';
  if (level === 'off') return [];
  const all = errors.map((e) => ({ ruleId: SCHEMA_RULE_ID, severity: level, message: e.message, span: e.span, docsUrl: docsUrl(SCHEMA_RULE_ID) }));
  // Unused comments are reported by the lint pass, which sees every comment: not again here.
  return xml ? applySuppressions(xml, all, (d) => d, new Set([SCHEMA_RULE_ID]), { ...settings, rules: { ...settings.rules, 'unused-suppression': 'off' } }).kept : all;
}

/**
 * The one info diagnostic shown when no schema directory was found: libvirt's schemas are
 * LGPL data that this extension does not ship, so it reads the installed ones.
 */
export function schemasMissingDiagnostic(searched: readonly string[], settings: LintSettings = {}): LintDiagnostic[] {
  if (settings.rules?.[SCHEMA_RULE_ID] === 'off') return [];
  const where = searched.length ? ` (looked in ${searched.join(', ')})` : '';
  return [
    {
      ruleId: SCHEMA_RULE_ID,
      severity: 'info',
      message:
        `libvirt's RelaxNG schemas were not found${where}, so schema validation is skipped. ` +
        "Install libvirt's library package (libvirt0 on Debian and Ubuntu, which puts them in /usr/share/libvirt/schemas) " +
        'or set libvirt.schema.path to a directory that holds domain.rng.',
      span: { start: 0, end: 0 },
      docsUrl: docsUrl(SCHEMA_RULE_ID),
    },
  ];
}

/**
 * Schema diagnostics that say again what a rule already reports as an error at the same place
 * (the rule's span covers the schema error's): one finding per cause, the rule's with its fix
 * and libvirt's wording. Other schema diagnostics are kept as they are.
 */
export function withoutSchemaRepeats(lint: readonly LintDiagnostic[], schema: readonly LintDiagnostic[]): LintDiagnostic[] {
  const errors = lint.filter((d) => d.severity === 'error' && d.ruleId !== SCHEMA_RULE_ID);
  if (errors.length === 0) return [...schema];
  return schema.filter((s) => !errors.some((e) => e.span.start <= s.span.start && s.span.end <= e.span.end));
}
