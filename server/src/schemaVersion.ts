import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

/** Where dpkg keeps the installed packages' versions (Debian, Ubuntu). */
export const DPKG_STATUS = '/var/lib/dpkg/status';

/** Packages that install `/usr/share/libvirt/schemas` (Debian 12: libvirt0; newer: libvirt-common). */
const SCHEMA_PACKAGES = ['libvirt0', 'libvirt-common'];

/** The version of a package in a dpkg status file's text, or null. */
export function dpkgVersion(status: string, pkg: string): string | null {
  for (const stanza of status.split(/\n\s*\n/)) {
    if (!new RegExp(`^Package: ${pkg.replace(/[.+]/g, '\\$&')}$`, 'm').test(stanza)) continue;
    if (!/^Status: .* installed$/m.test(stanza)) continue;
    const v = /^Version: (\S+)$/m.exec(stanza);
    if (v) return v[1];
  }
  return null;
}

/**
 * libvirt's version of the schemas in `dir`, as far as it can be told without running
 * anything: a directory named after a version (`…/10.7.0`), or for the distribution's
 * directory the version of the package that installed it. Null when unknown.
 */
export function schemaVersion(dir: string, readStatus: () => string = () => readFileSync(DPKG_STATUS, 'utf8')): string | null {
  const name = basename(resolve(dir));
  if (/^\d+\.\d+(\.\d+)?$/.test(name)) return name;
  if (resolve(dir) !== '/usr/share/libvirt/schemas') return null;
  let status: string;
  try {
    status = readStatus();
  } catch {
    return null;
  }
  for (const pkg of SCHEMA_PACKAGES) {
    const v = dpkgVersion(status, pkg);
    if (v) return v;
  }
  return null;
}
