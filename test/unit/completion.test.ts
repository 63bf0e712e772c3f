import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionEntry } from '../../server/src/service/completion';
import { completeXml } from '../support/domainTarget';
import { applyEdits } from '../../server/src/service/edits';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { cursor } from '../support/cursor';

function complete(marked: string, snippets = true) {
  const { text, offset } = cursor(marked);
  const xml = parseXml(text);
  return { text, offset, items: completeXml(xml, offset, { snippets }) };
}

const labels = (items: CompletionEntry[]) => items.map((i) => i.label);
const apply = (text: string, item: CompletionEntry) => applyEdits(text, [item.edit]);

describe('completion of attribute values', () => {
  it('cache values inside quotes, unsafe last and marked', () => {
    const { text, items } = complete(`<domain><devices><disk type='file'><driver name='qemu' cache='|'/></disk></devices></domain>`);
    assert.deepEqual(labels(items), ['none', 'directsync', 'writethrough', 'writeback', 'default', 'unsafe']);
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);
    assert.deepEqual(sorted.slice(-3), ['writeback', 'default', 'unsafe']);
    const unsafe = items.find((i) => i.label === 'unsafe')!;
    assert.match(unsafe.unsafe!, /host crash/);
    assert.match(unsafe.detail, /^⚠ unsafe:/);
    assert.equal(items.find((i) => i.label === 'none')!.unsafe, undefined);
    assert.match(items.find((i) => i.label === 'none')!.documentation, /Shared disks: safe\. Live migration: safe\./);
    assert.equal(apply(text, items[0]), `<domain><devices><disk type='file'><driver name='qemu' cache='none'/></disk></devices></domain>`);
  });

  it('on a shareable disk every host-caching mode is unsafe, writethrough included', () => {
    const { items } = complete(`<domain><devices><disk type='block'><driver name='qemu' type='raw' cache='wr|'/><source dev='/dev/sdb'/><shareable/></disk></devices></domain>`);
    const unsafe = items.filter((i) => i.unsafe).map((i) => i.label);
    assert.deepEqual(unsafe, ['writethrough', 'writeback', 'default', 'unsafe']);
    assert.match(items.find((i) => i.label === 'writeback')!.unsafe!, /on a shareable <disk>/);
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);
    assert.deepEqual(sorted, ['none', 'directsync', 'writethrough', 'writeback', 'default', 'unsafe']);
  });

  it('the value edit replaces the whole value', () => {
    const { text, items } = complete(`<domain><devices><disk><driver cache='write|back'/></disk></devices></domain>`);
    const none = items.find((i) => i.label === 'none')!;
    assert.equal(apply(text, none), `<domain><devices><disk><driver cache='none'/></disk></devices></domain>`);
  });

  it('an unterminated value at the cursor gets its closing quote', () => {
    const { text, items } = complete(`<domain>
  <devices>
    <disk type='file'>
      <driver name='qemu' cache='|
      <source file='/a.img'/>
    </disk>
  </devices>
</domain>`);
    assert.ok(labels(items).includes('none'));
    const out = apply(text, items.find((i) => i.label === 'none')!);
    assert.match(out, /<driver name='qemu' cache='none'\n/);
  });

  it('after `name=` without a quote: quoted values in the document\'s quote style', () => {
    const { text, items } = complete(`<domain type="kvm"><devices><disk type="file"><driver name="qemu" io=|/></disk></devices></domain>`);
    assert.deepEqual(labels(items), ['threads', 'native', 'io_uring']);
    assert.equal(apply(text, items[0]), `<domain type="kvm"><devices><disk type="file"><driver name="qemu" io="threads"/></disk></devices></domain>`);
  });

  it("io='native' is unsafe without a direct cache mode, and the other way round", () => {
    const a = complete(`<domain><devices><disk><driver cache='writeback' io='|'/></disk></devices></domain>`).items;
    assert.match(a.find((i) => i.label === 'native')!.unsafe!, /io='native' needs either no disk cache or directsync cache mode/);
    const b = complete(`<domain><devices><disk><driver io='native' cache='|'/></disk></devices></domain>`).items;
    assert.deepEqual(b.filter((i) => !i.unsafe).map((i) => i.label), ['none', 'directsync']);
  });

  it('bus values: a LUN belongs on a virtio-scsi controller (virtio is what lun-bus reports); cdrom not on virtio', () => {
    const lun = complete(`<domain><devices><disk type='block' device='lun'><source dev='/dev/sdb'/><target dev='sda' bus='|'/></disk><controller type='scsi' index='0' model='virtio-scsi'/></devices></domain>`).items;
    assert.deepEqual(lun.filter((i) => !i.unsafe).map((i) => i.label), ['scsi']);
    assert.match(lun.find((i) => i.label === 'virtio')!.unsafe!, /SCSI emulation with 'virtio-blk'/);
    const cd = complete(`<domain><devices><disk type='file' device='cdrom'><target dev='sdc' bus='|'/></disk></devices></domain>`).items;
    assert.ok(cd.find((i) => i.label === 'virtio')!.unsafe);
    assert.equal(cd.find((i) => i.label === 'sata')!.unsafe, undefined);
  });

  it('controller models follow the controller type', () => {
    const scsi = complete(`<domain><devices><disk type='block'><source dev='/dev/sdb'/><target dev='sda' bus='scsi'/></disk><controller type='scsi' index='0' model='|'/></devices></domain>`).items;
    assert.equal(scsi[0].label, 'virtio-scsi');
    // The SCSI disk on this controller is what makes model='auto' a finding.
    assert.match(scsi.find((i) => i.label === 'auto')!.unsafe!, /not on a virtio-scsi controller/);
    assert.equal(scsi.find((i) => i.label === 'virtio-scsi')!.unsafe, undefined);
    const empty = complete(`<domain><devices><controller type='scsi' index='0' model='|'/></devices></domain>`).items;
    assert.deepEqual(empty.filter((i) => i.unsafe), [], 'without disks on it, no model is reported');
    const pci = complete(`<domain><devices><controller type='pci' model='|'/></devices></domain>`).items;
    assert.ok(labels(pci).includes('pcie-root-port'));
    assert.ok(!labels(pci).includes('virtio-scsi'));
  });

  it('shareable disk: qcow2 format marked unsafe', () => {
    const { items } = complete(`<domain><devices><disk type='block'><driver name='qemu' type='|'/><shareable/></disk></devices></domain>`);
    assert.equal(items.find((i) => i.label === 'raw')!.unsafe, undefined);
    assert.match(items.find((i) => i.label === 'qcow2')!.unsafe!, /must be 'raw'/);
  });

  it('free-form values get no completion', () => {
    assert.deepEqual(complete(`<domain><devices><disk><source file='/var/|'/></disk></devices></domain>`).items, []);
  });
});

