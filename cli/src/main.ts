import fs = require('node:fs');
import path = require('node:path');
import { allProfiles, type AnyKind, type AttachTarget, builtinRules, CatalogBuilder, mayDefineObject, OBJECT_HEAD_LENGTH, type ObjectCatalog, MINIMAL_DOMAIN, spliceDevice, docsUrl, LanguageService, LineIndex, type LintDiagnostic, type LintSettings, type ParsedDocument, type Span } from '../../server/src/service';
import { findSchemaDir } from '../../server/src/schemaFiles';
import { userCacheDir } from '../../server/src/cacheDir';
import { buildId, type CachedSchema, hash64, loadCompiledSchema, type SchemaCacheOptions, schemaDirKey, storeDerived } from '../../server/src/schemaCache';
import { type CompiledSchema, schemaDiagnostics, SCHEMA_RULE_ID, SchemaLoadError } from '../../server/src/service/schema/validate';
import { withoutSchemaRepeats } from '../../server/src/service/schema/schemaDiagnostics';
import { DOMAIN_CONTEXT } from '../../server/src/service/builtinRules';
import { type CliOptions, parseCommandLine, USAGE, UsageError } from './args';
import { countSeverities, formatJson, formatText, linted, NOT_A_LIBVIRT_DOCUMENT, summaryLine, type CliDiagnostic, type CliFix, type FileReport, type Range } from './format';
import type { SarifRuleInfo } from './sarif';
import { allWritten, isTerminal, writeErr, writeOut } from './output';
import { colorStyle, plainStyle, useColor } from './style';
import { type CachedResult, ResultCache } from './resultCache';
import { builtinVocabulary, isIgnored, ProjectConfigError, ProjectConfigLoader } from '../../server/src/projectConfig';
import type { LibvirtVerdict } from '../../server/src/service/libvirt/index';
import { LIBVIRT_RULE_ID } from '../../server/src/service/libvirt/verdict';

// Loaded when a run needs them (a plain lint needs none): every module evaluated at start-up
// is paid by every run, and a pre-commit hook runs the linter on every commit.
// tinyglobby as a require: the bundle must take its (and fdir's) CommonJS build, which needs no import.meta
const globbing = (): typeof import('tinyglobby') => require('tinyglobby') as typeof import('tinyglobby');
const virshModule = (): typeof import('../../client/src/virsh') => require('../../client/src/virsh') as typeof import('../../client/src/virsh');
const libvirtService = (): typeof import('../../server/src/service/libvirt/index') => require('../../server/src/service/libvirt/index') as typeof import('../../server/src/service/libvirt/index');

const NAME = 'libvirt-xml-lint';
const INFORMATION_URI = 'https://github.com/libvirt-xml/libvirt-xml';
const STDIN_PATH = '<stdin>';
const BOM = '\uFEFF';

interface Input {
  path: string;
  isStdin: boolean;
}

/** The settings of one file: the command line over its config file. */
interface Effective {
  settings: LintSettings;
  /** As `--schema`: a directory, false for none, undefined for the installed schemas. */
  schema: string | false | undefined;
  configFile: string | null;
  /** The config's `ignore` patterns name the file (and --no-ignore was not given). */
  ignored: boolean;
  /** The domain device files are attached to: `--domain`, else the config's `domain`. */
  domain?: { file: string; origin: string };
}

/** Effective settings per file, from the nearest `.libvirt-lint.json` and the command line. */
class SettingsResolver {
  private readonly loader: ProjectConfigLoader | null;

  constructor(
    private readonly options: CliOptions,
    ruleIds: readonly string[],
  ) {
    this.loader = options.useConfig ? new ProjectConfigLoader({ ...builtinVocabulary(), rules: ruleIds }) : null;
  }

