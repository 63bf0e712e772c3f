#!/usr/bin/env node
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinRules, docsUrl, LanguageService, LineIndex, type LintDiagnostic, type LintSettings, type Span } from '../../server/src/service';
import { allProfiles } from '../../server/src/service/profiles';
import { findSchemaDir, fileSchemaReader } from '../../server/src/schemaFiles';
import { CompiledSchema, schemaDiagnostics, SCHEMA_RULE_ID, SchemaLoadError } from '../../server/src/service/schema/validate';
import { withoutSchemaRepeats } from '../../server/src/service/schema/schemaDiagnostics';
import { parseCommandLine, USAGE, UsageError } from './args';
import { formatJson, formatText, type CliDiagnostic, type CliFix, type FileReport, type Range } from './format';
import { formatSarif, type SarifRuleInfo } from './sarif';
import { asQemuType, LIBVIRT_RULE_ID, libvirtDiagnostics } from '../../server/src/service/libvirt/index';
import { libvirtVerdicts, ThrowawayLibvirt, Virsh } from '../../client/src/virsh';

const NAME = 'libvirt-xml-lint';
const INFORMATION_URI = 'https://github.com/libvirt-xml/libvirt-xml';
const STDIN_PATH = '<stdin>';
const BOM = '\uFEFF';

interface Input {
  path: string;
  isStdin: boolean;
}

/** Problems that make the exit status 2, printed on stderr as they happen. */
class Problems {
  count = 0;
  report(message: string): void {
    this.count++;
    process.stderr.write(`${NAME}: ${message}\n`);
  }
}

function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'libvirt-xml' && pkg.version) return pkg.version;
    } catch {
      // not there or not ours: keep looking upwards
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

function describeIoError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e.message ?? String(error);
  }
}