describe('completion of attribute names', () => {
  it('attributes of <driver> not already present, inserted with a value placeholder', () => {
    const { text, items } = complete(`<domain><devices><disk type='file'><driver name='qemu' type='raw' |/></disk></devices></domain>`);
    const names = labels(items);
    assert.ok(names.includes('cache') && names.includes('io') && names.includes('discard') && names.includes('detect_zeroes'));
    assert.ok(!names.includes('name') && !names.includes('type'));
    const cache = items.find((i) => i.label === 'cache')!;
    assert.equal(cache.snippet, true);
    assert.equal(cache.retrigger, true);
    assert.equal(apply(text, cache), `<domain><devices><disk type='file'><driver name='qemu' type='raw' cache='$1'/></disk></devices></domain>`);
    assert.match(cache.documentation, /Values: `none`, `directsync`/);
  });

  it('without snippet support the value is left empty', () => {
    const { text, items } = complete(`<domain><devices><disk><driver |/></disk></devices></domain>`, false);
    const cache = items.find((i) => i.label === 'cache')!;
    assert.equal(cache.snippet, false);
    assert.equal(apply(text, cache), `<domain><devices><disk><driver cache=''/></disk></devices></domain>`);
  });

  it('a partly typed name is replaced; when a value follows only the name is inserted', () => {
    const { text, items } = complete(`<domain><devices><disk><driver cac|='none'/></disk></devices></domain>`);
    const cache = items.find((i) => i.label === 'cache')!;
    assert.equal(apply(text, cache), `<domain><devices><disk><driver cache='none'/></disk></devices></domain>`);
  });

  it('source attributes follow the disk type', () => {
    const file = labels(complete(`<domain><devices><disk type='file'><source |/></disk></devices></domain>`).items);
    assert.ok(file.includes('file') && !file.includes('dev') && !file.includes('protocol'));
    const block = labels(complete(`<domain><devices><disk type='block'><source |/></disk></devices></domain>`).items);
    assert.ok(block.includes('dev') && !block.includes('file'));
    const dflt = labels(complete(`<domain><devices><disk><source |/></disk></devices></domain>`).items);
    assert.ok(dflt.includes('file'), 'no type means file');
    const net = labels(complete(`<domain><devices><disk type='network'><source |/></disk></devices></domain>`).items);
    assert.ok(net.includes('protocol') && net.includes('name'));
  });

  it('attributes of <disk>, <target>, <controller>', () => {
    assert.deepEqual(labels(complete(`<domain><devices><disk type='file' |></disk></devices></domain>`).items), ['device', 'model', 'rawio', 'sgio', 'snapshot']);
    assert.ok(labels(complete(`<domain><devices><disk><target dev='vda' |/></disk></devices></domain>`).items).includes('bus'));
    assert.ok(labels(complete(`<domain><devices><controller type='scsi' |/></devices></domain>`).items).includes('model'));
  });
});

