import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import type { DomainModel } from '../../server/src/service/kinds/domain/model/domain';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { convertToScsiLun, convertToVirtioBlk, convertToVirtioScsi } from '../../server/src/service/kinds/domain/refactor/convert';
import type { Disk } from '../../server/src/service/kinds/domain/model/disk';
import type { OffsetEdit } from '../../server/src/service/types';

const service = new LanguageService();

/** Builds the model of an inline domain, runs a conversion on the named disks and returns the text. */
function convert(text: string, targets: string[], fn: (m: DomainModel, d: Disk[]) => OffsetEdit[]): string {
  const model = service.parse(text).model as DomainModel;
  const disks = targets.map((t) => model.disks.find((d) => d.targetDev === t)!);
  const out = applyEdits(text, fn(model, disks));
  assert.equal(parseXml(out).syntaxError, null, 'the result must be well-formed');
  return out;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('convertToVirtioScsi', () => {
  it('adds a controller after the last disk when there are no controllers, replacing a PCI address', () => {
    const text = lines(
      "<domain type='kvm'>",
      '  <devices>',
      "    <disk type='block' device='disk'>",
      "      <driver name='qemu' type='raw' queues='4'/>",
      "      <source dev='/dev/sdc'/>",
      "      <target dev='vdb' bus='virtio'/>",
      "      <address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>",
      '    </disk>',
      '  </devices>',
      '</domain>',
    );
    assert.equal(
      convert(text, ['vdb'], convertToVirtioScsi),
      lines(
        "<domain type='kvm'>",
        '  <devices>',
        "    <disk type='block' device='disk'>",
        "      <driver name='qemu' type='raw'/>",
        "      <source dev='/dev/sdc'/>",
        "      <target dev='sda' bus='scsi'/>",
        "      <address type='drive' controller='0' bus='0' target='0' unit='0'/>",
        '    </disk>',
        "    <controller type='scsi' index='0' model='virtio-scsi'/>",
        '  </devices>',
        '</domain>',
      ),
    );
  });

  it('keeps tabs and CRLF, and adds a virtio-scsi controller next to an lsilogic one', () => {
    const text = [
      '<domain type="kvm">',
      '\t<devices>',
      '\t\t<disk type="file" device="disk">',
      '\t\t\t<source file="/a.img"/>',
      '\t\t\t<target dev="vda" bus="virtio"/>',
      '\t\t</disk>',
      '\t\t<disk type="file" device="disk">',
      '\t\t\t<source file="/b.img"/>',
      '\t\t\t<target dev="sda" bus="scsi"/>',
      '\t\t</disk>',
      '\t\t<controller type="scsi" index="0" model="lsilogic"/>',
      '\t\t<controller type="usb" index="0"/>',
      '\t</devices>',
      '</domain>',
      '',
    ].join('\r\n');
    assert.equal(
      convert(text, ['vda'], convertToVirtioScsi),
      [
        '<domain type="kvm">',
        '\t<devices>',
        '\t\t<disk type="file" device="disk">',
        '\t\t\t<source file="/a.img"/>',
        '\t\t\t<target dev="sdb" bus="scsi"/>',
        '\t\t\t<address type="drive" controller="1" bus="0" target="0" unit="0"/>',
        '\t\t</disk>',
        '\t\t<disk type="file" device="disk">',
        '\t\t\t<source file="/b.img"/>',
        '\t\t\t<target dev="sda" bus="scsi"/>',
        '\t\t</disk>',
        '\t\t<controller type="scsi" index="0" model="lsilogic"/>',
        '\t\t<controller type="usb" index="0"/>',
        '\t\t<controller type="scsi" index="1" model="virtio-scsi"/>',
        '\t</devices>',
        '</domain>',
        '',
      ].join('\r\n'),
    );
  });

  it('reuses an existing virtio-scsi controller and picks free units for several disks', () => {
    const text = lines(
      "<domain type='kvm'>",
      '  <devices>',
      "    <controller type='scsi' index='2' model='virtio-scsi'/>",
      "    <disk type='file'><source file='/a'/><target dev='vda'/></disk>",
      "    <disk type='file'>",
      "      <source file='/b'/>",
      "      <target dev='sda' bus='scsi'/>",
      "      <address type='drive' controller='2' bus='0' target='0' unit='0'/>",
      '    </disk>',
      "    <disk type='file'>",
      "      <source file='/c'/>",
      "      <target dev='vdc' bus='virtio'/>",
      '    </disk>',
      '  </devices>',
      '</domain>',
    );
    assert.equal(
      convert(text, ['vda', 'vdc'], convertToVirtioScsi),
      lines(
        "<domain type='kvm'>",
        '  <devices>',
        "    <controller type='scsi' index='2' model='virtio-scsi'/>",
        "    <disk type='file'><source file='/a'/><target dev='sdb' bus='scsi'/><address type='drive' controller='2' bus='0' target='0' unit='1'/></disk>",
        "    <disk type='file'>",
        "      <source file='/b'/>",
        "      <target dev='sda' bus='scsi'/>",
        "      <address type='drive' controller='2' bus='0' target='0' unit='0'/>",
        '    </disk>',
        "    <disk type='file'>",
        "      <source file='/c'/>",
        "      <target dev='sdc' bus='scsi'/>",
        "      <address type='drive' controller='2' bus='0' target='0' unit='2'/>",
        '    </disk>',
        '  </devices>',
        '</domain>',
      ),
    );
  });

  it('numbers a new controller above SCSI controllers that libvirt would add for address-less disks', () => {
    const text = lines(
      "<domain type='kvm'>",
      '  <devices>',
      "    <disk type='file'>",
      "      <source file='/a'/>",
      "      <target dev='sdh' bus='scsi'/>",
      '    </disk>',
      "    <disk type='file'>",
      "      <source file='/b'/>",
      "      <target dev='vda' bus='virtio'/>",
      '    </disk>',
      '  </devices>',
      '</domain>',
    );
    const out = convert(text, ['vda'], convertToVirtioScsi);
    // sdh is index 7: with 7 units a controller libvirt puts it on controller 1.
    assert.match(out, /<controller type='scsi' index='2' model='virtio-scsi'\/>/);
    assert.match(out, /<target dev='sda' bus='scsi'\/>\n {6}<address type='drive' controller='2' bus='0' target='0' unit='0'\/>/);
  });
});

describe('convertToVirtioBlk', () => {
  it('sets bus and a free vdX name and drops the drive address and SCSI-only children', () => {
    const text = lines(
      "<domain type='kvm'>",
      '  <devices>',
      "    <disk type='file' device='disk'>",
      "      <source file='/a'/>",
      "      <target dev='vda' bus='virtio'/>",
      '    </disk>',
      "    <disk type='block' device='disk'>",
      "      <source dev='/dev/sdd'/>",
      "      <target dev='sda' bus='scsi' removable='on'/>",
      '      <vendor>ACME</vendor>',
      "      <address type='drive' controller='0' bus='0' target='0' unit='0'/>",
      '    </disk>',
      "    <controller type='scsi' index='0' model='virtio-scsi'/>",
      '  </devices>',
      '</domain>',
    );
    assert.equal(
      convert(text, ['sda'], convertToVirtioBlk),
      lines(
        "<domain type='kvm'>",
        '  <devices>',
        "    <disk type='file' device='disk'>",
        "      <source file='/a'/>",
        "      <target dev='vda' bus='virtio'/>",
        '    </disk>',
        "    <disk type='block' device='disk'>",
        "      <source dev='/dev/sdd'/>",
        "      <target dev='vdb' bus='virtio'/>",
        '    </disk>',
        "    <controller type='scsi' index='0' model='virtio-scsi'/>",
        '  </devices>',
        '</domain>',
      ),
    );
  });
});

describe('convertToScsiLun', () => {
  it('sets device, bus, cache and removes what libvirt rejects on a LUN (double quotes)', () => {
    const text = lines(
      '<domain type="kvm">',
      '  <devices>',
      '    <disk type="block" device="disk">',
      '      <driver name="qemu" type="raw" copy_on_read="on"/>',
      '      <source dev="/dev/vx/dmp/emc0_01"/>',
      '      <target dev="vdb" bus="virtio"/>',
      '      <serial>S1</serial>',
      '      <wwn>5000c50015ea71ac</wwn>',
      '      <blockio logical_block_size="512"/>',
      '    </disk>',
      '  </devices>',
      '</domain>',
    );
    assert.equal(
      convert(text, ['vdb'], convertToScsiLun),
      lines(
        '<domain type="kvm">',
        '  <devices>',
        '    <disk type="block" device="lun">',
        '      <driver name="qemu" type="raw" cache="none"/>',
        '      <source dev="/dev/vx/dmp/emc0_01"/>',
        '      <target dev="sda" bus="scsi"/>',
        '      <address type="drive" controller="0" bus="0" target="0" unit="0"/>',
        '    </disk>',
        '    <controller type="scsi" index="0" model="virtio-scsi"/>',
        '  </devices>',
        '</domain>',
      ),
    );
  });

  it('adds <driver cache> when the disk has none and keeps an existing virtio-scsi address', () => {
    const text = lines(
      "<domain type='kvm'>",
      '  <devices>',
      "    <controller type='scsi' index='0' model='virtio-scsi'/>",
      "    <disk type='block'>",
      "      <source dev='/dev/sdc'/>",
      "      <target dev='sdb' bus='scsi'/>",
      "      <address type='drive' controller='0' bus='0' target='0' unit='3'/>",
      '    </disk>',
      '  </devices>',
      '</domain>',
    );
    assert.equal(
      convert(text, ['sdb'], convertToScsiLun),
      lines(
        "<domain type='kvm'>",
        '  <devices>',
        "    <controller type='scsi' index='0' model='virtio-scsi'/>",
        "    <disk type='block' device='lun'>",
        "      <driver name='qemu' cache='none'/>",
        "      <source dev='/dev/sdc'/>",
        "      <target dev='sdb' bus='scsi'/>",
        "      <address type='drive' controller='0' bus='0' target='0' unit='3'/>",
        '    </disk>',
        '  </devices>',
        '</domain>',
      ),
    );
  });
  it('puts a new <driver> before the first kept child when the first child is removed', () => {
    const text = lines(
      "<domain type='kvm'>",
      '  <devices>',
      "    <disk type='block' device='disk'>",
      '      <serial>S9</serial>',
      "      <source dev='/dev/sdc'/>",
      "      <target dev='vda' bus='virtio'/>",
      '    </disk>',
      "    <controller type='scsi' index='0' model='virtio-scsi'/>",
      '  </devices>',
      '</domain>',
    );
    assert.equal(
      convert(text, ['vda'], convertToScsiLun),
      lines(
        "<domain type='kvm'>",
        '  <devices>',
        "    <disk type='block' device='lun'>",
        "      <driver name='qemu' cache='none'/>",
        "      <source dev='/dev/sdc'/>",
        "      <target dev='sda' bus='scsi'/>",
        "      <address type='drive' controller='0' bus='0' target='0' unit='0'/>",
        '    </disk>',
        "    <controller type='scsi' index='0' model='virtio-scsi'/>",
        '  </devices>',
        '</domain>',
      ),
    );
  });
});

