import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Whether virsh runs here (scripts/ensure-libvirt.sh installs it when the tests run as root). */
export const virshAvailable: boolean = (() => {
  try {
    execFileSync('virsh', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

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

/**
 * A private qemu:///embed root: the domains defined there persist in DIR/etc/qemu across
 * virsh calls, which is what a live-domain round trip needs, without any daemon.
 */
export function embedRoot(): { uri: string; dir: string; cleanup(): void } {
  const t = tempDir('libvirt-xml-embed-');
  const conf = 'user = "root"\ngroup = "root"\nsecurity_driver = "none"\n';
  fs.mkdirSync(path.join(t.dir, 'etc', 'qemu'), { recursive: true });
  fs.writeFileSync(path.join(t.dir, 'etc', 'qemu.conf'), conf);
  fs.writeFileSync(path.join(t.dir, 'etc', 'qemu', 'qemu.conf'), conf);
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