describe('trigger characters', () => {
  const at = (marked: string, triggerCharacter: string) => {
    const { text, offset } = cursor(marked);
    return labels(completeXml(parseXml(text), offset, { triggerCharacter }));
  };

  it('a space, quote or = typed in content opens nothing; inside a tag it does', () => {
    assert.deepEqual(at(`<domain><devices>\n    |\n</devices></domain>`, ' '), []);
    assert.deepEqual(at(`<domain><description>don'|</description></domain>`, "'"), []);
    assert.ok(at(`<domain><devices><disk type='file' |></disk></devices></domain>`, ' ').includes('device'));
    assert.ok(at(`<domain><devices><disk><driver cache='|'/></disk></devices></domain>`, "'").includes('none'));
    assert.ok(at(`<domain><devices><|</devices></domain>`, '<').includes('disk'));
  });
});

describe('completion of elements', () => {
  it('children of <disk> after `<`, without those already present', () => {
    const { items } = complete(`<domain><devices><disk type='file'>
  <driver name='qemu'/>
  <|
</disk></devices></domain>`);
    const names = labels(items);
    for (const n of ['source', 'target', 'shareable', 'readonly', 'address', 'iotune', 'serial', 'boot']) assert.ok(names.includes(n), n);
    assert.ok(!names.includes('driver'), 'driver is already there');
  });

  it('element snippets carry the usual attributes, safe values first', () => {
    const { text, items } = complete(`<domain><devices><disk type='file'><|</disk></devices></domain>`);
    const driver = items.find((i) => i.label === 'driver')!;
    assert.equal(apply(text, driver), `<domain><devices><disk type='file'><driver name='\${1:qemu}' type='\${2:raw}' cache='\${3:none}' io='\${4:threads}' discard='\${5:unmap}'/>$0</disk></devices></domain>`);
    const shareable = items.find((i) => i.label === 'shareable')!;
    assert.equal(shareable.edit.newText, 'shareable/>$0');
    const serial = items.find((i) => i.label === 'serial')!;
    assert.equal(serial.edit.newText, 'serial>${1}</serial>$0');
  });

  it('children of <devices> and <controller> with documentation', () => {
    const dev = complete(`<domain><devices>|</devices></domain>`).items;
    const disk = dev.find((i) => i.label === 'disk')!;
    assert.equal(disk.edit.newText, "<disk type='${1:file}' device='${2:disk}'>\n\t$0\n</disk>");
    assert.match(disk.documentation, /drive/);
    const ctl = dev.find((i) => i.label === 'controller')!;
    assert.equal(ctl.edit.newText, "<controller type='${1:scsi}' index='${2}' model='${3:virtio-scsi}'>\n\t$0\n</controller>");
    assert.ok(labels(complete(`<domain><devices><controller type='scsi'><|</controller></devices></domain>`).items).includes('driver'));
  });

  it('children of <domain>', () => {
    const names = labels(complete(`<domain type='kvm'>\n  <name>x</name>\n  |\n</domain>`).items);
    for (const n of ['os', 'devices', 'memory', 'vcpu', 'iothreads']) assert.ok(names.includes(n), n);
    assert.ok(!names.includes('name'));
  });

  it('a partly typed element name in content is replaced by the element', () => {
    const { text, items } = complete(`<domain><devices><disk type='file'>shar|</disk></devices></domain>`);
    const s = items.find((i) => i.label === 'shareable')!;
    assert.equal(apply(text, s), `<domain><devices><disk type='file'><shareable/>$0</disk></devices></domain>`);
  });

  it('renaming a tag name that has attributes inserts only the name', () => {
    const { text, items } = complete(`<domain><devices><disk><tar| dev='vda'/></disk></devices></domain>`);
    const t = items.find((i) => i.label === 'target')!;
    assert.equal(apply(text, t), `<domain><devices><disk><target dev='vda'/></disk></devices></domain>`);
  });
});

