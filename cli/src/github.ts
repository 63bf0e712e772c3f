import path = require('node:path');
import type { Severity } from '../../server/src/service';
import { type FileReport, linted } from './format';

/** GitHub's annotation levels: info and hint are notices. */
const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** The message of a workflow command: `%`, CR and LF are escaped (as @actions/core does). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which separate the properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * The file as GitHub resolves it: relative to the checkout (GITHUB_WORKSPACE, else the
 * working directory) with forward slashes, when it lies below it.
 */
export function annotationPath(p: string, root: string): string {
  const absolute = path.resolve(p);
  const relative = path.relative(root, absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return (inside ? relative : absolute).split(path.sep).join('/');
}

/**
 * GitHub Actions workflow commands, one per finding:
 * `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE` (1-based; the
 * columns only when the range is on one line, as GitHub requires; endColumn inclusive), so
 * the findings annotate the pull request. Skipped files are `::debug::` lines, shown only
 * with step debug logging; the summary is a plain log line.
 */
export function formatGithub(files: (FileReport & { isStdin?: boolean })[], summary: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const root = env.GITHUB_WORKSPACE ? path.resolve(env.GITHUB_WORKSPACE) : cwd;
  const lines: string[] = [];
  for (const f of linted(files)) {
    for (const d of f.diagnostics) {
      const props: string[] = [];
      if (!f.isStdin) props.push(`file=${escapeProperty(annotationPath(f.path, root))}`);
      const { start, end } = d.range;
      props.push(`line=${start.line + 1}`);
      if (start.line === end.line) props.push(`col=${start.character + 1}`);
      props.push(`endLine=${end.line + 1}`);
      if (start.line === end.line) props.push(`endColumn=${Math.max(end.character, start.character + 1)}`);
      props.push(`title=${escapeProperty(d.ruleId)}`);
      lines.push(`::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`);
    }
  }
  for (const f of files) if (f.skipped !== undefined) lines.push(`::debug::${escapeData(`${f.path}: skipped (${f.skipped})`)}`);
  lines.push(summary);
  return lines.join('\n') + '\n';
}
