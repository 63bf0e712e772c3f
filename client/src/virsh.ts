import { execFile } from 'node:child_process';
import fs = require('node:fs');
import os = require('node:os');
import path = require('node:path');
import type { LibvirtVerdict } from '../../server/src/service/libvirt/verdict';

export type { LibvirtVerdict };

/** What a finished process printed. */
export interface ExecResult {
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  timeout: number;
  signal?: AbortSignal;
  env: NodeJS.ProcessEnv;
  maxBuffer: number;
}

/**
 * Runs a program with an argument array, never through a shell. Rejects like
 * `child_process.execFile` does: an error with `code` (exit status or `ENOENT`), `killed`,
 * `signal`, `stdout` and `stderr`.
 */
export type ExecFn = (file: string, args: readonly string[], options: ExecOptions) => Promise<ExecResult>;

export const execFileAsync: ExecFn = (file, args, options) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { ...options, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });

export type VirshErrorKind = 'missing' | 'untrusted' | 'timeout' | 'cancelled' | 'not-found' | 'failed';

/** A failed virsh run; `messages` are libvirt's own error lines, without the `error:` prefix. */
export class VirshError extends Error {
  constructor(
    readonly kind: VirshErrorKind,
    message: string,
    readonly messages: string[] = [],
  ) {
    super(message);
    this.name = 'VirshError';
  }
}

export const MISSING_VIRSH_HINT =
  'Install virsh (Debian/Ubuntu package libvirt-clients, Fedora/RHEL package libvirt-client) or set libvirt.virshPath to its full path.';

export const UNTRUSTED_MESSAGE =
  'This workspace is not trusted: libvirt-xml runs no virsh command here (Workspace Trust). Trust the workspace to open, validate or define live libvirt domains, networks or storage pools.';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface VirshOptions {
  /** The virsh program: a name looked up on PATH or an absolute path. */
  virshPath?: string;
  exec?: ExecFn;
  /** Asked before every run; nothing is executed while it returns false. */
  isTrusted?: () => boolean;
  timeoutMs?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The libvirt objects that are edited live as XML documents. The id is the document kind
 * id and the root element name of their XML (`<domain>`, `<network>`, `<pool>`).
 */
export type LiveKind = 'domain' | 'network' | 'pool';

/** What virsh calls each live kind, and the commands that list, dump and define it. */
export interface LiveKindCommands {
  /** For messages: 'domain', 'network', 'storage pool'. */
  noun: string;
  /** Lists every name, active or not. */
  listAll: readonly string[];
  /** Lists the names of the active (running) ones. */
  listActive: readonly string[];
  dumpxml: string;
  /** The option naming the object for dumpxml (`--domain`, `--network`, `--pool`). */
  option: string;
  define: string;
}

export const LIVE_KINDS: Record<LiveKind, LiveKindCommands> = {
  domain: { noun: 'domain', listAll: ['list', '--all', '--name'], listActive: ['list', '--name'], dumpxml: 'dumpxml', option: '--domain', define: 'define' },
  network: { noun: 'network', listAll: ['net-list', '--all', '--name'], listActive: ['net-list', '--name'], dumpxml: 'net-dumpxml', option: '--network', define: 'net-define' },
  pool: { noun: 'storage pool', listAll: ['pool-list', '--all', '--name'], listActive: ['pool-list', '--name'], dumpxml: 'pool-dumpxml', option: '--pool', define: 'pool-define' },
};

/** The live kind of a document kind id or root element name (`network` → network), if any. */
export function liveKindOf(id: string | null | undefined): LiveKind | undefined {
  return id === 'domain' || id === 'network' || id === 'pool' ? id : undefined;
}

export interface DomainInfo {
  name: string;
  /** `virsh domstate` output, e.g. `running`, `shut off`; undefined when it could not be read. */
  state?: string;
}

const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d{4}: \d+: /;
const CARET_LINE = /^-*\^\s*$/;

/**
 * libvirt's error messages from virsh's standard error: each `error: …` line starts one,
 * following lines (schema details) belong to it. Log lines, libxml2's echo of the source
 * line with its caret, and the "Failed to define domain (network, pool) from FILE" wrapper
 * (the file is our private temp file) are left out.
 */
export function parseVirshErrors(stderr: string): string[] {
  const messages: string[][] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (!line.trim() || LOG_LINE.test(line)) continue;
    const m = /^error: (.*)$/.exec(line);
    if (m) {
      messages.push([m[1]]);
    } else if (CARET_LINE.test(line)) {
      const current = messages[messages.length - 1];
      if (current && current.length > 1) current.pop();
    } else if (messages.length > 0) {
      messages[messages.length - 1].push(line.trim());
    } else {
      // Text before any error line (e.g. libxml2's "I/O warning"): keep it as its own message.
      messages.push([line.trim()]);
    }
  }
  return messages
    .filter((m) => !/^Failed to define (?:domain|network|pool) from /.test(m[0]))
    .map((m) => m.join('\n'))
    .filter((m, i, all) => all.indexOf(m) === i);
}