describe('completion in documents that are not well-formed', () => {
  it('an unclosed tag elsewhere does not change the parent at the cursor', () => {
    const marked = `<domain type='kvm'>
  <devices>
    <disk type='block' device='disk'>
      <source dev='/dev/sdb'>
      <target dev='vdb' bus='virtio'/>
      <|
    </disk>
    <controller type='scsi' model='virtio-scsi'
  </devices>
</domain>`;
    assert.notEqual(parseXml(cursor(marked).text).syntaxError, null);
    const names = labels(complete(marked).items);
    assert.ok(names.includes('driver') && names.includes('shareable'), names.join());
    assert.ok(!names.includes('target'));
  });

  it('after an unclosed element the parent is the element that contains it', () => {
    const marked = `<domain>
  <devices>
    <disk type='file'>
      <source file='/a.img'>
    </disk>
    |
  </devices>
</domain>`;
    const names = labels(complete(marked).items);
    assert.ok(names.includes('disk') && names.includes('controller'), names.join());
  });

  it('an unclosed element is the parent of deeper-indented lines', () => {
    const marked = `<domain>
  <devices>
    <disk type='network'>
      <source protocol='rbd' name='pool/img'>
        <|
    </disk>
  </devices>
</domain>`;
    const names = labels(complete(marked).items);
    assert.ok(names.includes('host') && names.includes('auth'), names.join());
    assert.ok(!names.includes('target'));
  });

  it('attribute values in a tag that is never closed', () => {
    const marked = `<domain><devices><disk type='block'><driver name='qemu' cache='|' io='native'\n<source dev='/dev/sdb'/>`;
    const items = complete(marked).items;
    assert.deepEqual(items.filter((i) => !i.unsafe).map((i) => i.label), ['none', 'directsync']);
  });

  it('attribute names in an unclosed tag', () => {
    const marked = `<domain><devices><disk type='block'>\n<driver name='qemu' |\n<source dev='/dev/sdb'/>\n</disk></devices></domain>`;
    assert.ok(labels(complete(marked).items).includes('cache'));
  });

  it('an end tag is completed with the name of the element it closes', () => {
    const { text, items } = complete(`<domain><devices><disk type='file'><source file='/a.img'/></|</devices></domain>`);
    assert.deepEqual(labels(items), ['disk']);
    assert.equal(apply(text, items[0]), `<domain><devices><disk type='file'><source file='/a.img'/></disk></devices></domain>`);
    const partial = complete(`<domain><devices>\n  <controller type='scsi'>\n  </con|>\n</devices></domain>`);
    assert.equal(apply(partial.text, partial.items[0]), `<domain><devices>\n  <controller type='scsi'>\n  </controller>\n</devices></domain>`);
  });

  it('nothing inside comments or in other XML documents', () => {
    assert.deepEqual(complete(`<domain><devices><!-- <driver cache='|'/> --></devices></domain>`).items, []);
    assert.deepEqual(complete(`<project><driver cache='|'/></project>`).items, []);
  });

  it('an empty document offers <domain> first, then the device roots of attach-device files', () => {
    const roots = labels(complete(`|`).items);
    assert.equal(roots[0], 'domain');
    for (const device of ['disk', 'controller', 'interface', 'hostdev']) assert.ok(roots.includes(device), device);
    assert.ok(!roots.includes('emulator'));
  });
});

