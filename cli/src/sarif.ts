import path = require('node:path');
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Severity } from '../../server/src/service';
import type { FileReport, Range } from './format';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const STDIN_URI = 'stdin';

export interface SarifRuleInfo {
  id: string;
  title: string;
  defaultSeverity: Severity;
  helpUri: string;
}

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
  rules: readonly SarifRuleInfo[];
  /** False when the run met usage, config or I/O errors (exit status 2). */
  executionSuccessful?: boolean;
}

/** SARIF has no info/hint levels: both are `note`. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** A relative path stays a relative URI reference (code scanning resolves it against the checkout). */
export function artifactUri(p: string, isStdin: boolean): string {
  if (isStdin) return STDIN_URI;
  if (path.isAbsolute(p)) return pathToFileURL(p).href;
  return p.split(path.sep).map(encodeURIComponent).join('/');
}

/** LSP range → SARIF region: 1-based lines and columns, end column exclusive; UTF-16 columns. */
export function sarifRegion(r: Range): Sarif.Region {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** One SARIF 2.1.0 log with one run. */
export function formatSarif(files: (FileReport & { isStdin?: boolean })[], tool: SarifTool): string {
  const index = new Map(tool.rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = [];
  for (const f of files) {
    if (f.skipped !== undefined) continue;
    const uri = artifactUri(f.path, f.isStdin ?? false);
    for (const d of f.diagnostics) {
      const result: Sarif.Result = {
        ruleId: d.ruleId,
        ruleIndex: index.get(d.ruleId) ?? -1,
        level: sarifLevel(d.severity),
        message: { text: d.message },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: sarifRegion(d.range) } }],
        properties: { severity: d.severity },
      };
      if (d.fixes.length) {
        result.fixes = d.fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [
            {
              artifactLocation: { uri },
              replacements: fix.edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
            },
          ],
          properties: { preferred: fix.preferred },
        }));
      }
      results.push(result);
    }
  }
  // typed against the SARIF 2.1.0 object model (@types/sarif), so a misspelt property fails the build
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            informationUri: tool.informationUri,
            rules: tool.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.title },
              helpUri: r.helpUri,
              defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        // files that were not linted, as notifications (code scanning lists them with the run)
        invocations: [
          {
            executionSuccessful: tool.executionSuccessful ?? true,
            toolExecutionNotifications: files
              .filter((f) => f.skipped !== undefined)
              .map((f) => ({
                descriptor: { id: 'skipped' },
                level: 'note' as const,
                message: { text: `skipped (${f.skipped})` },
                locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(f.path, f.isStdin ?? false) } } }],
              })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
