import { parseArgs } from 'node:util';
import { LEVELS, type Level, type LintSettings } from '../../server/src/service';

export type Format = 'text' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

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
}

/** A mistake on the command line: reported with exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: libvirt-xml-lint [options] PATH...

Lints libvirt domain XML. PATH is a file, a directory (every *.xml below it, skipping
node_modules and dot-directories) or - for standard input.

Options:
  --format text|json|sarif  output format (default: text)
  --fix                     write the safe fixes into the files (with -, print the fixed
                            text on stdout and the report on stderr), then report what remains
  --rule ID=LEVEL           set a rule's level: off, hint, info, warning or error (repeatable)
  --profile NAME            enable a profile: infoscale, migration (repeatable)
  --schema DIR              validate against libvirt's RelaxNG schemas in DIR (holding
                            domain.rng; default: /usr/share/libvirt/schemas when present)
  --no-schema               skip schema validation
  --libvirt URI             add libvirt's own verdict (needs virsh), as rule 'libvirt':
                            test:///default  libvirt's generic parser, throwaway connection
                                             (test:///NODE.xml: on that node file)
                            qemu:///embed    that and the QEMU driver, throwaway root
                            other URIs       'virsh domxml-to-native' on that connection,
                                             which validates without defining anything
  -h, --help                show this help
  --version                 show the version

Exit status: 0 when no error-severity diagnostic remains, 1 when one does,
2 on usage or I/O errors.`;

/**
 * Parses the command line. `knownRules` and `knownProfiles` make a typo in `--rule` or
 * `--profile` an error instead of a silently ignored setting.
 */
export function parseCommandLine(argv: string[], knownRules: readonly string[], knownProfiles: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
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
  if (!help && !version && positionals.length === 0) throw new UsageError('no PATH given (use - to read standard input)');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');

  const libvirt = values.libvirt?.trim();
  if (values.libvirt !== undefined && !/^[a-z][a-z0-9+.-]*:\/\//i.test(libvirt ?? '')) throw new UsageError(`--libvirt expects a libvirt URI such as qemu:///embed, got '${values.libvirt}'`);

  return { format, fix: values.fix ?? false, settings: { rules, profiles }, schema, paths: positionals, help, version, ...(libvirt ? { libvirt } : {}) };
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
