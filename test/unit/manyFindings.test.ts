import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import { allRules } from '../../server/src/service/registry';

// Fix-all on a generated domain with thousands of findings: every disk gets its own edit,
// each finding's fix finds its own disk, and edits two findings share are kept once.
const seedRules = allRules.filter((r) => ['shared-disk-cache-enabled', 'io-native-requires-direct-cache'].includes(r.id));

function domain(disks: number): string {
  const parts = [`<domain type='kvm'>\n  <devices>\n`];
  for (let i = 0; i < disks; i++) {
    // Odd disks: writeback + io='native' on a shareable disk, so two rules want the same cache edit.
    const io = i % 2 ? " io='native'" : '';
    parts.push(`    <disk type='block' device='disk'>\n      <driver name='qemu' type='raw' cache='writeback'${io}/>\n      <source dev='/dev/mapper/d${i}'/>\n      <target dev='vd${i}' bus='virtio'/>\n      <shareable/>\n    </disk>\n`);
  }
  parts.push('  </devices>\n</domain>\n');
  return parts.join('');
}

it('fix-all on 2000 disks: one cache edit per disk, at that disk', () => {
  const service = new LanguageService({ rules: seedRules });
  const text = domain(2000);
  const doc = service.parse(text);
  const findings = service.validate(doc);
  assert.equal(findings.length, 3000);
  const edits = service.fixAllEdits(doc, {});
  assert.equal(edits.length, 2000);
  const fixed = service.fixAll(text).text;
  assert.equal(fixed.match(/cache='none'/g)?.length, 2000);
  assert.equal(fixed.match(/cache='writeback'/g), null);
  assert.deepEqual(service.validate(service.parse(fixed)), []);
});
