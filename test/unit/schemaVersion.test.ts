import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dpkgVersion, schemaVersion } from '../../server/src/schemaVersion';

const STATUS = `Package: libvirt-clients
Status: install ok installed
Version: 9.0.0-4

Package: libvirt0
Status: install ok installed
Architecture: amd64
Version: 9.0.0-4+deb12u2

Package: libvirt-common
Status: deinstall ok config-files
Version: 8.0.0-1
`;

describe('schema version for the language status', () => {
  it('reads a package version from dpkg status, installed packages only', () => {
    assert.equal(dpkgVersion(STATUS, 'libvirt0'), '9.0.0-4+deb12u2');
    assert.equal(dpkgVersion(STATUS, 'libvirt-common'), null);
    assert.equal(dpkgVersion(STATUS, 'libvirt'), null);
  });

  it('a directory named after a version is that version; the distribution directory is its package', () => {
    assert.equal(schemaVersion('/opt/schemas/libvirt/10.7.0'), '10.7.0');
    assert.equal(schemaVersion('/usr/share/libvirt/schemas', () => STATUS), '9.0.0-4+deb12u2');
    assert.equal(schemaVersion('/usr/share/libvirt/schemas/', () => STATUS), '9.0.0-4+deb12u2');
    assert.equal(schemaVersion('/home/me/schemas', () => STATUS), null);
  });

  it('an unreadable dpkg status means an unknown version, not an error', () => {
    assert.equal(
      schemaVersion('/usr/share/libvirt/schemas', () => {
        throw new Error('ENOENT');
      }),
      null,
    );
  });
});
