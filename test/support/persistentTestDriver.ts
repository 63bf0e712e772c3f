// libvirt's test driver with networks and storage pools that last between virsh runs, for
// the live network/pool tests (unit, in-process: persistentTestDriver(); end-to-end, as a
// virsh program: this file bundled to dist/test/suite/persistentVirsh.js, see main()).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type Kind = 'network' | 'pool';

/** The options the code under test gives its exec (client/src/virsh.ts ExecOptions). */
interface RunOptions {
  timeout: number;
  signal?: AbortSignal;
  env: NodeJS.ProcessEnv;
  maxBuffer: number;
}

type Exec = (file: string, args: readonly string[], options: RunOptions) => Promise<{ stdout: string; stderr: string }>;

const COMMANDS: Record<string, { kind: Kind; op: 'list' | 'dumpxml' | 'define' }> = {
  'net-list': { kind: 'network', op: 'list' },
  'net-dumpxml': { kind: 'network', op: 'dumpxml' },
  'net-define': { kind: 'network', op: 'define' },
  'pool-list': { kind: 'pool', op: 'list' },
  'pool-dumpxml': { kind: 'pool', op: 'dumpxml' },
  'pool-define': { kind: 'pool', op: 'define' },
};

/** The file name of the node in a state directory; its URI is `test://<dir>/live-node.xml`. */
const NODE_FILE = 'live-node.xml';

const realVirsh: Exec = (file, args, options) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });

/** How virsh fails: what execFile rejects with (exit status 1, libvirt's lines on stderr). */
function virshFailure(stderr: string): Error {
  return Object.assign(new Error(`Command failed\n${stderr}`), { code: 1, stdout: '', stderr });
}

/** Single quotes for one argument of a virsh command string (virsh's own shell-like parsing). */
function quoted(arg: string): string {
  return `'${arg.replace(/'/g, "'\\''")}'`;
}

/** The state directory of a `test://<dir>/live-node.xml` URI made by persistentTestDriver, or undefined. */
function stateDirOf(uri: string): string | undefined {
  const m = /^test:\/\/(\/.*)$/.exec(uri);
  if (!m || path.basename(m[1]) !== NODE_FILE) return undefined;
  const dir = path.dirname(m[1]);
  return fs.existsSync(path.join(dir, 'network')) && fs.existsSync(path.join(dir, 'pool')) ? dir : undefined;
}

/**
 * State, one file per object: `<dir>/<kind>/<name>.xml` holds libvirt's formatting of its
 * definition, `<dir>/<kind>/<name>.active` marks it active.
 */
class State {
  constructor(readonly dir: string) {}

  private file(kind: Kind, name: string, ext = '.xml'): string {
    return path.join(this.dir, kind, encodeURIComponent(name) + ext);
  }

  names(kind: Kind): string[] {
    return fs.readdirSync(path.join(this.dir, kind)).filter((f) => f.endsWith('.xml')).map((f) => decodeURIComponent(f.slice(0, -4))).sort();
  }

  get(kind: Kind, name: string): string | undefined {
    const f = this.file(kind, name);
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined;
  }

  set(kind: Kind, name: string, xml: string): void {
    fs.writeFileSync(this.file(kind, name), xml);
  }

  isActive(kind: Kind, name: string): boolean {
    return fs.existsSync(this.file(kind, name, '.active'));
  }

  setActive(kind: Kind, name: string, on: boolean): void {
    if (on) fs.writeFileSync(this.file(kind, name, '.active'), '');
    else fs.rmSync(this.file(kind, name, '.active'), { force: true });
  }

  /** A node file with every stored object: libvirt's duplicate name and UUID checks see them. */
  node(): string {
    const body = (['network', 'pool'] as const).flatMap((k) => this.names(k).map((n) => this.get(k, n)!)).join('\n');
    const file = path.join(this.dir, 'state-node.xml');
    fs.writeFileSync(file, `<node><cpu><mhz>2000</mhz></cpu>\n${body}\n</node>\n`);
    return file;
  }

  emptyNode(): string {
    const file = path.join(this.dir, 'empty-node.xml');
    if (!fs.existsSync(file)) fs.writeFileSync(file, '<node><cpu><mhz>2000</mhz></cpu></node>\n');
    return file;
  }
}

/**
 * Runs one virsh command on a state directory. Definitions go through the real virsh and
 * test driver: `net-define` / `pool-define` (with `--validate` when asked) run on a node file
 * holding the objects defined so far, so libvirt's parser, schema and name/UUID checks
 * decide; what is stored is libvirt's own formatting of the definition (`*-dumpxml` of it
 * on an empty node). Only the bookkeeping is ours: which objects exist and which are active.
 * `*-dumpxml --inactive` is answered (the test driver itself refuses it).
 */