  /** `file` null: standard input, whose config is looked up from the working directory. */
  forFile(file: string | null): Effective | ProjectConfigError {
    const lookup = this.loader ? (file === null ? this.loader.forDirectory(process.cwd()) : this.loader.forFile(file)) : null;
    if (lookup?.error) return lookup.error;
    const config = lookup?.config;
    const cli = this.options;
    const profiles = cli.settings.profiles?.length ? cli.settings.profiles : (config?.profiles ?? []);
    const schema = cli.schema !== undefined ? cli.schema : config?.schema.enable === false ? false : config?.schema.path;
    const domain = cli.domain !== undefined ? { file: cli.domain, origin: `--domain ${cli.domain}` } : config?.domain ? { file: config.domain, origin: `"domain" in ${config.file}` } : undefined;
    return {
      settings: { rules: { ...config?.rules, ...cli.settings.rules }, profiles },
      schema,
      configFile: config?.file ?? null,
      ignored: config !== undefined && file !== null && cli.useIgnore && isIgnored(config, file),
      ...(domain ? { domain } : {}),
    };
  }

  /** Whether a file found by walking a directory or a glob is left out (quietly). */
  ignoredQuietly(file: string): boolean {
    const e = this.forFile(file);
    return !(e instanceof ProjectConfigError) && e.ignored;
  }
}

/** Problems that make the exit status 2, printed on stderr as they happen. */
class Problems {
  count = 0;
  report(message: string): void {
    this.count++;
    writeErr(`${NAME}: ${message}\n`);
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

/** Every `*.xml` under a directory, skipping node_modules, dot-directories and ignored files, sorted. */
function xmlFilesUnder(root: string, problems: Problems, ignored: (file: string) => boolean): string[] {
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
      } else if (isFile && /\.xml$/i.test(entry.name) && !ignored(full)) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found.sort();
}

/**
 * The files named on the command line: files, directories, globs (for shells that do not
 * expand them, or when quoted) and `-`. Files that a directory walk or a glob finds are left
 * out when a config file ignores them; a file named itself is reported as skipped instead.
 */
function collectInputs(paths: string[], problems: Problems, ignored: (file: string) => boolean): Input[] {
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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && globbing().isDynamicPattern(p)) {
        const matches = globbing().globSync(p, { onlyFiles: true, dot: false, ignore: ['**/node_modules/**'], absolute: path.isAbsolute(p), expandDirectories: false })
          .map((f) => path.normalize(f))
          .sort();
        if (matches.length === 0) problems.report(`no files match the pattern '${p}'`);
        for (const f of matches) if (!ignored(f)) inputs.push({ path: f, isStdin: false });
        continue;
      }
      problems.report(`cannot read '${p}': ${describeIoError(error)}`);
      continue;
    }
    if (st.isDirectory()) for (const f of xmlFilesUnder(p, problems, ignored)) inputs.push({ path: f, isStdin: false });
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
  /** The bytes read. */
  bytes: Buffer;
}

/**
 * The networks, pools and volumes defined by the files to lint (not standard input): the first
 * bytes of each file tell whether it may define one, and only those are read whole; their bytes
 * are kept in `read` for the main pass, which lints what the catalog saw without reading it
 * again. Unreadable files are left to the main pass, which reports them. Returned with the catalog:
 * the files' total size in bytes (what the schema cache weighs its stored states against), and
 * with `keyed` (--cache) a key of the catalog's files (their paths and bytes).
 */
function catalogOf(inputs: readonly Input[], read: Map<string, Decoded>, keyed: boolean): { catalog: ObjectCatalog | undefined; inputBytes: number; catalogKey: string } {
  const builder = new CatalogBuilder();
  const keyParts: (string | Uint8Array)[] = [];
  const head = Buffer.alloc(OBJECT_HEAD_LENGTH);
  let inputBytes = 0;
  for (const input of inputs) {
    if (input.isStdin) continue;
    try {
      const fd = fs.openSync(input.path, 'r');
      let n: number;
      try {
        inputBytes += fs.fstatSync(fd).size;
        n = fs.readSync(fd, head, 0, head.length, 0);
      } finally {
        fs.closeSync(fd);
      }
      if (!mayDefineObject(head.toString('utf8', 0, n))) continue;
      const decoded = decode(fs.readFileSync(input.path));
      read.set(input.path, decoded);
      builder.set(input.path, decoded.text, input.path);
      if (keyed) keyParts.push(input.path, decoded.bytes);
    } catch {
      continue;
    }
  }
  return { catalog: builder.size > 0 ? builder.catalog() : undefined, inputBytes, catalogKey: keyParts.length > 0 ? hash64(keyParts) : '' };
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
  return { text: bom ? text.slice(1) : text, bom, utf8, bytes };
}

