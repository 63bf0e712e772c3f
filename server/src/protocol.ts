/**
 * What the client and the server agree on: the settings shape, command ids and the
 * diagnostic source. Types and constants only: the client bundles this file, so it must not
 * import the service or any LSP runtime (`import type` is erased and fine).
 */
import type { DefinedDiff } from './service/definedDiff';
import type { LibvirtVerdict } from './service/libvirt/verdict';
import type { Severity, Span } from './service/types';

/** `source` of every diagnostic, so ours coexist with other XML servers' diagnostics. */
export const SOURCE = 'libvirt';

/**
 * Node options the extension starts the server with. A large domain's element tree lives
 * from one edit to the next and then dies in V8's old generation; with the defaults (16 MB
 * semi-spaces, an old generation let grow to up to four times what survives) the server of
 * a 5,000-disk domain sat at 150-250 MB while typing. A 2 MB semi-space and 50 % growth keep
 * it near 110 MB (schema validation off) at about the same edit latency (`npm run bench`,
 * figures 3 and 5). Other editors
 * can pass the same options: `node --max-semi-space-size=2 --heap-growing-percent=50 dist/server.js --stdio`.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2', '--heap-growing-percent=50'];

/** The configuration section the server pulls (`libvirt.*`). */
export const SETTINGS_SECTION = 'libvirt';

/**
 * Set to `true` in the answered `libvirt` section by a client that sends only the values the
 * user set (VS Code: `workspace.getConfiguration('libvirt', uri).inspect(key)`, without the
 * defaults). Then every value present beats `.libvirt-lint.json`, even one equal to the
 * default; without it, a value equal to its default counts as not set.
 */
export const EXPLICIT_SETTINGS_KEY = 'explicitOnly';

/** The project config file the CLI and the server read (found upwards from each file); the client watches it. */
export const PROJECT_CONFIG_FILE = '.libvirt-lint.json';

/** Code action kind of "apply every safe fix" (editor.codeActionsOnSave can name it). */
export const FIX_ALL_KIND = 'source.fixAll.libvirt';

/** Command ids. Server commands are listed in `executeCommandProvider.commands`. */
export const Commands = {
  /** Server: apply every safe fix of a document. Args: `[{ uri, version? }]`. */
  fixAll: 'libvirt.fixAll',
  /** Client: stop and start the language server. */
  restartServer: 'libvirt.restartServer',
  /** Client: show the language server's output channel. */
  showOutput: 'libvirt.showOutput',
  /** Server: validate a document now, without waiting for the debounce. Args: `[{ uri }]`. */
  validate: 'libvirt.validate',
  /** Client: show the documentation of the rule of the libvirt diagnostic under the cursor. */
  showRuleDocs: 'libvirt.showRuleDocs',
  /** Client: open a live domain's (network's, pool's) XML (`libvirt:` file system); arg: a tree node or none (quick pick of domains). */
  openDomain: 'libvirt.openDomain',
  /** Client: open a live network's XML; quick pick of a connection's networks. */
  openNetwork: 'libvirt.openNetwork',
  /** Client: open a live storage pool's XML; quick pick of a connection's pools. */
  openPool: 'libvirt.openPool',
  /** Client: define the active document's domain, network or storage pool on a configured connection. */
  defineFile: 'libvirt.defineFile',
  /** Client: libvirt's own parsers on throwaway connections; results as `libvirt` diagnostics. */
  validateWithLibvirt: 'libvirt.validateWithLibvirt',
  /** Client: reload the libvirt view (domains, networks, storage pools). */
  refreshDomains: 'libvirt.refreshDomains',
  /** Client: ask for a name and a URI and add them to `libvirt.connections` (user or remote machine settings). */
  addConnection: 'libvirt.addConnection',
} as const;

/** Server: a rule's documentation. Args: `[ruleId]`; returns {@link RuleDocs} or null. Not in the palette. */
export const RULE_DOCS_COMMAND = 'libvirt.ruleDocs';

export const SERVER_COMMANDS: readonly string[] = [Commands.fixAll, Commands.validate, RULE_DOCS_COMMAND];

/** Answer of {@link RULE_DOCS_COMMAND}. */
export interface RuleDocs {
  id: string;
  title: string;
  defaultSeverity: string;
  /** Markdown. */
  docs: string;
  docsUrl: string;
}

/** Answer of {@link Commands.validate}: how many diagnostics the document has now. */
export interface ValidateResult {
  uri: string;
  diagnostics: number;
}

export type RuleLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';
export type TraceLevel = 'off' | 'messages' | 'verbose';

