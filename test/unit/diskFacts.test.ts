import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import type { DomainModel } from '../../server/src/service/kinds/domain/model/domain';
import { parseTargetName } from '../../server/src/service/kinds/domain/model/names';

const service = new LanguageService();

function model(devices: string, extra = '') {
  const text = `<domain type='kvm'><name>g</name><memory>1</memory>${extra}<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>${devices}</devices></domain>`;
  return service.parse(text).model as DomainModel;
}

describe('disk facts', () => {
  it('splits target names like virDiskNameParse', () => {
    assert.deepEqual(parseTargetName('vdab12'), { prefix: 'vd', letters: 'ab', digits: '12' });
    assert.deepEqual(parseTargetName('xvda'), { prefix: 'xvd', letters: 'a', digits: '' });
    assert.equal(parseTargetName('nvme0n1'), undefined);
  });

  it("derives libvirt's drive address from the target name when none is written", () => {
    const m = model(
      ["<disk><target dev='sdb' bus='scsi'/></disk>", "<disk><target dev='sdi' bus='scsi'/></disk>", "<disk><target dev='hdd' bus='ide'/></disk>", "<disk><target dev='sdg' bus='sata'/></disk>", "<disk device='floppy'><target dev='fdb'/></disk>", "<disk><target dev='sda' bus='scsi'/><address type='drive' controller='3' unit='5'/></disk>"].join(''),
    );
    assert.deepEqual(
      m.disks.map((d) => d.driveAddress),
      [
        { controller: 0, bus: 0, target: 0, unit: 1 },
        { controller: 1, bus: 0, target: 0, unit: 1 },
        { controller: 0, bus: 1, target: 0, unit: 1 },
        { controller: 1, bus: 0, target: 0, unit: 0 },
        { controller: 0, bus: 0, target: 0, unit: 1 },
        { controller: 3, bus: 0, target: 0, unit: 5 },
      ],
    );
  });

  it('knows IOThread ids without listing them, even for a huge <iothreads>', () => {
    const huge = model('', '<iothreads>4000000000</iothreads>').iothreadIds();
    assert.equal(huge.count, 4000000000);
    assert.ok(huge.has(1) && huge.has(3999999999) && !huge.has(0) && !huge.has(4000000001));
    // Listed ids 2 and 7, four threads in all: libvirt fills 1 and 3.
    const mixed = model('', "<iothreads>4</iothreads><iothreadids><iothread id='2'/><iothread id='7'/></iothreadids>").iothreadIds();
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].filter((n) => mixed.has(n)), [1, 2, 3, 7]);
    assert.equal(mixed.explicit, true);
  });

  it('hands out the n-th free target name', () => {
    const m = model("<disk><target dev='vda'/></disk><disk><target dev='vdc'/></disk>");
    assert.deepEqual([0, 1, 2].map((n) => m.targetNames.nthFree('vd', n)), ['vdb', 'vdd', 'vde']);
  });
});
