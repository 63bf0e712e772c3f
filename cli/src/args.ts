import { parseArgs } from 'node:util';
import { LEVELS, type Level, type LintSettings } from '../../server/src/service';
import { DEFAULT_RESULT_CACHE } from './resultCache';

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

export interface CliOptions {
  format: Format;
  fix: boolean;
  settings: LintSettings;
  /** `--schema DIR`: a directory, `false` for `--no-schema`, undefined: the installed schemas. */
  schema: string | false | undefined;
  paths: string[];
  help: boolean;
  version: boolean;
  /** `--libvirt URI`: add libvirt's own verdict (virsh) to the report. */
  libvirt?: string;
  /** `--domain FILE`: check device files as attached to this domain. */
  domain?: string;
  /** `--max-warnings N`: exit 1 when more warnings remain; -1: no limit. */
  maxWarnings: number;
  /** `--quiet`: report errors only. */
  quiet: boolean;
  /** `--color` true, `--no-color` false, undefined: decided by the terminal and the environment. */
  color?: boolean;
  /** `--code-frame` true, `--no-code-frame` false, undefined: frames when the output is a terminal. */
  codeFrame?: boolean;
  /** `--no-config`: do not read `.libvirt-lint.json` files. */
  useConfig: boolean;
  /** `--no-ignore`: lint the files that a config's `ignore` patterns name. */
  useIgnore: boolean;
  /** `--no-cache`: neither read nor write the cache directory (compiled schema, compiled program). */
  useCache: boolean;
  /** `--cache` (`--cache-location FILE`): keep each file's findings and lint only files that changed; the cache file. */
  resultCache?: string;
  listRules: boolean;
  /** `--print-config FILE`: print the settings that apply to FILE. */
  printConfig?: string;
}

/** A mistake on the command line: reported with exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: libvirt-xml-lint [options] PATH...

Lints libvirt XML: domains and device files for virsh attach-device. PATH is a file, a
directory (every *.xml below it, skipping node_modules and dot-directories), a glob in
quotes ('vms/**/*.xml') or - for standard input. Other XML files are reported as skipped.