/**
 * Rule ids (lower-case letters, digits and hyphens) in code-unit order, which for them is
 * `localeCompare`'s order too, without starting ICU's collator (a test checks they agree).
 */
export function compareRuleIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byPosition(a: LintDiagnostic, b: LintDiagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || compareRuleIds(a.ruleId, b.ruleId);
}

/**
 * The schema to validate with: `--schema DIR`, else the installed one; null when skipped.
 * A missing default is a note on stderr (not an error); a wrong `--schema` is an error.
 */
function loadSchema(option: string | false | undefined, problems: Problems, origin: string, useCache: boolean, inputBytes: () => number): SchemaSet | null {
  if (option === false) return null;
  const { dir, searched } = findSchemaDir(option);
  if (!dir) {
    if (option) problems.report(`${origin}: no domain.rng there`);
    else writeErr(`${NAME}: note: libvirt's RelaxNG schemas were not found (looked in ${searched.join(', ')}); schema validation skipped. Install libvirt0 (Debian, Ubuntu) or use --schema DIR.\n`);
    return null;
  }
  // the bytes to validate are known once the run has looked its files up in --cache's results
  let cache: SchemaCacheOptions | undefined;
  const compiled = new Map<string, CompiledSchema | null>();
  // Compiled on first use per kind (a run over domains only never compiles the device grammar);
  // a schema that cannot be compiled is reported once and skipped.
  const of = (kind: AnyKind): CompiledSchema | null => {
    const key = `${kind.schema.file}\u0000${kind.schema.contentOf ?? ''}`;
    if (!compiled.has(key)) {
      try {
        cache ??= { dir: useCache ? userCacheDir() : null, buildId: buildId(), inputBytes: inputBytes() };
        const loaded = loadCompiledSchema(dir, kind.schema.file, kind.schema.contentOf, cache);
        if (loaded.outcome === 'written') schemaCacheWritten = true;
        loadedSchemas.push(loaded);
        compiled.set(key, loaded.schema);
      } catch (error) {
        problems.report(`cannot use the schemas in '${dir}': ${error instanceof SchemaLoadError ? error.message : String(error)}`);
        compiled.set(key, null);
      }
    }
    return compiled.get(key) ?? null;
  };
  return { dir, of };
}

/** The schema directory found, and the compiled schema for a document kind (null when it cannot be had). */
interface SchemaSet {
  dir: string;
  of: (kind: AnyKind) => CompiledSchema | null;
}

/**
 * Lints one parsed text: diagnostics in LSP coordinates, each with its fixes (safe ones
 * preferred) when `withFixes` (the JSON and SARIF reports carry them; text and GitHub
 * annotations do not, so they skip working them out).
 */
