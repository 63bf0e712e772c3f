import type { Severity } from './types';

/**
 * Diagnostics the language service produces itself rather than through a `Rule`: they still
 * need an id, a title and docs for settings, SARIF `tool.driver.rules[]` and the rule reference.
 */
export interface BuiltinRule {
  readonly id: string;
  readonly title: string;
  readonly defaultSeverity: Severity;
  readonly docs: string;
}

export const builtinRules: readonly BuiltinRule[] = [
  {
    id: 'not-well-formed',
    title: 'The document is not well-formed XML',
    defaultSeverity: 'error',
    docs: `A \`<domain>\` document that the XML parser cannot read gets one diagnostic at the place where the
parser stopped, with the parser's reason. No other rule runs on it until it is well-formed, because
libvirt itself (\`virsh define\`) rejects it before looking at any element.

Typical causes: an unclosed element, a missing quote around an attribute value, a bare \`&\` or \`<\` in
a value or text (write \`&amp;\` and \`&lt;\`).`,
  },
  {
    id: 'too-large',
    title: 'The document is too large to be analysed',
    defaultSeverity: 'info',
    docs: `Documents larger than the size limit (5 MB by default) are not analysed, so that editing stays
responsive; the diagnostic says so instead of staying silent. Real domain definitions are far
smaller; a file this large is usually generated.`,
  },
];
