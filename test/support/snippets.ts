import type { LanguageService } from '../../server/src/service/languageService';
import { commandRuns } from './libvirtEnv';
import { formatRange } from './ranges';

// The expander lives with the server, which serves the snippets through completion.
export { expandSnippet } from '../../server/src/service/snippetText';

/** A snippet as VS Code's snippet files write it. */
export interface SnippetJson {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

/** The warnings and errors of a text, as `rule severity range: message` lines. */
export function lintProblems(service: LanguageService, text: string): string[] {
  const doc = service.parse(text);
  return service
    .validate(doc)
    .filter((d) => d.severity === 'error' || d.severity === 'warning')
    .map((d) => `${d.ruleId} ${d.severity} ${formatRange(text, d.span)}: ${d.message}`);
}

/** Whether xmllint can be run here (schema checks with libxml2 are skipped otherwise). */
export const hasXmllint: boolean = commandRuns('xmllint');