function lint(service: LanguageService, doc: ParsedDocument, settings: LintSettings, schemas: SchemaSet | null, withFixes: boolean): CliDiagnostic[] {
  const text = doc.text;
  // an unusable --domain is a problem of the run (exit 2), reported once, not a finding per file
  const diagnostics = service.validate(doc, settings).filter((d) => d.ruleId !== DOMAIN_CONTEXT);
  const schema = schemas && doc.kind && doc.xml && !doc.xml.syntaxError ? schemas.of(doc.kind) : null;
  if (schema && doc.xml) diagnostics.push(...withoutSchemaRepeats(diagnostics, schemaDiagnostics(schema.validate(doc.xml), settings, doc.xml)));
  diagnostics.sort(byPosition);
  if (diagnostics.length === 0) return [];
  const lines = new LineIndex(text);
  const range = (s: Span): Range => ({ start: lines.positionAt(s.start), end: lines.positionAt(s.end) });
  const key = (d: LintDiagnostic) => `${d.ruleId}\u0000${d.span.start}\u0000${d.span.end}\u0000${d.message}`;
  const fixes = new Map<string, CliFix[]>();
  for (const { diagnostic, fix } of withFixes ? service.allFixes(doc, settings) : []) {
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

  const ruleIds = ruleInfos.map((r) => r.id);
  let options;
  try {
    options = parseCommandLine(argv, ruleIds, allProfiles.map((p) => p.id));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeErr(`${NAME}: ${error.message}\nTry '${NAME} --help' for more information.\n`);
    return 2;
  }
  if (options.help) {
    writeOut(`${USAGE}\n\nRules (id, default level, what it checks; docs: ${docsUrl('').replace(/#$/, '')}):\n${ruleTable(ruleInfos)}\n`);
    return 0;
  }
  if (options.version) {
    writeOut(`${packageVersion()}\n`);
    return 0;
  }
  if (options.listRules) {
    if (options.format === 'json') writeOut(JSON.stringify({ rules: ruleInfos.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, title: r.title, docsUrl: r.helpUri })) }, null, 2) + '\n');
    else writeOut(`${ruleTable(ruleInfos)}\n`);
    return 0;
  }

  const resolver = new SettingsResolver(options, ruleIds);
  const reportedConfigs = new Set<string>();
  /** A config file in error is reported once; the files it governs are not linted. */
  const effectiveFor = (file: string | null): Effective | null => {
    const e = resolver.forFile(file);
    if (!(e instanceof ProjectConfigError)) return e;
    if (!reportedConfigs.has(e.file)) {
      reportedConfigs.add(e.file);
      problems.report(`config file ${e.message}`);
    }
    return null;
  };

  if (options.printConfig !== undefined) {
    const e = effectiveFor(options.printConfig);
    if (!e) return 2;
    const rules = Object.fromEntries(ruleInfos.map((r) => [r.id, e.settings.rules?.[r.id] ?? r.defaultSeverity]));
    const schemaDir = e.schema === false ? null : typeof e.schema === 'string' ? path.resolve(e.schema) : findSchemaDir(undefined).dir;
    const printed = {
      file: options.printConfig,
      configFile: e.configFile,
      ignored: e.ignored,
      rules,
      profiles: e.settings.profiles ?? [],
      schema: { enable: e.schema !== false && rules[SCHEMA_RULE_ID] !== 'off', path: schemaDir },
      domain: e.domain ? path.resolve(e.domain.file) : null,
    };
    writeOut(JSON.stringify(printed, null, 2) + '\n');
    return problems.count > 0 ? 2 : 0;
  }

  const schemas = new Map<string, SchemaSet | null>();
  /** One set of compiled schemas per directory (config files may name different ones). */
  const schemaFor = (e: Effective): SchemaSet | null => {
    if (e.schema === false || e.settings.rules?.[SCHEMA_RULE_ID] === 'off') return null;
    const key = e.schema ?? '';
    const origin = options.schema !== undefined ? `--schema ${e.schema}` : `"schema.path" '${e.schema}' in ${e.configFile}`;
    if (!schemas.has(key)) schemas.set(key, loadSchema(e.schema, problems, origin, options.useCache, () => bytesToLint));
    return schemas.get(key) ?? null;
  };
  // virsh and a throwaway libvirt only for --libvirt
  let libvirtTools: { virsh: import('../../client/src/virsh').Virsh; oracle: import('../../client/src/virsh').ThrowawayLibvirt } | undefined;
  const tools = () => {
    if (!libvirtTools) {
      const { Virsh, ThrowawayLibvirt } = virshModule();
      const virsh = new Virsh();
      libvirtTools = { virsh, oracle: new ThrowawayLibvirt(virsh, { asQemuType: libvirtService().asQemuType }) };
    }
    return libvirtTools;
  };
  const notes = new Set<string>();
  /** A note on stderr, once per run: why a driver was not asked (not a problem of the run). */
  const note = (message: string) => {
    if (notes.has(message)) return;
    notes.add(message);
    writeErr(`${NAME}: note: ${message}\n`);
  };
  /** libvirt's verdict as diagnostics; a virsh that cannot run is a problem of the run (exit 2). */
  const libvirtFindings = async (input: Input, doc: ParsedDocument, settings: LintSettings): Promise<CliDiagnostic[]> => {
    const libvirtLevel = settings.rules?.[LIBVIRT_RULE_ID] ?? 'error';
    if (!options.libvirt || libvirtLevel === 'off') return [];
    const text = doc.text;
    try {
      const verdicts = await askLibvirt(options.libvirt, doc);
      for (const v of verdicts) if (v.skipped) note(v.skipped);
      const found = libvirtService().libvirtDiagnostics(text, verdicts);
      const lines = new LineIndex(text);
      return found.map((d) => ({ ruleId: d.ruleId, severity: libvirtLevel, message: d.message, range: { start: lines.positionAt(d.span.start), end: lines.positionAt(d.span.end) }, fixes: [] }));
    } catch (error) {
      problems.report(`libvirt could not check '${input.path}': ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  };
  /** Domain texts for --domain / "domain", read once per file; a problem is reported once. */
  const domains = new Map<string, AttachTarget | null>();
  const attachTarget = (e: Effective): AttachTarget | undefined => {
    if (!e.domain) return undefined;
    const { file, origin } = e.domain;
    const key = path.resolve(file);
    if (!domains.has(key)) {
      try {
        const decoded = decode(fs.readFileSync(file));
        domains.set(key, { text: decoded.text, label: path.relative(process.cwd(), key) || key });
      } catch (error) {
        problems.report(`${origin}: cannot read the domain: ${describeIoError(error)}`);
        domains.set(key, null);
      }
    }
    return domains.get(key) ?? undefined;
  };
  const reportedAttach = new Set<string>();
  /**
   * libvirt's verdicts on a document, by its kind. A network or storage pool goes to
   * `net-define` / `pool-define` on the test driver (throwaway: nothing persists). A device
   * file goes to libvirt inside its domain (the `--domain` one, else a minimal one); with
   * qemu:///embed and a domain, libvirt attaches it to a throwaway copy of the domain, as
   * `virsh attach-device --config` would. Other kinds than these and domains (volumes: they
   * need a pool) are not sent to libvirt.
   */
  const askLibvirt = async (uri: string, doc: ParsedDocument): Promise<LibvirtVerdict[]> => {
    const { virsh, oracle } = tools();
    const { libvirtVerdicts, liveKindOf } = virshModule();
    const kindId = doc.kind?.id;
    const live = liveKindOf(kindId);
    if (live) return libvirtVerdicts(virsh, oracle, uri, doc.text, { kind: live });
    if (kindId !== 'device') {
      note(`libvirt is not asked about <${doc.xml?.root?.name ?? kindId}> documents (--libvirt checks domains, devices, networks and storage pools).`);
      return [];
    }
    if (!doc.xml?.root || doc.xml.syntaxError) return libvirtVerdicts(virsh, oracle, uri, doc.text);
    const root = doc.xml.root;
    if (doc.attached && uri === 'qemu:///embed') return [await oracle.attachQemu(doc.attached.target.text, doc.text.slice(root.start, root.end))];
    const spliced = doc.attached ?? spliceDevice(doc.text, root, MINIMAL_DOMAIN);
    return libvirtVerdicts(virsh, oracle, uri, spliced.text);
  };
  const reports: (FileReport & { isStdin: boolean })[] = [];
  const reportsFixes = options.format === 'json' || options.format === 'sarif';
  let fixedFiles = 0;
  let fixedStdin: string | undefined;
  const inputs = collectInputs(options.paths, problems, (f) => resolver.ignoredQuietly(f));
  // --cache: files whose findings are kept are not linted again (libvirt's verdict and fixes are never kept)
  const results = options.resultCache !== undefined && !options.fix && !options.libvirt ? ResultCache.open(options.resultCache, buildId()) : null;
  // Networks, storage pools and volumes among the files: domains' references are checked against them.
  const readForCatalog = new Map<string, Decoded>();
  const { catalog, inputBytes, catalogKey } = catalogOf(inputs, readForCatalog, results !== null);
  /** The bytes of the files this run lints (all, or with --cache those whose findings are not kept). */
  let bytesToLint = inputBytes;
  const schemaKeys = new Map<string, string | null>();
  const settingsKeys = new Map<string, string | null>();
  /**
   * What a file's findings depend on besides its bytes: its settings, the schema's content,
   * the domain it attaches to, the run's catalog (the same for every file of a config file).
   */
  const settingsKey = (e: Effective, target: AttachTarget | undefined): string | null => {
    const of = `${e.configFile}\u0000${e.schema}\u0000${e.domain?.file ?? ''}`;
    if (settingsKeys.has(of)) return settingsKeys.get(of)!;
    let schema: string | null = 'none';
    const set = schemaFor(e);
    if (set !== null) {
      if (!schemaKeys.has(set.dir)) schemaKeys.set(set.dir, schemaDirKey(set.dir, { dir: userCacheDir(), buildId: buildId() }));
      schema = schemaKeys.get(set.dir) ?? null;
    }
    const key = schema === null ? null : hash64([JSON.stringify([e.settings, schema, catalogKey, target ? [target.label, target.text] : null])]);
    settingsKeys.set(of, key);
    return key;
  };
  /** Per file (not standard input), the key of its findings and what is kept under it. */
  const keyed = new Map<Input, { key: string; kept: CachedResult | undefined }>();
  if (results) {
    bytesToLint = 0;
    for (const input of inputs) {
      if (input.isStdin) continue;
      const effective = effectiveFor(input.path);
      if (!effective || effective.ignored) continue;
      let decoded = readForCatalog.get(input.path);
      try {
        decoded ??= decode(fs.readFileSync(input.path));
      } catch {
        continue; // reported when it is linted
      }
      readForCatalog.set(input.path, decoded);
      const target = attachTarget(effective);
      // a device file whose domain cannot be had is linted every time (the run reports the domain)
      const depends = !effective.domain || target ? settingsKey(effective, target) : null;
      const key = depends !== null ? hash64([decoded.bytes, depends]) : null;
      const kept = key !== null ? results.get(input.path, key, reportsFixes) : undefined;
      if (key !== null) keyed.set(input, { key, kept });
      if (!kept) bytesToLint += decoded.bytes.length;
    }
  }
  for (const input of inputs) {
    const effective = effectiveFor(input.isStdin ? null : input.path);
    if (!effective) continue;
    if (effective.ignored) {
      reports.push({ path: input.path, isStdin: input.isStdin, diagnostics: [], skipped: `ignored by ${effective.configFile}` });
      continue;
    }
    const settings = catalog ? { ...effective.settings, catalog } : effective.settings;
    let decoded = input.isStdin ? undefined : readForCatalog.get(input.path);
    readForCatalog.delete(input.path);
    try {
      decoded ??= decode(input.isStdin ? await readStdin() : fs.readFileSync(input.path));
    } catch (error) {
      problems.report(`cannot read '${input.path}': ${describeIoError(error)}`);
      continue;
    }
    let text = decoded.text;
    const context = { domain: attachTarget(effective) };
    const entry = keyed.get(input);
    const resultKey = entry?.key ?? null;
    const kept = entry?.kept;
    if (kept && 'skipped' in kept) {
      reports.push({ path: input.path, isStdin: false, diagnostics: [], skipped: kept.skipped });
      continue;
    }
    if (kept) {
      // fixes kept for JSON and SARIF are left to the text and GitHub reports to pass over, as they do a fresh run's
      let diagnostics = kept.diagnostics;
      if (options.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
      reports.push({ path: input.path, isStdin: false, diagnostics, text });
      continue;
    }
    let doc = service.parse(text, settings, context);
    if (doc.attachProblem && effective.domain && !reportedAttach.has(effective.domain.file)) {
      // the domain is unusable for every device file: say it once, lint them alone
      reportedAttach.add(effective.domain.file);
      problems.report(`${effective.domain.origin}: ${doc.attachProblem}`);
    }
    if (!service.isLibvirtDocument(doc)) {
      // with --fix -, standard output carries the document: pass it through unchanged
      if (options.fix && input.isStdin) fixedStdin = (decoded.bom ? BOM : '') + text;
      reports.push({ path: input.path, isStdin: input.isStdin, diagnostics: [], skipped: NOT_A_LIBVIRT_DOCUMENT });
      if (resultKey !== null && problems.count === 0) results!.set(input.path, resultKey, { skipped: NOT_A_LIBVIRT_DOCUMENT });
      continue;
    }
    if (options.fix) {
      const fixed = service.fixAll(text, settings, undefined, context).text;
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
      if (text !== doc.text) doc = service.parse(text, settings, context);
    }
    const own = lint(service, doc, settings, schemaFor(effective), reportsFixes);
    // A run with a problem (exit 2: a rule that failed, a schema or a domain that could not be
    // used, a file that could not be read) keeps nothing new: the next run meets it again.
    if (resultKey !== null && problems.count === 0) results!.set(input.path, resultKey, { diagnostics: own, fixes: reportsFixes });
    let diagnostics = [...own, ...(await libvirtFindings(input, doc, settings))];
    if (options.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    reports.push({ path: input.path, isStdin: input.isStdin, diagnostics, text });
    lintedFileCount++;
  }
  await libvirtTools?.oracle.dispose();
  const unsaved = results?.save();
  if (unsaved) note(`cannot write the cache file '${results!.file}': ${describeIoError(unsaved)}`);

  const outFd = fixedStdin !== undefined ? 2 : 1;
  let report: string;
  if (options.format === 'json') report = formatJson(reports);
  else if (options.format === 'sarif') {
    report = (require('./sarif') as typeof import('./sarif')).formatSarif(reports, { name: NAME, version: packageVersion(), informationUri: INFORMATION_URI, rules: ruleInfos, executionSuccessful: problems.count === 0 });
  } else if (options.format === 'github') report = (require('./github') as typeof import('./github')).formatGithub(reports, summaryLine(reports, fixedFiles));
  else {
    const tty = isTerminal(outFd);
    const style = useColor(options.color, process.env, tty) ? colorStyle : plainStyle;
    report = formatText(reports, { fixedFiles, style, codeFrames: options.codeFrame ?? tty });
  }

  if (fixedStdin !== undefined) {
    // stdout carries the fixed document, so the report goes to stderr
    writeOut(fixedStdin);
    writeErr(report);
  } else {
    writeOut(report);
  }
  // after the report: what the schemas derived goes back into their cache files for the next run
  for (const loaded of loadedSchemas.splice(0)) {
    try {
      storeDerived(loaded);
    } catch {
      // the report is out; a cache that cannot be written only makes the next run slower
    }
  }

  const counts = countSeverities(linted(reports));
  const tooManyWarnings = options.maxWarnings >= 0 && counts.warning > options.maxWarnings;
  if (tooManyWarnings) {
    writeErr(`${NAME}: ${counts.warning} warnings found; --max-warnings allows at most ${options.maxWarnings}. Fix them, or raise the limit.\n`);
  }
  if (problems.count > 0) return 2;
  return counts.error > 0 || tooManyWarnings ? 1 : 0;
}

/** `id  level  title`, one rule a line. */
function ruleTable(rules: readonly SarifRuleInfo[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `  ${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.title}`).join('\n');
}

/** Files linted by this process so far. */
let lintedFileCount = 0;
/** The schemas this run read from or wrote to the cache, to store what they derived when it is done. */
const loadedSchemas: CachedSchema[] = [];
/** Whether this process compiled a schema and stored it in the cache (the next run will not compile it). */
let schemaCacheWritten = false;

/**
 * Whether the functions this run compiled are the ones the next runs need: it linted files,
 * and did not compile a schema into the cache (the runs after it read the schema instead).
 * The launcher writes its code cache only after such a run.
 */
export function typicalRun(): boolean {
  return lintedFileCount > 0 && !schemaCacheWritten;
}

/**
 * The command line as the `libvirt-xml-lint` bin runs it: the process's arguments, the exit
 * status set when done. (`libvirt-xml-lint … | head` closing the pipe early is handled by
 * ./output: no stack trace.)
 */
export function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      writeErr(`${NAME}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * Ends the process now when the run is over and its output written. Left to itself, Node
 * winds down first (it waits for V8's background compiler and GC tasks, and tears the heap
 * down): 3 to 10 ms measured, of a typical one-file run of about 130. Output that went through
 * a stream is still buffered: then the process ends as usual, after writing it.
 */
export function exitWhenWritten(): void {
  if (allWritten()) process.exit();
}

// Run directly (`node dist/cli-main.js`, or the compiled tests' out/cli/src/main.js); the bin,
// dist/cli.js, is the launcher (launcher.ts), which loads this bundle and calls run().
if (require.main === module) void run().then(exitWhenWritten);