/** Every `*.xml` under a directory, skipping node_modules and dot-directories, sorted. */
function xmlFilesUnder(root: string, problems: Problems): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    let entries: fs.Dirent[];
    try {
      real = fs.realpathSync(dir);
      // a symlink back up the tree would otherwise recurse forever
      if (seen.has(real)) return;
      seen.add(real);
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.report(`cannot read directory '${dir}': ${describeIoError(error)}`);
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link: nothing to lint
        }
      }
      if (isDir) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        walk(full);
      } else if (isFile && /\.xml$/i.test(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found.sort();
}

function collectInputs(paths: string[], problems: Problems): Input[] {
  const inputs: Input[] = [];
  for (const p of paths) {
    if (p === '-') {
      inputs.push({ path: STDIN_PATH, isStdin: true });
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (error) {
      problems.report(`cannot read '${p}': ${describeIoError(error)}`);
      continue;
    }
    if (st.isDirectory()) for (const f of xmlFilesUnder(p, problems)) inputs.push({ path: f, isStdin: false });
    else inputs.push({ path: p, isStdin: false });
  }
  return inputs;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Decoded {
  /** The text without a byte order mark: positions are counted as editors count them. */
  text: string;
  bom: boolean;
  /** False when the bytes are not UTF-8: such a file is linted but never written. */
  utf8: boolean;
}

function decode(bytes: Buffer): Decoded {
  let utf8 = true;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    utf8 = false;
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  }
  const bom = text.startsWith(BOM);
  return { text: bom ? text.slice(1) : text, bom, utf8 };
}

function byPosition(a: LintDiagnostic, b: LintDiagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId);
}

/**
 * The schema to validate with: `--schema DIR`, else the installed one; null when skipped.
 * A missing default is a note on stderr (not an error); a wrong `--schema` is an error.
 */
function loadSchema(option: string | false | undefined, settings: LintSettings, problems: Problems): CompiledSchema | null {
  if (option === false || settings.rules?.[SCHEMA_RULE_ID] === 'off') return null;
  const { dir, searched } = findSchemaDir(option);
  if (!dir) {
    if (option) problems.report(`--schema ${option}: no domain.rng there`);
    else process.stderr.write(`${NAME}: note: libvirt's RelaxNG schemas were not found (looked in ${searched.join(', ')}); schema validation skipped. Install libvirt0 (Debian, Ubuntu) or use --schema DIR.\n`);
    return null;
  }
  try {
    return CompiledSchema.load(fileSchemaReader(dir));
  } catch (error) {
    problems.report(`cannot use the schemas in '${dir}': ${error instanceof SchemaLoadError ? error.message : String(error)}`);
    return null;
  }
}

/** Lints one text: diagnostics in LSP coordinates, each with its fixes (safe ones preferred). */
function lint(service: LanguageService, text: string, settings: LintSettings, schema: CompiledSchema | null): CliDiagnostic[] {
  const doc = service.parse(text, settings);
  const diagnostics = service.validate(doc, settings);
  if (schema && doc.xml && !doc.xml.syntaxError && service.isLibvirtDocument(doc)) diagnostics.push(...withoutSchemaRepeats(diagnostics, schemaDiagnostics(schema.validate(doc.xml), settings, doc.xml)));
  diagnostics.sort(byPosition);
  if (diagnostics.length === 0) return [];
  const lines = new LineIndex(text);
  const range = (s: Span): Range => ({ start: lines.positionAt(s.start), end: lines.positionAt(s.end) });
  const key = (d: LintDiagnostic) => `${d.ruleId}\u0000${d.span.start}\u0000${d.span.end}\u0000${d.message}`;
  const fixes = new Map<string, CliFix[]>();
  for (const { diagnostic, fix } of service.allFixes(doc, settings)) {
    const list = fixes.get(key(diagnostic)) ?? [];
    list.push({ title: fix.title, preferred: fix.safe, edits: fix.edits.map((e) => ({ range: range(e), newText: e.newText })) });
    fixes.set(key(diagnostic), list);
  }
  return diagnostics.map((d) => ({ ruleId: d.ruleId, severity: d.severity, message: d.message, range: range(d.span), fixes: fixes.get(key(d)) ?? [] }));
}

export async function main(argv: string[]): Promise<number> {
  const problems = new Problems();
  const service = new LanguageService({
    onRuleError: ({ ruleId, error }) => problems.report(`internal error in rule ${ruleId}: ${error instanceof Error ? error.message : String(error)}`),
  });
  const ruleInfos: SarifRuleInfo[] = [...service.rules, ...builtinRules].map((r) => ({ id: r.id, title: r.title, defaultSeverity: r.defaultSeverity, helpUri: docsUrl(r.id) }));

  let options;
  try {
    options = parseCommandLine(argv, ruleInfos.map((r) => r.id), allProfiles.map((p) => p.id));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${NAME}: ${error.message}\nTry '${NAME} --help' for more information.\n`);
    return 2;
  }
  if (options.help) {
    const width = Math.max(...ruleInfos.map((r) => r.id.length));
    const rules = ruleInfos.map((r) => `  ${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.title}`).join('\n');
    process.stdout.write(`${USAGE}\n\nRules (id, default level, what it checks; docs: ${docsUrl('').replace(/#$/, '')}):\n${rules}\n`);
    return 0;
  }
  if (options.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }

  const { settings } = options;
  const schema = loadSchema(options.schema, settings, problems);
  const libvirtLevel = settings.rules?.[LIBVIRT_RULE_ID] ?? 'error';
  const virsh = new Virsh();
  const oracle = new ThrowawayLibvirt(virsh, { asQemuType });
  /** libvirt's verdict as diagnostics; a virsh that cannot run is a problem of the run (exit 2). */
  const libvirtFindings = async (input: Input, text: string): Promise<CliDiagnostic[]> => {
    if (!options.libvirt || libvirtLevel === 'off' || !service.isLibvirtDocument(service.parse(text, settings))) return [];
    try {
      const found = libvirtDiagnostics(text, await libvirtVerdicts(virsh, oracle, options.libvirt, text));
      const lines = new LineIndex(text);
      return found.map((d) => ({ ruleId: d.ruleId, severity: libvirtLevel, message: d.message, range: { start: lines.positionAt(d.span.start), end: lines.positionAt(d.span.end) }, fixes: [] }));
    } catch (error) {
      problems.report(`libvirt could not check '${input.path}': ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  };
  const reports: (FileReport & { isStdin: boolean })[] = [];
  let fixedFiles = 0;
  let fixedStdin: string | undefined;
  for (const input of collectInputs(options.paths, problems)) {
    let bytes: Buffer;
    try {
      bytes = input.isStdin ? await readStdin() : fs.readFileSync(input.path);
    } catch (error) {
      problems.report(`cannot read '${input.path}': ${describeIoError(error)}`);
      continue;
    }
    const decoded = decode(bytes);
    let text = decoded.text;
    if (options.fix) {
      const fixed = service.fixAll(text, settings).text;
      if (input.isStdin) {
        fixedStdin = (decoded.bom ? BOM : '') + fixed;
        if (fixed !== text) fixedFiles++;
        text = fixed;
      } else if (fixed !== text) {
        if (!decoded.utf8) {
          problems.report(`not writing fixes to '${input.path}': the file is not valid UTF-8`);
        } else {
          try {
            fs.writeFileSync(input.path, (decoded.bom ? BOM : '') + fixed);
            fixedFiles++;
            text = fixed;
          } catch (error) {
            problems.report(`cannot write '${input.path}': ${describeIoError(error)}`);
          }
        }
      }
    }
    const diagnostics = [...lint(service, text, settings, schema), ...(await libvirtFindings(input, text))];
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    reports.push({ path: input.path, isStdin: input.isStdin, diagnostics });
  }
  await oracle.dispose();

  let report: string;
  if (options.format === 'json') report = formatJson(reports);
  else if (options.format === 'sarif') report = formatSarif(reports, { name: NAME, version: packageVersion(), informationUri: INFORMATION_URI, rules: ruleInfos });
  else report = formatText(reports, fixedFiles);

  if (fixedStdin !== undefined) {
    // stdout carries the fixed document, so the report goes to stderr
    process.stdout.write(fixedStdin);
    process.stderr.write(report);
  } else {
    process.stdout.write(report);
  }

  if (problems.count > 0) return 2;
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  // `libvirt-xml-lint … | head` closes the pipe early: that is not an error worth a stack trace
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${NAME}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
