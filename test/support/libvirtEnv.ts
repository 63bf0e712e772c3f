import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules, builtinRules, type Level, type LintSettings } from '../../server/src/service/index';

/** Whether a command runs here (`CMD --version` succeeds). */
export function commandRuns(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether virsh runs here (scripts/ensure-libvirt.sh installs it when the tests run as root). */
export const virshAvailable: boolean = commandRuns('virsh');

/** Whether libvirt's QEMU driver and QEMU are installed for qemu:///embed. */
export const qemuEmbedAvailable: boolean =
  virshAvailable &&
  fs.existsSync('/usr/bin/qemu-system-x86_64') &&
  ['/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so', '/usr/lib64/libvirt/connection-driver/libvirt_driver_qemu.so'].some((f) => fs.existsSync(f));

export const SKIP_NO_VIRSH = virshAvailable ? false : 'virsh is not installed (scripts/ensure-libvirt.sh installs it when run as root on Debian)';
export const SKIP_NO_QEMU = qemuEmbedAvailable ? false : "libvirt's QEMU driver or QEMU is not installed (scripts/ensure-libvirt.sh installs them when run as root on Debian)";

/** A temp directory removed by `cleanup()`. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const QEMU_CONF = 'user = "root"\ngroup = "root"\nsecurity_driver = "none"\n';

function writeQemuConf(dir: string): void {
  fs.mkdirSync(path.join(dir, 'etc', 'qemu'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'etc', 'qemu.conf'), QEMU_CONF);
  fs.writeFileSync(path.join(dir, 'etc', 'qemu', 'qemu.conf'), QEMU_CONF);
}

/**
 * QEMU capabilities probed once for all test files (the probe takes seconds of CPU):
 * `.test-work/qemu-caps` holds a copy of an embedded root's `cache/qemu`. libvirt checks the
 * cache against the QEMU binary and its own version, so a stale copy is simply re-probed.
 */
export function sharedQemuCache(): string | undefined {
  if (!qemuEmbedAvailable) return undefined;
  const target = path.join(repoRootDir(), '.test-work', 'qemu-caps');
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Test files run in parallel processes: one probes, the others wait for its result.
  const lock = target + '.lock';
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, { force: true });
  } catch {
    // No lock.
  }
  let fd: number;
  try {
    fd = fs.openSync(lock, 'wx');
  } catch {
    const deadline = Date.now() + 60_000;
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    while (!fs.existsSync(target) && fs.existsSync(lock) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 100);
    return fs.existsSync(target) ? target : undefined;
  }
  const t = tempDir('libvirt-xml-caps-');
  try {
    writeQemuConf(t.dir);
    // Defining a domain is what makes the driver probe the x86_64 QEMU (listing does not).
    const file = path.join(t.dir, 'warmup.xml');
    fs.writeFileSync(file, cleanDomain('warmup'));
    execFileSync('virsh', ['-c', `qemu:///embed?root=${encodeURIComponent(t.dir)}`, 'define', '--file', file], { stdio: 'ignore' });
    if (fs.readdirSync(path.join(t.dir, 'cache', 'qemu', 'capabilities')).length === 0) return undefined;
    const staging = fs.mkdtempSync(target + '-');
    fs.cpSync(path.join(t.dir, 'cache', 'qemu'), staging, { recursive: true });
    try {
      fs.renameSync(staging, target);
    } catch {
      // Another test process finished first: keep its copy.
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return target;
  } catch {
    return undefined;
  } finally {
    t.cleanup();
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

function repoRootDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/**
 * A private qemu:///embed root: the domains defined there persist in DIR/etc/qemu across
 * virsh calls, which is what a live-domain round trip needs, without any daemon.
 */
export function embedRoot(): { uri: string; dir: string; cleanup(): void } {
  const t = tempDir('libvirt-xml-embed-');
  writeQemuConf(t.dir);
  const cache = sharedQemuCache();
  if (cache) fs.cpSync(cache, path.join(t.dir, 'cache', 'qemu'), { recursive: true });
  return { uri: `qemu:///embed?root=${encodeURIComponent(t.dir)}`, dir: t.dir, cleanup: t.cleanup };
}

/** A small domain that this project's rules and libvirt's QEMU driver both accept. */
export function cleanDomain(name: string, memoryMiB = 256, extraDevices = ''): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>${memoryMiB}</memory>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source file='/var/lib/libvirt/images/${name}.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>${extraDevices}
  </devices>
</domain>
`;
}

/**
 * Lint settings with every rule off but `ids` (and `not-well-formed`): these tests are about
 * saving through libvirt, so rules added later must not change what they see.
 */
export function onlyRules(...ids: string[]): LintSettings {
  const rules: Record<string, Level> = {};
  for (const r of [...allRules, ...builtinRules]) if (r.id !== 'not-well-formed' && !ids.includes(r.id)) rules[r.id] = 'off';
  return { rules };
}