describe('completion in suppression comments', () => {
  const rules = [
    { id: 'shared-disk-cache-enabled', title: 'A writable shareable disk must not use the host page cache', defaultSeverity: 'warning' },
    { id: 'shareable-requires-raw', title: 'x', defaultSeverity: 'error' },
  ];
  const run = (marked: string) => {
    const { text, offset } = cursor(marked);
    return { text, items: completeXml(parseXml(text), offset, { rules }) };
  };

  it('offers rule ids after the directive, without those already listed', () => {
    const { text, items } = run(`<domain><devices>\n<!-- libvirt-lint-disable-next-line shared-disk-cache-enabled sha| -->\n<disk/></devices></domain>`);
    assert.deepEqual(labels(items), ['shareable-requires-raw']);
    assert.equal(apply(text, items[0]), `<domain><devices>\n<!-- libvirt-lint-disable-next-line shared-disk-cache-enabled shareable-requires-raw -->\n<disk/></devices></domain>`);
    assert.match(items[0].detail, /^error: /);
  });

  it('works for the file-wide directive; nothing in ordinary comments or before the directive ends', () => {
    assert.equal(run(`<domain><!-- libvirt-lint-disable | --></domain>`).items.length, 2);
    assert.deepEqual(run(`<domain><!-- a note | --></domain>`).items, []);
    assert.deepEqual(run(`<domain><!-- libvirt-lint-disa| --></domain>`).items, []);
  });
});

describe('completion of target names', () => {
  const DOMAIN = (target: string) => `<domain><devices>
  <disk type='file'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>
  <disk type='file'><source file='/b.img'/><target dev='vdb' bus='virtio'/></disk>
  <disk type='file' device='cdrom'><target dev='sda' bus='sata'/></disk>
  <disk type='file'><source file='/c.img'/>${target}</disk>
</devices></domain>`;

  it('offers the first target name of the bus that no other disk uses', () => {
    const virtio = complete(DOMAIN(`<target dev='|' bus='virtio'/>`));
    assert.deepEqual(labels(virtio.items), ['vdc']);
    assert.equal(apply(virtio.text, virtio.items[0]), DOMAIN(`<target dev='vdc' bus='virtio'/>`));
    assert.deepEqual(labels(complete(DOMAIN(`<target dev='|' bus='scsi'/>`)).items), ['sdb']);
    assert.deepEqual(labels(complete(DOMAIN(`<target dev='|' bus='ide'/>`)).items), ['hda']);
  });

  it("the disk's own name counts as free, unless another disk uses it too", () => {
    const own = (first: string) => `<domain><devices>
  <disk type='file'><source file='/a.img'/><target dev='${first}' bus='virtio'/></disk>
  <disk type='file'><source file='/b.img'/><target dev='vdb' bus='virtio'/></disk>
  <disk type='file'><source file='/c.img'/><target dev='vd|a' bus='virtio'/></disk>
</devices></domain>`;
    assert.deepEqual(labels(complete(own('vdc')).items), ['vda']);
    assert.deepEqual(labels(complete(own('vda')).items), ['vdc']);
  });

  it('without a bus, the prefix already typed decides', () => {
    assert.deepEqual(labels(complete(DOMAIN(`<target dev='s|'/>`)).items), ['sdb']);
    assert.deepEqual(labels(complete(DOMAIN(`<target dev='|'/>`)).items), ['vdc']);
  });
});
