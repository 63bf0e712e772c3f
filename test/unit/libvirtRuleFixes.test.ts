import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { readFixture } from '../support/fixtures';

/** Alternative (not first) fixes of the libvirt rules, which the fixture harness does not apply. */
const service = new LanguageService();

function fixesOf(ruleId: string, text: string) {
  return service.allFixes(service.parse(text), {}).filter((a) => a.diagnostic.ruleId === ruleId);
}

describe('libvirt rule alternative fixes', () => {
  it("iothread-assignment moves a SCSI disk's iothread to its virtio-scsi controller", () => {
    const text = readFixture('rules', 'iothread-assignment', 'invalid.xml');
    const move = fixesOf('iothread-assignment', text).find((a) => a.fix.title.startsWith('Move'));
    assert.ok(move, 'no move fix');
    assert.equal(move.fix.safe, false, 'it changes the IOThread of every disk on the controller');
    const out = applyEdits(text, move.fix.edits);
    assert.match(out, /<controller type='scsi' index='0' model='virtio-scsi'>\n {6}<driver iothread='1'\/>\n {4}<\/controller>/);
    assert.match(out, /<driver name='qemu' type='raw'\/>\n {6}<source file='\/var\/lib\/libvirt\/images\/a.qcow2'\/>/);
    const left = service.validate(service.parse(out)).filter((d) => d.ruleId === 'iothread-assignment');
    assert.deepEqual(left.map((d) => d.message.split(':')[0]), ["Disk iothread '2' not defined in iothreadid"]);
  });

  it('duplicate-target-dev gives each duplicate its own free name, so fixing all at once adds no clash', () => {
    const text = readFixture('rules', 'duplicate-target-dev', 'invalid.xml');
    const edits = fixesOf('duplicate-target-dev', text).map((a) => a.fix.edits).flat();
    const out = applyEdits(text, edits);
    assert.deepEqual([...out.matchAll(/dev='(vd[a-z]+)'/g)].map((m) => m[1]), ['vdb', 'vda', 'vdc']);
  });

  it('lun-source offers device=disk, which the guest sees as an emulated disk (never safe)', () => {
    const text = readFixture('rules', 'lun-source', 'invalid.xml');
    const fixes = fixesOf('lun-source', text);
    assert.ok(fixes.length >= 3);
    assert.ok(fixes.every((a) => !a.fix.safe && a.fix.title.includes("device='disk'")));
  });

  it('address-type-bus-mismatch removes the wrong address as the safe, preferred fix', () => {
    const text = readFixture('rules', 'address-type-bus-mismatch', 'invalid.xml');
    const out = service.fixAll(text).text;
    assert.doesNotMatch(out, /type='pci'/);
    assert.deepEqual(service.validate(service.parse(out)).filter((d) => d.ruleId === 'address-type-bus-mismatch'), []);
  });
});