/** The `libvirt` configuration section, as the server sees it after defaults are applied. */
export interface Settings {
  validate: { enable: boolean };
  /** `libvirt.lint.<rule-id>`: a missing entry means the rule's default. */
  lint: Record<string, RuleLevel>;
  /** e.g. `infoscale`, `migration`. */
  profiles: string[];
  /** Documents with more characters than this are not analysed. */
  maxFileSize: number;
  trace: { server: TraceLevel };
  /** RelaxNG validation against libvirt's installed schemas; `path` '' = the default location. */
  schema: { enable: boolean; path: string };
  /**
   * `libvirt.deviceFiles.domain`: the domain XML file that device files (`<disk>` … for
   * `virsh attach-device`) are checked against; '' = none. Relative to the workspace folder.
   */
  deviceFiles: { domain: string };
}

/** Arguments of {@link Commands.fixAll}. */
export interface FixAllArgs {
  uri: string;
  /** When given and the document has moved on, nothing is applied. */
  version?: number;
}

/** `Diagnostic.data` of our diagnostics: what a code action needs to find the finding again. */
export interface DiagnosticData {
  ruleId: string;
  payload?: unknown;
}

/**
 * Custom requests from the client (LSP methods). They take the text itself, not an open
 * document: a save checks exactly the bytes VS Code is about to write. Bad params are
 * answered with an InvalidParams error, never with an empty (unchecked) result.
 */
export const Requests = {
  /** {@link CheckTextParams} → {@link CheckTextResult}: lint a text as a save to libvirt sees it. */
  checkText: 'libvirt/checkText',
  /** {@link LibvirtDiagnosticsParams} → {@link LibvirtDiagnosticsResult}: libvirt's messages placed in the text. */
  libvirtDiagnostics: 'libvirt/libvirtDiagnostics',
  /** {@link AsQemuTypeParams} → {@link AsQemuTypeResult}: the root `type='kvm'` as `type='qemu'`. */
  asQemuType: 'libvirt/asQemuType',
  /** {@link StatusParams} → {@link StatusResult}: what the language status item shows. */
  status: 'libvirt/status',
  /** {@link DefinedDiffParams} → {@link DefinedDiffResult}: what libvirt dropped, added or changed on define. */
  definedDiff: 'libvirt/definedDiff',
} as const;

/** 0-based line and UTF-16 character, as in LSP. */
export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

/** A diagnostic on a text sent with a request (not necessarily an open document). */
export interface TextDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  /** UTF-16 offsets into the request's text. */
  span: Span;
  /** The same place as line/character in that text. */
  range: TextRange;
}

export interface CheckTextParams {
  /**
   * The document's URI (`libvirt:` URIs included): settings (`libvirt.lint.*`, profiles,
   * maxFileSize) are resolved for it exactly as for the editor's diagnostics.
   */
  uri: string;
  text: string;
}

export interface CheckTextResult {
  /** Every finding at its configured severity (`off` rules left out), whatever `libvirt.validate.enable` says. */
  diagnostics: TextDiagnostic[];
  /** The `<name>` of the `<domain>`, or null when there is none. */
  domainName: string | null;
  /** The root element's name (`domain`, `network`, `pool`, …), or null without one; independent of the kinds the server knows. */
  root: string | null;
  /** The `<name>` of a `<domain>`, `<network>` or `<pool>` root, or null. */
  name: string | null;
  /** The id of the document kind the server linted the text as (`domain`, `network`, …); null: not a libvirt document it knows, so only libvirt checks it. */
  kind: string | null;
}

export interface LibvirtDiagnosticsParams {
  /** The document's URI: its `libvirt.lint.libvirt` level sets the severity (`off` still shows them). */
  uri?: string;
  text: string;
  verdicts: LibvirtVerdict[];
}

export interface LibvirtDiagnosticsResult {
  /** Rule id `libvirt`; a message that names nothing that can be found is on line 0. */
  diagnostics: TextDiagnostic[];
}

export interface AsQemuTypeParams {
  text: string;
}

export interface AsQemuTypeResult {
  text: string;
}

export interface StatusParams {
  /** The document whose settings apply (profiles, schema); absent: the settings without a resource. */
  uri?: string;
}

/** Schema validation as a document gets it. */
export type SchemaStatus =
  | { kind: 'off'; reason: string }
  | { kind: 'found'; dir: string; /** libvirt's version of the schemas, when it can be told. */ version: string | null }
  | { kind: 'missing'; searched: string[] };

export interface StatusResult {
  schema: SchemaStatus;
  profiles: string[];
  /** The document is a libvirt document of a known kind (linted); false also when it is not open in the server. */
  isDomain: boolean;
  /** The document's kind (`domain`, `device`, `network`), or null when it is not linted. */
  kind: string | null;
}

export interface DefinedDiffParams {
  /** The text given to `virsh define`. */
  sent: string;
  /** What `virsh dumpxml --inactive` returned afterwards. */
  stored: string;
}

export type DefinedDiffResult = DefinedDiff;
