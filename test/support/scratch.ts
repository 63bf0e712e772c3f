import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { cliPath } from './run';

export interface Scratch {
  /** The directory (valid once the tests run). */
  readonly dir: string;
  /** Writes a file below the directory (parents created); its absolute path. */
  write(name: string, text: string | Buffer): string;
}

/**
 * A temporary directory for the tests of one file: made before they run, removed after.
 * With `needsCli`, a missing build (dist/cli.js) fails at once with what to do.
 */
export function scratchDir(prefix: string, options: { needsCli?: boolean } = {}): Scratch {
  let dir = '';
  before(() => {
    if (options.needsCli) assert.ok(fs.existsSync(cliPath), `build first: ${cliPath} is missing`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    write(name: string, text: string | Buffer): string {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    },
  };
}

/** A `<domain>` with these `<disk>` elements (each indented by four spaces, as below). */
export function domainWithDisks(...disks: string[]): string {
  return `<domain type='kvm'>\n  <devices>\n${disks.join('')}  </devices>\n</domain>\n`;
}

/** A whole q35 KVM domain named `name` with these devices (each indented by four spaces, as below). */
export function q35Domain(name: string, devices: string): string {
  return `<domain type='kvm'>
  <name>${name}</name>
  <memory unit='GiB'>1</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
${devices}  </devices>
</domain>
`;
}

/** A virtio interface on the libvirt network `network`. */
export function networkInterface(network: string): string {
  return `    <interface type='network'>
      <source network='${network}'/>
      <model type='virtio'/>
    </interface>
`;
}

/** A shareable block disk on virtio with this cache mode (host caching on a shared disk: a warning). */
export function sharedDisk(cache: string, source = 'mpatha', target = 'vdb'): string {
  return `    <disk type='block' device='disk'>
      <driver name='qemu' type='raw' cache='${cache}'/>
      <source dev='/dev/mapper/${source}'/>
      <target dev='${target}' bus='virtio'/>
      <shareable/>
    </disk>
`;
}

/** A qcow2 file disk with io='native' and cache='writethrough': an error (io-native-requires-direct-cache). */
export const IO_NATIVE_DISK = `    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='writethrough' io='native'/>
      <source file='/var/lib/libvirt/images/a.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
`;

/** One shareable disk with cache='writeback': one warning of shared-disk-cache-enabled. */
export const SHARED_WRITEBACK_DISK = domainWithDisks(sharedDisk('writeback'));

/** XML that is not a libvirt document. */
export const NOT_A_DOMAIN = `<project>
  <name>default</name>
  <modelVersion>4.0.0</modelVersion>
</project>
`;
