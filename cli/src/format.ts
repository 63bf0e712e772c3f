import type { Severity } from '../../server/src/service';
import { codeFrame, printable } from './codeFrame';
import { type Style, plainStyle } from './style';

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
  /** Why the file was not linted (`not a libvirt document`, `ignored by …`); absent when it was. */
  skipped?: string;
  /** The text that was linted (for code frames). */
  text?: string;
}

/** Why a file whose root element is not `<domain>` is not linted. */
export const NOT_A_LIBVIRT_DOCUMENT = 'not a libvirt document';

export function linted<T extends FileReport>(files: T[]): T[] {
  return files.filter((f) => f.skipped === undefined);
}

/**
 * The `--format json` document: exactly one object, stable field order. `files` holds the
 * linted files; `skipped` the others, with the reason.
 */
export function formatJson(files: FileReport[]): string {
  const out = {
    files: linted(files).map((f) => ({
      path: f.path,
      diagnostics: f.diagnostics.map((d) => ({
        ruleId: d.ruleId,
        severity: d.severity,
        message: d.message,
        range: d.range,
        fixes: d.fixes.map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits.map((e) => ({ range: e.range, newText: e.newText })) })),
      })),
    })),
    skipped: files.filter((f) => f.skipped !== undefined).map((f) => ({ path: f.path, reason: f.skipped })),
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

export interface TextOptions {
  /** Files whose safe fixes were written (`--fix`). */
  fixedFiles?: number;
  style?: Style;
  /** Show the source lines under each finding. */
  codeFrames?: boolean;
}

/**
 * `N problems (…) in N files.`, or `No problems in N files.`, then the skipped files
 * (counted apart: they were not linted) and the fixed ones.
 */
export function summaryLine(files: FileReport[], fixedFiles = 0): string {
  const checked = linted(files);
  const c = countSeverities(checked);
  const total = c.error + c.warning + c.info + c.hint;
  const inFiles = plural(checked.length, 'file');
  let summary =
    total === 0
      ? `No problems in ${inFiles}.`
      : `${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info, ${plural(c.hint, 'hint')}) in ${inFiles}.`;
  const skipped = files.filter((f) => f.skipped !== undefined);
  if (skipped.length > 0) {
    const reasons = [...new Set(skipped.map((f) => (f.skipped === NOT_A_LIBVIRT_DOCUMENT ? f.skipped : 'ignored')))];
    summary += ` Skipped ${plural(skipped.length, 'file')} (${reasons.join(', ')}).`;
  }
  if (fixedFiles > 0) summary += ` Fixed ${plural(fixedFiles, 'file')}.`;
  return summary;
}

const SEVERITY_STYLE: Record<Severity, keyof Style> = { error: 'error', warning: 'warning', info: 'info', hint: 'hint' };

/**
 * `file:line:col: severity rule-id message` with 1-based line and column (UTF-16 code units,
 * like editors' "go to line:column"), optionally followed by indented source lines, then
 * `file: skipped (reason)` for the files not linted and one summary line.
 */
export function formatText(files: FileReport[], options: TextOptions = {}): string {
  const style = options.style ?? plainStyle;
  const lines: string[] = [];
  for (const f of linted(files)) {
    for (const d of f.diagnostics) {
      const position = `${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1}:`;
      lines.push(`${style.path(position)} ${style[SEVERITY_STYLE[d.severity]](d.severity)} ${style.rule(d.ruleId)} ${printable(d.message)}`);
      if (options.codeFrames && f.text !== undefined) lines.push(...codeFrame(f.text, d.range, style), '');
    }
  }
  for (const f of files) if (f.skipped !== undefined) lines.push(style.dim(`${f.path}: skipped (${f.skipped})`));
  const c = countSeverities(linted(files));
  const summary = summaryLine(files, options.fixedFiles ?? 0);
  lines.push(c.error > 0 ? style.error(summary) : c.warning > 0 ? style.warning(summary) : summary);
  return lines.join('\n') + '\n';
}