Options:
  --format FORMAT           text (default), json, sarif (code scanning) or github
                            (workflow commands that annotate pull requests)
  --quiet                   report errors only
  --max-warnings N          exit 1 when more than N warnings remain (default -1: no limit;
                            under --quiet warnings are not counted)
  --color, --no-color       colour the text output (default: when it goes to a terminal,
                            unless NO_COLOR is set; FORCE_COLOR=1 forces it)
  --code-frame, --no-code-frame
                            show the source lines under each finding (default: when the
                            text output goes to a terminal)
  --fix                     write the safe fixes into the files (with -, print the fixed
                            text on stdout and the report on stderr), then report what remains
  --rule ID=LEVEL           set a rule's level: off, hint, info, warning or error (repeatable)
  --profile NAME            enable a profile: infoscale, migration, flush-unaware-guest
                            (repeatable)
  --schema DIR              validate against libvirt's RelaxNG schemas in DIR (holding
                            domain.rng; default: /usr/share/libvirt/schemas when present)
  --no-schema               skip schema validation
  --libvirt URI             add libvirt's own verdict (needs virsh), as rule 'libvirt':
                            test:///default  libvirt's generic parser, throwaway connection
                                             (test:///NODE.xml: on that node file)
                            qemu:///embed    that and the QEMU driver, throwaway root
                            other URIs       'virsh domxml-to-native' on that connection,
                                             which validates without defining anything
                            Networks and storage pools go to net-define / pool-define on
                            the test driver, in a fresh process that keeps nothing (on
                            test:///NODE.xml: that node file); libvirt's network and
                            storage drivers do not run embedded, and no URI has a
                            read-only check for them, so a note says so for the others
  --domain FILE             check device files (root <disk>, <interface> … for virsh
                            attach-device) as attached to the domain in FILE: duplicate
                            targets and addresses, missing controllers, free slots;
                            with --libvirt qemu:///embed, libvirt attaches the device to
                            a throwaway copy of the domain (attach-device --config)
  --no-config               do not read .libvirt-lint.json files
  --no-ignore               lint files that a config file's "ignore" patterns name
  --no-cache                do not read or write the cache ($XDG_CACHE_HOME/libvirt-xml,
                            else ~/.cache/libvirt-xml): the compiled schema and program,
                            kept so that the next run starts faster
  --cache                   keep each file's findings in .libvirt-lint-cache and lint
                            only the files that changed since (or whose settings, schema
                            or domain did); --fix and --libvirt runs lint every file
  --cache-location PATH     the file --cache uses (or a directory to hold it)
  --list-rules              list the rules (id, default level, title); JSON with --format json
  --print-config FILE       print the settings that apply to FILE as JSON
  -h, --help                show this help
  --version                 show the version

Config file: the nearest .libvirt-lint.json above each file, e.g.
  {"rules": {"cache-unsafe": "error"}, "profiles": ["migration"],
   "schema": {"enable": true, "path": "schemas"}, "ignore": ["generated/**"],
   "domain": "vm1.xml"}
Command-line options override it (--profile replaces its profiles).

Exit status: 0 when no error-severity diagnostic remains, 1 when one does or when more
warnings remain than --max-warnings allows, 2 on usage, config or I/O errors.`;

/**
 * Parses the command line. `knownRules` and `knownProfiles` make a typo in `--rule` or
 * `--profile` an error instead of a silently ignored setting.
 */
export function parseCommandLine(argv: string[], knownRules: readonly string[], knownProfiles: readonly string[]): CliOptions {
  // `--max-warnings -1`: parseArgs takes a value that starts with '-' only when attached
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-warnings' && /^-\d+$/.test(argv[i + 1] ?? '')) args.push(`--max-warnings=${argv[++i]}`);
    else args.push(argv[i]);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        profile: { type: 'string', multiple: true },
        schema: { type: 'string' },
        'no-schema': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        libvirt: { type: 'string' },
        domain: { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'code-frame': { type: 'boolean' },
        'no-code-frame': { type: 'boolean' },
        'no-config': { type: 'boolean' },
        'no-ignore': { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'list-rules': { type: 'boolean' },
        'print-config': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${values.format}' (expected one of: ${FORMATS.join(', ')})`);

  const rules: Record<string, Level> = {};
  for (const spec of values.rule ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--rule expects ID=LEVEL, got '${spec}'`);
    const id = spec.slice(0, eq).trim();
    const level = spec.slice(eq + 1).trim() as Level;
    if (!knownRules.includes(id)) throw new UsageError(`unknown rule id '${id}' in --rule ${spec} (--help lists the rule ids)`);
    if (!LEVELS.includes(level)) throw new UsageError(`bad level '${level}' in --rule ${spec} (expected one of: ${LEVELS.join(', ')})`);
    rules[id] = level;
  }
  const profiles: string[] = [];
  for (const name of values.profile ?? []) {
    if (!knownProfiles.includes(name)) throw new UsageError(`unknown profile '${name}' (known profiles: ${knownProfiles.join(', ')})`);
    if (!profiles.includes(name)) profiles.push(name);
  }
  if (values.schema !== undefined && values['no-schema']) throw new UsageError('--schema and --no-schema exclude each other');
  if (values.schema !== undefined && values.schema.trim() === '') throw new UsageError('--schema expects a directory');
  const schema = values['no-schema'] ? false : values.schema;
  const help = values.help ?? false;
  const version = values.version ?? false;
  const listRules = values['list-rules'] ?? false;
  const printConfig = values['print-config'];
  if (printConfig !== undefined && printConfig.trim() === '') throw new UsageError('--print-config expects a file');
  if (!help && !version && !listRules && printConfig === undefined && positionals.length === 0) throw new UsageError('no PATH given (use - to read standard input)');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');

  const libvirt = values.libvirt?.trim();
  if (values.libvirt !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(libvirt ?? '')) throw new UsageError(`--libvirt expects a libvirt URI such as qemu:///embed, got '${values.libvirt}'`);

  if (values.domain !== undefined && values.domain.trim() === '') throw new UsageError('--domain expects a domain XML file');

  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    const text = values['max-warnings'].trim();
    if (!/^(-1|\d+)$/.test(text)) throw new UsageError(`--max-warnings expects a whole number of warnings (0 or more, or -1 for no limit), got '${values['max-warnings']}'`);
    maxWarnings = Number(text);
  }
  if (values.cache && values['no-cache']) throw new UsageError('--cache and --no-cache exclude each other');
  const cacheLocation = values['cache-location'];
  if (cacheLocation !== undefined && cacheLocation.trim() === '') throw new UsageError('--cache-location expects a file or a directory');
  if (cacheLocation !== undefined && !values.cache) throw new UsageError('--cache-location needs --cache');
  const color = pair(values.color, values['no-color'], '--color', '--no-color');
  const codeFrame = pair(values['code-frame'], values['no-code-frame'], '--code-frame', '--no-code-frame');

  return {
    format,
    fix: values.fix ?? false,
    settings: { rules, profiles },
    schema,
    paths: positionals,
    help,
    version,
    ...(libvirt ? { libvirt } : {}),
    ...(values.domain !== undefined ? { domain: values.domain.trim() } : {}),
    maxWarnings,
    quiet: values.quiet ?? false,
    ...(color !== undefined ? { color } : {}),
    ...(codeFrame !== undefined ? { codeFrame } : {}),
    useConfig: !values['no-config'],
    useIgnore: !values['no-ignore'],
    useCache: !values['no-cache'],
    ...(values.cache ? { resultCache: cacheLocation ?? DEFAULT_RESULT_CACHE } : {}),
    listRules,
    ...(printConfig !== undefined ? { printConfig } : {}),
  };
}

/** `--x` / `--no-x`: true, false, or undefined when neither is given. */
function pair(on: boolean | undefined, off: boolean | undefined, onName: string, offName: string): boolean | undefined {
  if (on && off) throw new UsageError(`${onName} and ${offName} exclude each other`);
  return on ? true : off ? false : undefined;
}

function describeParseError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const msg = e.message ?? String(error);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const m = /'([^']+)'/.exec(msg);
    return `unknown option '${m ? m[1] : msg}'`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // node words it as "Option '--format <value>' argument missing" and the like
    return msg.replace(/\. To specify.*$/s, '');
  }
  return msg;
}
