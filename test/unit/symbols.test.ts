import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldingRanges } from '../../server/src/service/folding';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { documentSymbols } from '../../server/src/service/kinds/domain/symbols';
import type { OutlineSymbol } from '../../server/src/service/outline';
import { readFixture } from '../support/fixtures';

const DOMAIN = `<domain type='kvm'>
  <name>db01</name>
  <memory unit='GiB'>8</memory>
  <vcpu>4</vcpu>
  <os>
    <type arch='x86_64' machine='pc-q35-8.2'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' cache='none'/>
      <source file='/var/lib/libvirt/images/db01.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='block' device='lun'>
      <driver name='qemu' type='raw' cache='none'/>
      <source dev='/dev/disk/by-id/wwn-0x5000c500a1b2c3d4'/>
      <target dev='sda'/>
      <shareable/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='sdb' bus='sata'/>
      <readonly/>
    </disk>
    <controller type='scsi' index='0' model='virtio-scsi'/>
    <interface type='network'>
      <mac address='52:54:00:12:34:56'/>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <graphics type='vnc' port='-1'/>
    <memballoon model='virtio'/>
  </devices>
</domain>
`;

function outline(s: OutlineSymbol, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${s.name}${s.detail ? ` [${s.detail}]` : ''} (${s.kind})`, ...s.children.flatMap((c) => outline(c, depth + 1))];
}

describe('document symbols', () => {
  it('outline of a domain: name, os, disks as "target — bus — path", controllers, interfaces, other devices', () => {
    const syms = documentSymbols(parseXml(DOMAIN));
    assert.deepEqual(syms.flatMap((s) => outline(s)), [
      'domain db01 [kvm] (module)',
      '  name [db01] (string)',
      '  memory [8 GiB] (number)',
      '  vcpu [4] (number)',
      '  os [hvm x86_64 pc-q35-8.2] (namespace)',
      '  devices [7 devices] (namespace)',
      '    vda — virtio — /var/lib/libvirt/images/db01.qcow2 [disk, file] (struct)',
      '    sda — scsi — /dev/disk/by-id/wwn-0x5000c500a1b2c3d4 [lun, block, shareable] (struct)',
      '    sdb — sata — (empty) [cdrom, file, readonly] (struct)',
      '    scsi 0 — virtio-scsi [controller] (class)',
      '    network default — virtio — 52:54:00:12:34:56 [interface] (interface)',
      '    graphics — vnc (object)',
      '    memballoon — virtio (object)',
    ]);
  });

  it('range is the element, selection range its name, nested inside the range', () => {
    const xml = parseXml(DOMAIN);
    const disk = documentSymbols(xml)[0].children.find((c) => c.name === 'devices')!.children[0];
    assert.equal(DOMAIN.slice(disk.span.start, disk.span.end).split('\n')[0], "<disk type='file' device='disk'>");
    assert.ok(DOMAIN.slice(disk.span.start, disk.span.end).endsWith('</disk>'));
    assert.equal(DOMAIN.slice(disk.selectionSpan.start, disk.selectionSpan.end), 'disk');
    const check = (s: OutlineSymbol) => {
      assert.ok(s.span.start <= s.selectionSpan.start && s.selectionSpan.end <= s.span.end, s.name);
      s.children.forEach((c) => {
        assert.ok(s.span.start <= c.span.start && c.span.end <= s.span.end, `${c.name} inside ${s.name}`);
        check(c);
      });
    };
    documentSymbols(xml).forEach(check);
  });

  it('works on a broken document and names disks without targets', () => {
    const xml = parseXml(`<domain>\n  <devices>\n    <disk type='file'>\n      <source file='/a.img'>\n    </disk>\n    <disk type='block'`);
    const devs = documentSymbols(xml)[0].children[0].children.map((c) => c.name);
    assert.deepEqual(devs, ['disk — /a.img', 'disk — (empty)']);
  });

  it('no outline for other XML', () => {
    assert.deepEqual(documentSymbols(parseXml('<network><name>x</name></network>')), []);
  });

  it('every symbol of a large domain has a non-empty name', () => {
    const walk = (s: OutlineSymbol): OutlineSymbol[] => [s, ...s.children.flatMap(walk)];
    const all = documentSymbols(parseXml(readFixture('editor', 'kitchen-sink.xml'))).flatMap(walk);
    assert.ok(all.length > 15);
    for (const s of all) assert.ok(s.name.length > 0);
  });
});

describe('folding ranges', () => {
  it('multi-line elements fold to the line before their end tag; comments fold whole', () => {
    const text = `<domain>
  <!-- a comment
       over two lines -->
  <devices>
    <disk type='file'>
      <source file='/a.img'/>
    </disk>
    <controller type='scsi'
                model='virtio-scsi'/>
    <disk type='file'></disk>
  </devices>
</domain>`;
    assert.deepEqual(foldingRanges(parseXml(text)), [
      { startLine: 0, endLine: 10 },
      { startLine: 1, endLine: 2, kind: 'comment' },
      { startLine: 3, endLine: 9 },
      { startLine: 4, endLine: 5 },
      { startLine: 7, endLine: 8 },
    ]);
  });

  it('unclosed elements do not fold', () => {
    assert.deepEqual(foldingRanges(parseXml(`<domain>\n  <devices>\n    <disk>\n`)), []);
  });
});
