import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { CONVERT_TO_VIRTIO_BLK, CONVERT_TO_VIRTIO_SCSI } from '../../server/src/service/kinds/domain/refactor/convertDisk';

const service = new LanguageService();

function domain(devices: string, machine = 'pc-q35-8.2'): string {
  return `<domain type='kvm'>
  <name>g</name>
  <memory unit='GiB'>2</memory>
  <os>
    <type arch='x86_64' machine='${machine}'>hvm</type>
  </os>
  <devices>
${devices}
  </devices>
</domain>
`;
}

const VIRTIO_DISK = `    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none' queues='2'/>
      <source file='/var/lib/libvirt/images/g.qcow2'/>
      <target dev='vda' bus='virtio'/>
      <address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>
    </disk>`;

const SCSI_DISK = `    <disk type='block' device='disk'>
      <driver name='qemu' type='raw' cache='none'/>
      <source dev='/dev/sdc'/>
      <target dev='sda' bus='scsi'/>
      <vendor>VERITAS</vendor>
      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
    </disk>
    <controller type='scsi' index='0' model='virtio-scsi'/>`;

function titlesAt(text: string, needle: string): string[] {
  return service.refactors(service.parse(text), text.indexOf(needle)).map((a) => a.title);
}

function errorsOf(text: string): string[] {
  return service
    .validate(service.parse(text))
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.ruleId}: ${d.message}`);
}

describe('disk refactorings', () => {
  it('are refactor.rewrite actions that are never preferred', () => {
    const text = domain(VIRTIO_DISK);
    const actions = service.refactors(service.parse(text), text.indexOf("dev='vda'"));
    assert.ok(actions.length > 0);
    for (const a of actions) {
      assert.equal(a.kind, 'refactor.rewrite');
      assert.equal(a.isPreferred, false);
    }
  });

  it('offer only the conversion that changes the bus', () => {
    assert.deepEqual(titlesAt(domain(VIRTIO_DISK), "dev='vda'"), [CONVERT_TO_VIRTIO_SCSI]);
    assert.deepEqual(titlesAt(domain(SCSI_DISK), "dev='sda'"), [CONVERT_TO_VIRTIO_BLK]);
    const sata = `    <disk type='file' device='disk'>
      <source file='/img/a.img'/>
      <target dev='sda' bus='sata'/>
    </disk>`;
    assert.deepEqual(titlesAt(domain(sata), "bus='sata'"), [CONVERT_TO_VIRTIO_SCSI, CONVERT_TO_VIRTIO_BLK]);
  });

  it('never move removable media or LUNs to virtio-blk', () => {
    const cdrom = `    <disk type='file' device='cdrom'>
      <source file='/iso/a.iso'/>
      <target dev='sdb' bus='sata'/>
      <readonly/>
    </disk>`;
    assert.deepEqual(titlesAt(domain(cdrom), 'cdrom'), [CONVERT_TO_VIRTIO_SCSI]);
  });

  it('offer nothing outside a disk or in a broken document', () => {
    const text = domain(VIRTIO_DISK);
    assert.deepEqual(service.refactors(service.parse(text), text.indexOf('<memory')), []);
    const broken = text.replace('</devices>', '');
    assert.deepEqual(service.refactors(service.parse(broken), broken.indexOf("dev='vda'")), []);
  });

  it('convert a virtio-blk disk to virtio-scsi: sdX name, drive address, new controller, no virtio-only options', () => {
    const text = domain(VIRTIO_DISK);
    const action = service.refactors(service.parse(text), text.indexOf("dev='vda'")).find((a) => a.title === CONVERT_TO_VIRTIO_SCSI)!;
    const out = applyEdits(text, action.edits);
    assert.match(out, /<target dev='sda' bus='scsi'\/>/);
    assert.match(out, /<address type='drive' controller='0' bus='0' target='0' unit='0'\/>/);
    assert.match(out, /\n {4}<controller type='scsi' index='0' model='virtio-scsi'\/>/);
    assert.doesNotMatch(out, /type='pci'/);
    assert.doesNotMatch(out, /queues=/);
    assert.deepEqual(errorsOf(out), []);
    assert.deepEqual(
      service.validate(service.parse(out)).filter((d) => d.ruleId === 'scsi-disk-without-virtio-scsi-controller'),
      [],
    );
  });

  it('convert a SCSI disk to virtio-blk: vdX name, no drive address, no SCSI-only children', () => {
    const text = domain(SCSI_DISK);
    const action = service.refactors(service.parse(text), text.indexOf("dev='sda'")).find((a) => a.title === CONVERT_TO_VIRTIO_BLK)!;
    const out = applyEdits(text, action.edits);
    assert.match(out, /<target dev='vda' bus='virtio'\/>/);
    assert.doesNotMatch(out, /type='drive'/);
    assert.doesNotMatch(out, /<vendor>/);
    assert.deepEqual(errorsOf(out), []);
  });

  it('are not diagnostics fixes: fix-all leaves a valid disk alone', () => {
    const text = domain(VIRTIO_DISK);
    assert.equal(service.fixAll(text).text, text);
  });
});
