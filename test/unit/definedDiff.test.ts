import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareDefined } from '../../server/src/service/definedDiff';
import { installVscodeStub } from '../support/vscodeStub';

installVscodeStub();
// Loaded after the stub is installed: the module imports 'vscode'.
const report: typeof import('../../client/src/saveReport') = require('../../client/src/saveReport');

const SENT = `<domain type='kvm'>
  <!-- web tier -->
  <name>web</name>
  <memory unit='GiB'>1</memory>
  <devices>
    <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->
    <disk type="file" device="disk">
      <driver name='qemu' type='raw' cache='writeback' bogus='1'/>
      <source file='/a.img'/>
      <target dev='vda' bus='virtio'/>
      <shareable/>
      <frobnicate/>
    </disk>
    <disk type='file' device='disk'>
      <source file='/b.img'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;

const STORED = `<domain type='kvm'>
  <name>web</name>
  <uuid>2a9d0b8e-1c1f-4a52-9a3e-0b7c0d3f0e11</uuid>
  <memory unit='KiB'>1048576</memory>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='writeback'/>
      <source file='/a.img'/>
      <target dev='vda' bus='virtio'/>
      <shareable/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>
    </disk>
    <disk type='file' device='disk'>
      <source file='/b.img'/>
      <target dev='vdb' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;

describe('what libvirt kept of a save', () => {
  it('finds dropped comments (suppressions apart), elements and attributes, filled-in defaults and rewritten values', () => {
    const d = compareDefined(SENT, STORED);
    assert.deepEqual(d, {
      droppedElements: ['devices/disk[1]/frobnicate'],
      droppedAttributes: ['devices/disk[1]/driver/@bogus'],
      droppedComments: 2,
      droppedSuppressions: 1,
      addedElements: ['uuid', 'devices/disk[1]/address'],
      addedAttributes: [],
      changedValues: ["memory/@unit: 'GiB' → 'KiB'", "memory: '1' → '1048576'"],
    });
  });

  it('a text kept as sent, quoting and white space aside, is no difference', () => {
    const same = compareDefined(STORED, STORED.replace(/'/g, '"').replace(/\n {2}/g, '\n    '));
    assert.deepEqual([same.droppedElements, same.droppedAttributes, same.addedElements, same.addedAttributes, same.changedValues, same.droppedComments], [[], [], [], [], [], 0]);
    assert.equal(report.describeDefinedDiff('web', same), undefined);
  });

  it('broken XML is not compared, and says so', () => {
    assert.equal(compareDefined('<domain>', STORED).notCompared, 'the text sent is not well-formed XML');
    assert.equal(compareDefined(STORED, 'error: oops').notCompared, 'libvirt answered with text that is not well-formed XML');
    assert.equal(report.describeDefinedDiff('web', compareDefined('<domain>', STORED)), undefined);
  });

  it('one concise message: what was dropped first (suppression comments named), then the defaults', () => {
    const described = report.describeDefinedDiff('web', compareDefined(SENT, STORED));
    assert.deepEqual(described, {
      dropped: true,
      message:
        "Saved 'web', but libvirt did not keep 1 suppression comment (the linter no longer sees it when you reopen the domain), 1 other comment, element devices/disk[1]/frobnicate, attribute devices/disk[1]/driver/@bogus; it also filled in 2 defaults (uuid, devices/disk[1]/address) and wrote 2 values differently (memory/@unit: 'GiB' → 'KiB', memory: '1' → '1048576').",
    });
    const onlyDefaults = report.describeDefinedDiff('web', compareDefined(STORED.replace(/ *<uuid>.*\n/, ''), STORED));
    assert.deepEqual(onlyDefaults, { dropped: false, message: "Saved 'web'; libvirt filled in 1 default (uuid)." });
  });
});
