import type { Severity } from '../../server/src/service';

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface CliFix {
  title: string;
  /** A safe fix: it never changes what the guest sees; `--fix` applies only these. */
  preferred: boolean;
  edits: { range: Range; newText: string }[];
}

export interface CliDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: CliFix[];
}

export interface FileReport {
  /** The path as the user named it (joined under a named directory), or `<stdin>`. */
  path: string;
  diagnostics: CliDiagnostic[];
}

/** The `--format json` document: exactly one object, stable field order. */
export function formatJson(files: FileReport[]): string {
  const out = {
    files: files.map((f) => ({
      path: f.path,
      diagnostics: f.diagnostics.map((d) => ({
        ruleId: d.ruleId,
        severity: d.severity,
        message: d.message,
        range: d.range,
        fixes: d.fixes.map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits.map((e) => ({ range: e.range, newText: e.newText })) })),
      })),
    })),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Counts per severity over all files. */
export function countSeverities(files: FileReport[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of files) for (const d of f.diagnostics) counts[d.severity]++;
  return counts;
}

/**
 * `file:line:col: severity rule-id message` with 1-based line and column (UTF-16 code units,
 * like editors' "go to line:column"), then one summary line.
 */
export function formatText(files: FileReport[], fixedFiles = 0): string {
  const lines: string[] = [];
  for (const f of files) {
    for (const d of f.diagnostics) {
      lines.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.ruleId} ${d.message}`);
    }
  }
  const c = countSeverities(files);
  const total = c.error + c.warning + c.info + c.hint;
  const checked = plural(files.length, 'file');
  let summary =
    total === 0
      ? `No problems in ${checked}.`
      : `${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info, ${plural(c.hint, 'hint')}) in ${checked}.`;
  if (fixedFiles > 0) summary += ` Fixed ${plural(fixedFiles, 'file')}.`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}
