import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LanguageService } from '../../server/src/service/languageService';
import type { LintSettings } from '../../server/src/service/types';
import { fixturesDir } from '../support/fixtures';

/** Properties of the disk rules' fixes beyond the first fix the fixture harness checks. */
const service = new LanguageService({
  onRuleError: ({ ruleId, error }) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
});

function fixture(rule: string, file: string): { text: string; settings: LintSettings } {
  const dir = path.join(fixturesDir, 'rules', rule);
  const own = path.join(dir, file.replace(/\.xml$/, '.settings.json'));
  const settings = fs.existsSync(own) ? JSON.parse(fs.readFileSync(own, 'utf8')) : {};
  return { text: fs.readFileSync(path.join(dir, file), 'utf8'), settings };
}

function fixesOf(rule: string, file: string) {
  const { text, settings } = fixture(rule, file);
  return service.allFixes(service.parse(text, settings), settings).filter((a) => a.diagnostic.ruleId === rule);
}

describe('disk rule fixes', () => {
  const guestVisible = ['virtio-blk-slot-budget', 'virtio-scsi-address-range', 'vxfs-on-virtio-blk', 'lun-needed-for-deep-discovery', 'lun-on-virtio-blk'];
  for (const rule of guestVisible) {
    it(`${rule}: every fix changes guest-visible hardware and is never safe`, () => {
      const files = fs.readdirSync(path.join(fixturesDir, 'rules', rule)).filter((f) => /^invalid[^.]*\.xml$/.test(f));
      let count = 0;
      for (const file of files) {
        for (const a of fixesOf(rule, file)) {
          count++;
          assert.equal(a.fix.safe, false, `${file}: ${a.fix.title}`);
        }
      }
      assert.ok(count > 0);
    });
  }

  it("migration-unsafe-cache: only with the migration profile, and then cache='none' is safe", () => {
    const plain = fixesOf('migration-unsafe-cache', 'valid-no-profile.xml');
    const migration = fixesOf('migration-unsafe-cache', 'invalid-migration.xml');
    assert.deepEqual(plain, [], 'a guest that is not migrated gets no migration advice');
    assert.equal(migration.length, 3);
    assert.ok(migration.every((a) => a.diagnostic.severity === 'warning' && a.fix.safe));
    const { text } = fixture('migration-unsafe-cache', 'valid-no-profile.xml');
    assert.equal(service.fixAll(text, {}).text, text, 'fix-all leaves a guest without the migration profile alone');
    const fixed = service.fixAll(text, { profiles: ['migration'] }).text;
    assert.equal((fixed.match(/cache='none'/g) ?? []).length, 3);
  });

  it("detect-zeroes-unmap-without-discard: fix-all writes detect_zeroes='on', not discard='unmap'", () => {
    const { text } = fixture('detect-zeroes-unmap-without-discard', 'invalid.xml');
    const fixed = service.fixAll(text, { rules: { 'migration-unsafe-cache': 'off' } }).text;
    assert.ok(!fixed.includes("detect_zeroes='unmap'"));
    assert.equal((fixed.match(/detect_zeroes='on'/g) ?? []).length, 2);
    assert.ok(!fixed.includes("discard='unmap'"));
  });

  it('dmp-fast-recovery-needs-cache-none and cache-unsafe: fix-all sets cache=none', () => {
    for (const [rule, file] of [
      ['dmp-fast-recovery-needs-cache-none', 'invalid.xml'],
      ['cache-unsafe', 'invalid.xml'],
    ]) {
      const { text } = fixture(rule, file);
      const settings: LintSettings = {};
      const fixed = service.fixAll(text, settings).text;
      const left = service.validate(service.parse(fixed, settings), settings).filter((d) => d.ruleId === rule);
      assert.deepEqual(left.map((d) => d.message), [], rule);
    }
  });
});

describe('disk rules outside QEMU/KVM', () => {
  it('stay silent on a Xen domain', () => {
    const { text } = fixture('lun-needed-for-deep-discovery', 'invalid.xml');
    const xen = text.replace("<domain type='kvm'>", "<domain type='xen'>");
    const ids = ['dmp-fast-recovery-needs-cache-none', 'virtio-scsi-command-subset', 'vxfs-on-virtio-blk', 'lun-needed-for-deep-discovery', 'virtio-no-online-resize', 'migration-unsafe-cache'];
    const settings: LintSettings = { profiles: ['infoscale', 'migration'] };
    assert.ok(service.validate(service.parse(text, settings), settings).some((d) => ids.includes(d.ruleId)));
    assert.deepEqual(service.validate(service.parse(xen, settings), settings).filter((d) => ids.includes(d.ruleId)), []);
  });
});