/** Lines of `virsh list --name` output: one domain name per line, blank lines ignored. */
export function parseNameList(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** `virsh domstate` output: the first non-blank line (`running`, `shut off`, …). */
export function parseDomState(stdout: string): string {
  return parseNameList(stdout)[0] ?? 'unknown';
}

function isNotFound(messages: string[]): boolean {
  return messages.some((m) => /failed to get (?:domain|network|pool)|(?:Domain|Network|Storage pool) not found|no (?:domain|network|storage pool) with matching name/i.test(m));
}

/**
 * The test driver accepts no flags when dumping a network or pool (virCheckFlags(0) in
 * testNetworkGetXMLDesc and testStoragePoolGetXMLDesc, src/test/test_driver.c): `--inactive`
 * is refused with "unsupported flags (0x1)".
 */
function refusesInactive(error: unknown): boolean {
  return error instanceof VirshError && error.kind === 'failed' && error.messages.some((m) => /unsupported flags \(0x1\) in function \w+GetXMLDesc/.test(m));
}

/** `qemu:///embed?root=…` and the like: the driver runs inside virsh itself. */
export function isEmbedded(uri: string): boolean {
  return /^[a-z0-9+]+:\/\/\/embed(\?|$)/i.test(uri);
}

const embeddedQueues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every earlier call for the same embedded URI: an embedded driver locks
 * its root directory (a pid file), so a second virsh on it fails instead of waiting.
 */
function serialized<T>(uri: string, fn: () => Promise<T>): Promise<T> {
  const previous = embeddedQueues.get(uri) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const tail = next.catch(() => undefined);
  embeddedQueues.set(uri, tail);
  void tail.then(() => {
    if (embeddedQueues.get(uri) === tail) embeddedQueues.delete(uri);
  });
  return next;
}

/** virsh through execFile with argument arrays, a timeout, cancellation and Workspace Trust. */
export class Virsh {
  readonly virshPath: string;
  private readonly exec: ExecFn;
  private readonly isTrusted: () => boolean;
  private readonly timeoutMs: number;

  constructor(options: VirshOptions = {}) {
    this.virshPath = options.virshPath?.trim() || 'virsh';
    this.exec = options.exec ?? execFileAsync;
    this.isTrusted = options.isTrusted ?? (() => true);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Throws unless the workspace is trusted: call before preparing anything for a run. */
  assertTrusted(): void {
    if (!this.isTrusted()) throw new VirshError('untrusted', UNTRUSTED_MESSAGE);
  }

  /** Runs `virsh -c URI ARGS…`; throws VirshError with libvirt's messages on failure. */
  async run(uri: string, args: readonly string[], options: RunOptions = {}): Promise<ExecResult> {
    this.assertTrusted();
    if (options.signal?.aborted) throw new VirshError('cancelled', 'The virsh command was cancelled.');
    // Messages are matched and shown as libvirt's English wording, whatever the user's locale.
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    const timeout = options.timeoutMs ?? this.timeoutMs;
    const once = async () => {
      try {
        return await this.exec(this.virshPath, ['-c', uri, ...args], { timeout, signal: options.signal, env, maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        throw this.toVirshError(error, uri, args, timeout);
      }
    };
    if (!isEmbedded(uri)) return once();
    return serialized(uri, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once();
        } catch (error) {
          // Another process (a user's virsh) holds the embedded driver: wait for it a little.
          if (!(error instanceof VirshError && error.messages.some((m) => /Failed to acquire pid file/.test(m))) || attempt >= 5) throw error;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    });
  }

  private toVirshError(error: unknown, uri: string, args: readonly string[], timeout: number): VirshError {
    const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string; stderr?: string; stdout?: string };
    if (e?.code === 'ENOENT' || e?.code === 'EACCES') {
      return new VirshError('missing', `virsh was not found or cannot be run ('${this.virshPath}'). ${MISSING_VIRSH_HINT}`);
    }
    if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
      return new VirshError('cancelled', 'The virsh command was cancelled.');
    }
    const messages = parseVirshErrors(e?.stderr ?? '');
    if (e?.killed || (e?.signal && messages.length === 0)) {
      return new VirshError('timeout', `virsh ${args[0] ?? ''} on ${uri} did not finish within ${Math.round(timeout / 1000)} s and was stopped.`);
    }
    const text = messages.length > 0 ? messages.join('\n') : (e?.message ?? String(error));
    return new VirshError(isNotFound(messages) ? 'not-found' : 'failed', text, messages);
  }

  /** Names of every domain of a connection, active or not. */
  async listNames(uri: string, options: RunOptions = {}): Promise<string[]> {
    return this.listObjects(uri, 'domain', options);
  }

  /** Names of every domain, network or storage pool of a connection, active or not. */
  async listObjects(uri: string, kind: LiveKind, options: RunOptions = {}): Promise<string[]> {
    const { stdout } = await this.run(uri, LIVE_KINDS[kind].listAll, options);
    return parseNameList(stdout);
  }

  /** Networks or storage pools with their state: `active` or `inactive` (two runs). */
  async listWithActivity(uri: string, kind: 'network' | 'pool', options: RunOptions = {}): Promise<{ name: string; state: 'active' | 'inactive' }[]> {
    const names = await this.listObjects(uri, kind, options);
    if (names.length === 0) return [];
    const active = new Set(parseNameList((await this.run(uri, LIVE_KINDS[kind].listActive, options)).stdout));
    return names.map((name) => ({ name, state: active.has(name) ? 'active' : 'inactive' }));
  }

  async domState(uri: string, name: string, options: RunOptions = {}): Promise<string> {
    const { stdout } = await this.run(uri, ['domstate', '--domain', name], options);
    return parseDomState(stdout);
  }

  /**
   * Domains with their state. Three filtered lists give the common states in a fixed number
   * of runs (an embedded driver serves one process at a time); other states are asked one
   * by one with `domstate`; a state that cannot be read is left undefined.
   */
  async listDomains(uri: string, options: RunOptions = {}): Promise<DomainInfo[]> {
    const names = await this.listNames(uri, options);
    const states = new Map<string, string>();
    for (const [flag, state] of [['--state-running', 'running'], ['--state-paused', 'paused'], ['--state-shutoff', 'shut off']] as const) {
      if (names.length === 0) break;
      const { stdout } = await this.run(uri, ['list', '--name', flag], options);
      for (const n of parseNameList(stdout)) states.set(n, state);
    }
    const out: DomainInfo[] = [];
    for (const name of names) {
      let state = states.get(name);
      if (state === undefined) {
        try {
          state = await this.domState(uri, name, options);
        } catch (error) {
          if (error instanceof VirshError && (error.kind === 'cancelled' || error.kind === 'untrusted' || error.kind === 'missing')) throw error;
        }
      }
      out.push(state === undefined ? { name } : { name, state });
    }
    return out;
  }

  /**
   * The persistent definition of a domain. `--inactive` gives what `define` would replace;
   * `--security-info` is left out on purpose so passwords and keys stay out of the editor.
   */
  async dumpXml(uri: string, name: string, options: RunOptions = {}): Promise<string> {
    return this.dumpObjectXml(uri, 'domain', name, options);
  }

  /**
   * The persistent definition of a domain, network or storage pool (`dumpxml`,
   * `net-dumpxml`, `pool-dumpxml` with `--inactive`: what a define would replace). The test
   * driver refuses `--inactive` for networks and pools: there the definition it shows is
   * read (for an active network or pool, the running one).
   */
  async dumpObjectXml(uri: string, kind: LiveKind, name: string, options: RunOptions = {}): Promise<string> {
    const k = LIVE_KINDS[kind];
    try {
      return (await this.run(uri, [k.dumpxml, '--inactive', k.option, name], options)).stdout;
    } catch (error) {
      if (kind === 'domain' || !refusesInactive(error)) throw error;
      return (await this.run(uri, [k.dumpxml, k.option, name], options)).stdout;
    }
  }

  /** `virsh define --validate` from a private temp file (0600 in a fresh 0700 directory). */
  async define(uri: string, xml: string, options: RunOptions & { validate?: boolean } = {}): Promise<string> {
    return this.defineObject(uri, 'domain', xml, options);
  }

  /** `virsh define`, `net-define` or `pool-define` (with `--validate` unless told otherwise) from a private temp file. */
  async defineObject(uri: string, kind: LiveKind, xml: string, options: RunOptions & { validate?: boolean } = {}): Promise<string> {
    this.assertTrusted();
    return withPrivateFile(xml, async (file) => {
      const args = [LIVE_KINDS[kind].define, '--file', file];
      if (options.validate !== false) args.push('--validate');
      const { stdout } = await this.run(uri, args, options);
      return stdout.trim();
    });
  }
}

/**
 * libvirt's verdict from a real connection without changing it: `domxml-to-native
 * qemu-argv` parses and validates the XML with the connection's driver (for QEMU the same
 * checks as define) and only prints a command line; nothing is defined. Drivers without
 * that function answer "not supported", which is an error of the run, not of the document.
 */
export async function validateOnConnection(virsh: Virsh, uri: string, text: string, options: RunOptions = {}): Promise<LibvirtVerdict> {
  virsh.assertTrusted();
  try {
    await withPrivateFile(text, (file) => virsh.run(uri, ['domxml-to-native', '--format', 'qemu-argv', '--xml', file], options));
    return { driver: 'connection', uri, ok: true, messages: [] };
  } catch (error) {
    if (error instanceof VirshError && error.kind === 'failed' && !error.messages.some((m) => /not supported by the connection driver|failed to connect to the hypervisor/.test(m))) {
      return { driver: 'connection', uri, ok: false, messages: error.messages.length ? error.messages : [error.message] };
    }
    throw error;
  }
}

/**
 * Why only libvirt's generic parser judged a network or storage pool on `qemu:///embed`:
 * libvirt's network and storage drivers refuse to run embedded ("Driver does not support
 * embedded mode", networkStateInitialize in src/network/bridge_driver.c and
 * storageStateInitialize in src/storage/storage_driver.c; docs/drvqemu.rst: only the secret
 * driver runs embedded), and the embedded QEMU driver has no network or pool functions.
 */
export function embedSkipReason(kind: 'network' | 'pool'): string {
  const noun = LIVE_KINDS[kind].noun;
  const driver = kind === 'network' ? 'network' : 'storage';
  return `libvirt's ${driver} driver does not run embedded (qemu:///embed), so this ${noun} was checked by libvirt's generic parser (the test driver) only; the host's own checks run when it is defined there.`;
}

/** Why a network or pool was not checked by the connection the user named (nothing read-only exists). */
export function connectionSkipReason(kind: 'network' | 'pool', uri: string): string {
  const k = LIVE_KINDS[kind];
  return `virsh has no check of a ${k.noun} that leaves ${uri} unchanged (${k.define} would define it there), so libvirt's generic parser (the test driver) checked it instead.`;
}

/**
 * libvirt's verdict for a URI as the CLI's `--libvirt` takes it, never defining anything
 * anywhere that persists. Domains: `test:///default` → the generic parser on a throwaway
 * empty node (the default node already holds a domain 'test'); other `test://` URIs → as
 * given; `qemu:///embed` (no root) → the generic parser and the QEMU driver on throwaway
 * roots; any other URI → `domxml-to-native` on that connection (read-only). Networks and
 * storage pools (`kind`): `net-define` / `pool-define` on the test driver, on a throwaway
 * empty node for `test:///default` (whose node holds a network 'default' and a pool
 * 'default-pool') and for every URI that is not a test driver's, with a skipped verdict
 * saying why that connection's driver was not asked.
 */
export async function libvirtVerdicts(virsh: Virsh, oracle: ThrowawayLibvirt, uri: string, text: string, options: RunOptions & { kind?: LiveKind } = {}): Promise<LibvirtVerdict[]> {
  const kind = options.kind ?? 'domain';
  if (kind !== 'domain') {
    if (/^test:\/\//.test(uri) && uri !== 'test:///default') return [await oracle.validateTest(text, { ...options, uri })];
    const verdicts = [await oracle.validateTest(text, { ...options, uri: undefined })];
    if (uri === 'qemu:///embed') verdicts.push({ driver: 'qemu', ok: false, messages: [], skipped: embedSkipReason(kind) });
    else if (uri !== 'test:///default') verdicts.push({ driver: 'connection', uri, ok: false, messages: [], skipped: connectionSkipReason(kind, uri) });
    return verdicts;
  }
  if (uri === 'test:///default') return [await oracle.validateTest(text, options)];
  if (/^test:\/\//.test(uri)) return [await oracle.validateTest(text, { ...options, uri })];
  if (uri === 'qemu:///embed') return oracle.validate(text, options);
  return [await validateOnConnection(virsh, uri, text, options)];
}

/** Writes `text` to a 0600 file in a new private directory, runs `fn`, then removes both. */
export async function withPrivateFile<T>(text: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'libvirt-xml-'));
  try {
    const file = path.join(dir, 'domain.xml');
    await fs.promises.writeFile(file, text, { mode: 0o600, flag: 'wx' });
    return await fn(file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

const EMPTY_NODE = '<node><cpu><mhz>2000</mhz></cpu></node>\n';
// The embedded QEMU driver runs as the calling user and needs no security driver; without
// this it tries to switch to the libvirt-qemu user and to use AppArmor/SELinux labels.
const EMBED_QEMU_CONF = 'user = "root"\ngroup = "root"\nsecurity_driver = "none"\n';

function kvmUsable(): boolean {
  try {
    fs.accessSync('/dev/kvm', fs.constants.R_OK | fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * libvirt's own parsers on throwaway connections, so nothing real is touched:
 * the test driver on an empty node file (libvirt's generic XML parser and checks) and the
 * embedded QEMU driver in a fresh private root per call (the QEMU driver's validation).
 * The QEMU capabilities probe (seconds) is done once and its cache copied into each root.
 */
export class ThrowawayLibvirt {
  private dir: string | undefined;
  private counter = 0;

  constructor(
    private readonly virsh: Virsh,
    private readonly options: {
      kvmUsable?: () => boolean;
      /** A QEMU capabilities cache (an embedded root's `cache/qemu`) to start from. */
      seedCache?: string;
      /**
       * The document with `type='kvm'` as `type='qemu'` (the service's asQemuType): without
       * /dev/kvm the QEMU driver rejects kvm for a reason of the host, not of the document.
       * Without it the text goes to libvirt unchanged.
       */
      asQemuType?: (text: string) => string | Promise<string>;
    } = {},
  ) {}

  private async baseDir(): Promise<string> {
    this.virsh.assertTrusted();
    if (!this.dir) {
      this.dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'libvirt-xml-oracle-'));
      await fs.promises.writeFile(path.join(this.dir, 'empty-node.xml'), EMPTY_NODE, { mode: 0o600 });
    }
    return this.dir;
  }

  /**
   * libvirt's verdicts on a domain (the generic parser and, unless `qemu` is false, the QEMU
   * driver), a network or a storage pool (the generic parser; the QEMU driver cannot judge
   * them, which a skipped verdict says).
   */
  async validate(text: string, options: RunOptions & { qemu?: boolean; kind?: LiveKind } = {}): Promise<LibvirtVerdict[]> {
    const kind = options.kind ?? 'domain';
    if (kind !== 'domain') {
      const test = await this.validateTest(text, options);
      return options.qemu === false ? [test] : [test, { driver: 'qemu', ok: false, messages: [], skipped: embedSkipReason(kind) }];
    }
    const verdicts = [await this.validateTest(text, options)];
    if (options.qemu !== false) {
      const q = await this.validateQemu(text, options);
      // The schema check is shared: do not report the same message twice.
      q.messages = q.messages.filter((m) => !verdicts[0].messages.includes(m));
      if (q.ok || q.messages.length > 0 || q.skipped) verdicts.push(q);
    }
    return verdicts;
  }

  /**
   * The test driver: on an empty node of our own, or on `uri` (any `test://` URI: the test
   * driver keeps nothing between virsh runs, so defining there changes nothing that lasts).
   * `kind` picks `define`, `net-define` or `pool-define`.
   */
  async validateTest(text: string, options: RunOptions & { uri?: string; kind?: LiveKind } = {}): Promise<LibvirtVerdict> {
    const uri = options.uri ?? 'test://' + path.join(await this.baseDir(), 'empty-node.xml');
    const first = await this.tryDefine(uri, text, true, options);
    if (first.messages.some((m) => /failed to connect to the hypervisor/i.test(m))) {
      // Not a verdict on the document: libvirt could not open the connection at all.
      throw new VirshError('failed', first.messages.join('\n'), first.messages);
    }
    if (first.ok || !first.messages.some((m) => /failed to validate against schema/.test(m))) return { driver: 'test', ...first };
    // libvirt's schema errors are vague; its parser without --validate names the bad value.
    const precise = await this.tryDefine(uri, text, false, options);
    return { driver: 'test', ok: false, messages: [...precise.messages, ...first.messages] };
  }

  async validateQemu(text: string, options: RunOptions = {}): Promise<LibvirtVerdict> {
    const base = await this.baseDir();
    const root = path.join(base, `qemu-${++this.counter}`);
    try {
      const uri = await this.prepareQemuRoot(base, root);
      const input = (this.options.kvmUsable ?? kvmUsable)() || !this.options.asQemuType ? text : await this.options.asQemuType(text);
      const result = await this.tryDefine(uri, input, true, options);
      this.keepQemuCache(base, root);
      if (result.messages.some((m) => /no connection driver available/i.test(m))) {
        return { driver: 'qemu', ok: false, messages: [], skipped: "libvirt's QEMU driver is not installed (Debian package libvirt-daemon-driver-qemu, Fedora package libvirt-daemon-driver-qemu)." };
      }
      if (result.messages.some((m) => /failed to connect to the hypervisor/i.test(m))) {
        const reason = result.messages.filter((m) => !/failed to connect to the hypervisor/i.test(m)).join(' ');
        return { driver: 'qemu', ok: false, messages: [], skipped: `libvirt's QEMU driver could not be started: ${reason}` };
      }
      return { driver: 'qemu', ...result };
    } finally {
      await fs.promises.rm(root, { recursive: true, force: true });
    }
  }

  /**
   * `virsh attach-device --config` of a device onto a throwaway copy of a domain, in a fresh
   * embedded QEMU root: libvirt's own answer to "can this device be attached to that domain"
   * (duplicate targets and addresses, controllers, the slots libvirt assigns). The domain is
   * defined first; when libvirt refuses the domain itself, that is thrown as a VirshError
   * (the verdict would not be about the device).
   */
  async attachQemu(domainText: string, deviceText: string, options: RunOptions = {}): Promise<LibvirtVerdict> {
    const base = await this.baseDir();
    const root = path.join(base, `qemu-${++this.counter}`);
    const uri = await this.prepareQemuRoot(base, root);
    try {
      const input = (this.options.kvmUsable ?? kvmUsable)() || !this.options.asQemuType ? domainText : await this.options.asQemuType(domainText);
      let printed: string;
      try {
        printed = await this.virsh.define(uri, input, { ...options, validate: false });
      } catch (error) {
        if (!(error instanceof VirshError) || error.kind !== 'failed') throw error;
        if (error.messages.some((m) => /no connection driver available/i.test(m))) {
          return { driver: 'qemu', ok: false, messages: [], skipped: "libvirt's QEMU driver is not installed (Debian package libvirt-daemon-driver-qemu, Fedora package libvirt-daemon-driver-qemu)." };
        }
        throw new VirshError('failed', `libvirt refuses the domain itself: ${error.messages.join(' ') || error.message}`, error.messages);
      } finally {
        this.keepQemuCache(base, root);
      }
      const name = /^Domain '(.*)' defined from /m.exec(printed)?.[1];
      if (!name) throw new VirshError('failed', `virsh define printed no domain name: ${printed}`);
      try {
        await withPrivateFile(deviceText, (file) => this.virsh.run(uri, ['attach-device', '--domain', name, '--file', file, '--config'], options));
        return { driver: 'qemu', ok: true, messages: [] };
      } catch (error) {
        if (error instanceof VirshError && error.kind === 'failed') {
          return { driver: 'qemu', ok: false, messages: (error.messages.length ? error.messages : [error.message]).filter((m) => !/^Failed to attach device from /.test(m)) };
        }
        throw error;
      }
    } finally {
      await fs.promises.rm(root, { recursive: true, force: true });
    }
  }

  /** A fresh embedded root with our qemu.conf and the capabilities cache of an earlier run. */
  private async prepareQemuRoot(base: string, root: string): Promise<string> {
    await fs.promises.mkdir(path.join(root, 'etc', 'qemu'), { recursive: true, mode: 0o700 });
    await fs.promises.writeFile(path.join(root, 'etc', 'qemu.conf'), EMBED_QEMU_CONF, { mode: 0o600 });
    await fs.promises.writeFile(path.join(root, 'etc', 'qemu', 'qemu.conf'), EMBED_QEMU_CONF, { mode: 0o600 });
    const template = path.join(base, 'qemu-cache');
    const seed = fs.existsSync(template) ? template : this.options.seedCache;
    if (seed && fs.existsSync(seed)) await fs.promises.cp(seed, path.join(root, 'cache', 'qemu'), { recursive: true });
    return `qemu:///embed?root=${encodeURIComponent(root)}`;
  }

  /** Keeps the first root's capabilities cache for the next roots (the probe takes seconds). */
  private keepQemuCache(base: string, root: string): void {
    const template = path.join(base, 'qemu-cache');
    const cache = path.join(root, 'cache', 'qemu');
    if (!fs.existsSync(template) && fs.existsSync(cache)) fs.cpSync(cache, template, { recursive: true });
  }

  private async tryDefine(uri: string, text: string, validate: boolean, options: RunOptions & { kind?: LiveKind }): Promise<{ ok: boolean; messages: string[] }> {
    try {
      await this.virsh.defineObject(uri, options.kind ?? 'domain', text, { ...options, validate });
      return { ok: true, messages: [] };
    } catch (error) {
      if (error instanceof VirshError && (error.kind === 'failed' || error.kind === 'not-found')) {
        return { ok: false, messages: error.messages.length ? error.messages : [error.message] };
      }
      throw error;
    }
  }

  async dispose(): Promise<void> {
    const dir = this.dir;
    this.dir = undefined;
    if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
  }

  /** For shutdown paths that cannot wait (an extension host exits right after deactivation). */
  disposeSync(): void {
    const dir = this.dir;
    this.dir = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
