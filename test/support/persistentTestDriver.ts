import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileAsync, type ExecFn, type ExecOptions } from '../../client/src/virsh';
import { tempDir } from './libvirtEnv';

type Kind = 'network' | 'pool';

const COMMANDS: Record<string, { kind: Kind; op: 'list' | 'dumpxml' | 'define' }> = {
  'net-list': { kind: 'network', op: 'list' },
  'net-dumpxml': { kind: 'network', op: 'dumpxml' },
  'net-define': { kind: 'network', op: 'define' },
  'pool-list': { kind: 'pool', op: 'list' },
  'pool-dumpxml': { kind: 'pool', op: 'dumpxml' },
  'pool-define': { kind: 'pool', op: 'define' },
};

/** How virsh fails: what execFile rejects with (exit status 1, libvirt's lines on stderr). */
function virshFailure(stderr: string): Error {
  return Object.assign(new Error(`Command failed\n${stderr}`), { code: 1, stdout: '', stderr });
}

/** Single quotes for one argument of a virsh command string (virsh's own shell-like parsing). */
function quoted(arg: string): string {
  return `'${arg.replace(/'/g, "'\\''")}'`;
}

/**
 * libvirt's test driver with networks and storage pools that last between virsh runs, which
 * the real one does not offer (each `virsh -c test://…` starts from its node file, and no
 * libvirt driver that runs without a daemon has networks or pools). Every definition goes
 * through the real virsh and test driver: `net-define` / `pool-define` (with `--validate` when
 * asked) run on a node file holding the objects defined so far, so libvirt's parser, schema
 * and name/UUID checks decide; what is stored is libvirt's own formatting of the definition
 * (`net-dumpxml` of it on an empty node). Only the bookkeeping is ours: which objects exist,
 * and which are active (`setActive`). Runs on other URIs go to virsh unchanged.
 */
export function persistentTestDriver(): {
  /** The connection URI to give the code under test. */
  uri: string;
  exec: ExecFn;
  /** virsh argument lists run on `uri`, in order. */
  calls: (readonly string[])[];
  /** Defines an object through the same path as a `net-define` / `pool-define`. */
  define(kind: Kind, xml: string): Promise<string>;
  /** The stored definition (as `*-dumpxml` prints it), or undefined. */
  stored(kind: Kind, name: string): string | undefined;
  setActive(kind: Kind, name: string, active: boolean): void;
  cleanup(): void;
} {
  const t = tempDir('libvirt-xml-persistent-');
  const uri = 'test://' + path.join(t.dir, 'live-node.xml');
  const objects: Record<Kind, Map<string, string>> = { network: new Map(), pool: new Map() };
  const active: Record<Kind, Set<string>> = { network: new Set(), pool: new Set() };
  const calls: (readonly string[])[] = [];
  const emptyNode = path.join(t.dir, 'empty-node.xml');
  fs.writeFileSync(emptyNode, '<node><cpu><mhz>2000</mhz></cpu></node>\n');

  /** A node file with every stored object: libvirt's duplicate name and UUID checks see them. */
  function nodeFile(): string {
    const file = path.join(t.dir, 'state-node.xml');
    const body = [...objects.network.values(), ...objects.pool.values()].join('\n');
    fs.writeFileSync(file, `<node><cpu><mhz>2000</mhz></cpu>\n${body}\n</node>\n`);
    return file;
  }

  async function define(kind: Kind, file: string, validate: boolean, options: ExecOptions): Promise<{ stdout: string; stderr: string }> {
    const command = kind === 'network' ? 'net-define' : 'pool-define';
    const args = [command, '--file', file, ...(validate ? ['--validate'] : [])];
    // libvirt judges the definition against everything defined so far (rejects with its message).
    const result = await execFileAsync('virsh', ['-c', 'test://' + nodeFile(), ...args], options);
    const name = /^(?:Network|Pool) (.+) defined from /m.exec(result.stdout)?.[1];
    if (name === undefined) throw new Error(`unexpected virsh output: ${result.stdout}`);
    // libvirt's formatting of the new definition: define it alone, then dump it.
    const dumped = await execFileAsync('virsh', ['-c', 'test://' + emptyNode, `${command} --file ${quoted(file)} ; ${kind === 'network' ? 'net' : 'pool'}-dumpxml ${quoted(name)}`], options);
    objects[kind].set(name, dumped.stdout.slice(dumped.stdout.indexOf('<')));
    return result;
  }

  const exec: ExecFn = async (file, args, options) => {
    if (args[0] !== '-c' || args[1] !== uri) return execFileAsync(file, args, options);
    calls.push(args.slice(2));
    const [command, ...rest] = args.slice(2);
    const known = COMMANDS[command];
    if (!known) throw virshFailure(`error: the persistent test driver does not run '${command}'\n`);
    const { kind, op } = known;
    const noun = kind === 'network' ? 'network' : 'pool';
    const Noun = kind === 'network' ? 'Network' : 'Storage pool';
    switch (op) {
      case 'list': {
        const names = [...objects[kind].keys()].sort();
        const shown = rest.includes('--all') ? names : names.filter((n) => active[kind].has(n));
        return { stdout: shown.map((n) => `${n}\n`).join('') + '\n', stderr: '' };
      }
      case 'dumpxml': {
        const name = rest[rest.indexOf(`--${noun}`) + 1];
        const xml = objects[kind].get(name);
        if (xml === undefined) throw virshFailure(`error: failed to get ${noun} '${name}'\nerror: ${Noun} not found: no ${kind === 'network' ? 'network' : 'storage pool'} with matching name '${name}'\n`);
        return { stdout: xml, stderr: '' };
      }
      case 'define':
        return define(kind, rest[rest.indexOf('--file') + 1], rest.includes('--validate'), options);
    }
  };

  return {
    uri,
    exec,
    calls,
    async define(kind, xml) {
      const file = path.join(t.dir, `seed-${kind}.xml`);
      fs.writeFileSync(file, xml);
      await define(kind, file, true, { timeout: 60_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, maxBuffer: 64 * 1024 * 1024 });
      return /<name>([^<]*)<\/name>/.exec(xml)![1];
    },
    stored: (kind, name) => objects[kind].get(name),
    setActive(kind, name, on) {
      if (on) active[kind].add(name);
      else active[kind].delete(name);
    },
    cleanup: t.cleanup,
  };
}