async function runOnState(virsh: string, state: State, command: string, rest: readonly string[], options: RunOptions): Promise<{ stdout: string; stderr: string }> {
  const known = COMMANDS[command];
  if (!known) throw virshFailure(`error: this test driver keeps networks and storage pools only; it does not run '${command}'\n`);
  const { kind, op } = known;
  const prefix = kind === 'network' ? 'net' : 'pool';
  switch (op) {
    case 'list': {
      const names = state.names(kind);
      const shown = rest.includes('--all') ? names : rest.includes('--inactive') ? names.filter((n) => !state.isActive(kind, n)) : names.filter((n) => state.isActive(kind, n));
      return { stdout: shown.map((n) => `${n}\n`).join('') + '\n', stderr: '' };
    }
    case 'dumpxml': {
      const name = rest[rest.indexOf(`--${kind}`) + 1];
      const xml = state.get(kind, name);
      if (xml === undefined) {
        throw virshFailure(`error: failed to get ${kind} '${name}'\nerror: ${kind === 'network' ? 'Network' : 'Storage pool'} not found: no ${kind === 'network' ? 'network' : 'storage pool'} with matching name '${name}'\n`);
      }
      return { stdout: xml, stderr: '' };
    }
    case 'define': {
      const file = rest[rest.indexOf('--file') + 1];
      const validate = rest.includes('--validate') ? ['--validate'] : [];
      // libvirt judges the definition against everything defined so far (rejects with its message).
      const result = await realVirsh(virsh, ['-c', 'test://' + state.node(), `${prefix}-define`, '--file', file, ...validate], options);
      const name = /^(?:Network|Pool) (.+) defined from /m.exec(result.stdout)?.[1];
      if (name === undefined) throw new Error(`unexpected virsh output: ${result.stdout}`);
      // libvirt's formatting of the new definition: define it alone, then dump it.
      const dumped = await realVirsh(virsh, ['-c', 'test://' + state.emptyNode(), `${prefix}-define --file ${quoted(file)} ; ${prefix}-dumpxml ${quoted(name)}`], options);
      state.set(kind, name, dumped.stdout.slice(dumped.stdout.indexOf('<')));
      return result;
    }
  }
}

/**
 * A throwaway state directory and its connection URI, with an exec for client/src/virsh.ts
 * that serves that URI from the state and passes every other run to virsh unchanged.
 */
export function persistentTestDriver(): {
  /** The connection URI to give the code under test. */
  uri: string;
  dir: string;
  exec: Exec;
  /** virsh argument lists run on `uri`, in order. */
  calls: (readonly string[])[];
  /** Defines an object through the same path as a `net-define` / `pool-define --validate`. */
  define(kind: Kind, xml: string): Promise<void>;
  /** The stored definition (as `*-dumpxml` prints it), or undefined. */
  stored(kind: Kind, name: string): string | undefined;
  setActive(kind: Kind, name: string, active: boolean): void;
  cleanup(): void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libvirt-xml-persistent-'));
  for (const k of ['network', 'pool']) fs.mkdirSync(path.join(dir, k));
  const state = new State(dir);
  const uri = 'test://' + path.join(dir, NODE_FILE);
  const calls: (readonly string[])[] = [];
  const exec: Exec = async (file, args, options) => {
    if (args[0] !== '-c' || args[1] !== uri) return realVirsh(file, args, options);
    calls.push(args.slice(2));
    return runOnState(file, state, args[2], args.slice(3), options);
  };
  return {
    uri,
    dir,
    exec,
    calls,
    async define(kind, xml) {
      const file = path.join(dir, `seed-${kind}.xml`);
      fs.writeFileSync(file, xml);
      await runOnState('virsh', state, `${kind === 'network' ? 'net' : 'pool'}-define`, ['--file', file, '--validate'], { timeout: 60_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, maxBuffer: 64 * 1024 * 1024 });
    },
    stored: (kind, name) => state.get(kind, name),
    setActive: (kind, name, on) => state.setActive(kind, name, on),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * As a program (`node persistentVirsh.js -c URI COMMAND …`, set as `libvirt.virshPath`
 * through a small shell script): a URI made by persistentTestDriver is served from its
 * state directory, anything else runs the real virsh.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const dir = argv[0] === '-c' ? stateDirOf(argv[1] ?? '') : undefined;
  try {
    const result = dir ? await runOnState('virsh', new State(dir), argv[2], argv.slice(3), { timeout: 60_000, env: process.env, maxBuffer: 64 * 1024 * 1024 }) : await realVirsh('virsh', argv, { timeout: 60_000, env: process.env, maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return 0;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: unknown; message?: string };
    process.stdout.write(e.stdout ?? '');
    process.stderr.write(e.stderr ?? `error: ${e.message ?? String(error)}\n`);
    return typeof e.code === 'number' ? e.code : 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
