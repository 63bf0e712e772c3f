/** Colours of the text output (ANSI SGR), or none. */
export interface Style {
  path(s: string): string;
  error(s: string): string;
  warning(s: string): string;
  info(s: string): string;
  hint(s: string): string;
  rule(s: string): string;
  dim(s: string): string;
  /** The marker under a finding's range in a code frame. */
  marker(s: string): string;
}

const same = (s: string): string => s;

export const plainStyle: Style = { path: same, error: same, warning: same, info: same, hint: same, rule: same, dim: same, marker: same };

const sgr =
  (open: string, close = '\u001b[0m') =>
  (s: string): string =>
    s === '' ? s : `\u001b[${open}m${s}${close}`;

export const colorStyle: Style = {
  path: sgr('1'),
  error: sgr('31'),
  warning: sgr('33'),
  info: sgr('36'),
  hint: sgr('2'),
  rule: sgr('2'),
  dim: sgr('2'),
  marker: sgr('1;31'),
};

/**
 * Whether to colour: `--color`/`--no-color` first, then FORCE_COLOR (`0` or `false` turns
 * colour off, any other value on), then NO_COLOR (set and not empty: off, see no-color.org),
 * then whether the output is a terminal (and not TERM=dumb).
 */
export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}
