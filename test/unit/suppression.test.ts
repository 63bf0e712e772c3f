import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import type { LintSettings } from '../../server/src/service/types';
import { formatRange } from '../support/ranges';

const service = new LanguageService();

/** The InfoScale advisories also report on these shareable disks; the counts here leave them out. */
const INFOSCALE_ADVISORIES = new Set(['virtio-no-online-resize', 'vxfs-on-virtio-blk', 'lun-needed-for-deep-discovery']);

function lint(text: string, settings: LintSettings = {}) {
  return service
    .validate(service.parse(text, settings), settings)
    .filter((d) => !INFOSCALE_ADVISORIES.has(d.ruleId))
    .map((d) => `${d.ruleId} ${d.severity} ${formatRange(text, d.span)}`);
}

/** Two shareable disks with writeback: two shared-disk-cache-enabled warnings (lines 4 and 10). */
function domain(before1 = '', before2 = '', top = ''): string {
  return `<domain type='kvm'>${top}
  <devices>
    <disk type='block' device='disk'>${before1}
      <driver name='qemu' type='raw' cache='writeback'/>
      <source dev='/dev/sdb'/>
      <target dev='vdb' bus='virtio'/>
      <shareable/>
    </disk>
    <disk type='block' device='disk'>${before2}
      <driver name='qemu' type='raw' cache='writeback'/>
      <source dev='/dev/sdc'/>
      <target dev='vdc' bus='virtio'/>
      <shareable/>
    </disk>
  </devices>
</domain>
`;
}

describe('suppression comments', () => {
  it('baseline: both disks are reported', () => {
    assert.deepEqual(lint(domain()), ['shared-disk-cache-enabled warning 3:37-3:54', 'shared-disk-cache-enabled warning 9:37-9:54']);
  });

  it('disable-next-line silences the rule on the next element line only', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->');
    assert.deepEqual(lint(text), ['shared-disk-cache-enabled warning 10:37-10:54']);
  });

  it('disable-next-line skips blank lines to the next element', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->\n');
    assert.deepEqual(lint(text), ['shared-disk-cache-enabled warning 11:37-11:54']);
  });

  it('disable-next-line skips closing-tag lines: the next element is the next <disk>', () => {
    const text = domain().replace("<shareable/>\n    </disk>", "<shareable/>\n      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->\n    </disk>");
    const got = service.validate(service.parse(text));
    const unused = got.filter((d) => d.ruleId === 'unused-suppression');
    assert.equal(unused.length, 1);
    assert.match(unused[0].message, /starts on line 10\./);
    assert.equal(text.split('\n')[9].trim(), "<disk type='block' device='disk'>");
  });

  it('disable-next-line without ids silences every rule on that line', () => {
    const text = domain('', '\n      <!-- libvirt-lint-disable-next-line -->');
    assert.deepEqual(lint(text), ['shared-disk-cache-enabled warning 3:37-3:54']);
  });

  it('file-wide disable with an id, and with no id', () => {
    assert.deepEqual(lint(domain('', '', '\n  <!-- libvirt-lint-disable shared-disk-cache-enabled -->')), []);
    assert.deepEqual(lint(domain('', '', '\n  <!-- libvirt-lint-disable -->')), []);
  });

  it('several ids, separated by spaces or commas; other rules still report', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line io-native-requires-direct-cache, shared-disk-cache-enabled -->').replace("cache='writeback'/>", "cache='writeback' io='native'/>");
    const got = lint(text);
    assert.ok(!got.some((d) => d.startsWith('shared-disk-cache-enabled warning 4:')), got.join('\n'));
    assert.ok(!got.some((d) => d.startsWith('io-native-requires-direct-cache')), got.join('\n'));
    assert.ok(got.includes('shared-disk-cache-enabled warning 10:37-10:54'));
  });

  it('an unused id is reported at the id, as info', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shareable-requires-raw -->');
    const got = service.validate(service.parse(text));
    const unused = got.filter((d) => d.ruleId === 'unused-suppression');
    assert.equal(unused.length, 1);
    assert.equal(unused[0].severity, 'info');
    assert.equal(text.slice(unused[0].span.start, unused[0].span.end), 'shareable-requires-raw');
    assert.match(unused[0].message, /<!-- libvirt-lint-disable-next-line shareable-requires-raw --> comment is unused: no 'shareable-requires-raw' diagnostic starts on line 5\./);
    assert.equal(got.filter((d) => d.ruleId === 'shared-disk-cache-enabled').length, 2);
  });

  it('an unknown id is reported; a rule turned off in the settings is not', () => {
    const text = domain('', '', '\n  <!-- libvirt-lint-disable no-such-rule shareable-requires-raw -->');
    const got = service.validate(service.parse(text));
    assert.deepEqual(got.filter((d) => d.ruleId === 'unused-suppression').map((d) => text.slice(d.span.start, d.span.end)), ['no-such-rule', 'shareable-requires-raw']);
    assert.match(got.find((d) => d.ruleId === 'unused-suppression')!.message, /'no-such-rule' in a <!-- libvirt-lint-disable --> comment is not a libvirt-xml rule id\./);
    const off: LintSettings = { rules: { 'shareable-requires-raw': 'off' } };
    assert.deepEqual(service.validate(service.parse(text, off), off).filter((d) => d.ruleId === 'unused-suppression').map((d) => text.slice(d.span.start, d.span.end)), ['no-such-rule']);
  });

  it('an id-less suppression that silences nothing is reported at the comment', () => {
    const text = `<domain>\n  <!-- libvirt-lint-disable-next-line -->\n  <name>x</name>\n</domain>`;
    const got = service.validate(service.parse(text));
    assert.equal(got.length, 1);
    assert.equal(text.slice(got[0].span.start, got[0].span.end), '<!-- libvirt-lint-disable-next-line -->');
    assert.match(got[0].message, /suppresses nothing: no libvirt diagnostic starts on line 3\./);
  });

  it('the unused-suppression level follows the settings, and can be off', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shareable-requires-raw -->');
    assert.ok(lint(text, { rules: { 'unused-suppression': 'hint' } }).some((d) => d.startsWith('unused-suppression hint')));
    assert.ok(!lint(text, { rules: { 'unused-suppression': 'off' } }).some((d) => d.startsWith('unused-suppression')));
  });

  it('ordinary comments and look-alikes are not directives', () => {
    const text = domain('\n      <!-- libvirt-lint-disabled shared-disk-cache-enabled -->', '\n      <!-- see libvirt-lint-disable-next-line docs -->');
    assert.equal(lint(text).filter((d) => d.startsWith('shared-disk-cache-enabled')).length, 2);
  });

  it('fix-all leaves suppressed findings alone', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->');
    const fixed = service.fixAll(text).text;
    assert.match(fixed, /<!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->\n      <driver name='qemu' type='raw' cache='writeback'\/>/);
    assert.match(fixed, /<source dev='\/dev\/sdb'\/>[\s\S]*cache='none'[\s\S]*<source dev='\/dev\/sdc'\/>/);
  });
});

describe('editor features through the LanguageService', () => {
  it('hover, completion, symbols and folding on a parsed document; nothing for other XML', () => {
    const text = `<domain>\n  <devices>\n    <disk type='file'>\n      <driver cache='none'/>\n    </disk>\n  </devices>\n</domain>`;
    const doc = service.parse(text);
    assert.match(service.hover(doc, text.indexOf('cache') + 1)!.contents, /How the host caches/);
    assert.ok(service.complete(doc, text.indexOf("none'") + 1).some((c) => c.label === 'directsync'));
    assert.equal(service.symbols(doc)[0].name, 'domain');
    assert.ok(service.folding(doc).length >= 3);
    const other = service.parse(`<project>\n  <name>x</name>\n  <bridge name='virbr0'/>\n</project>`);
    assert.equal(service.hover(other, 5), null);
    assert.deepEqual(service.complete(other, 10), []);
    assert.deepEqual(service.symbols(other), []);
    assert.deepEqual(service.folding(other), []);
  });
});

describe('fixes of unused suppressions', () => {
  const fixesOf = (text: string) => {
    const doc = service.parse(text);
    return service.allFixes(doc, {}).filter((a) => a.diagnostic.ruleId === 'unused-suppression');
  };

  it('removes an unused id and its separator, keeping the used one', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shareable-requires-raw, shared-disk-cache-enabled -->');
    const [a] = fixesOf(text);
    assert.equal(a.fix.title, "Remove 'shareable-requires-raw' from the suppression comment");
    assert.equal(a.fix.safe, true);
    const fixed = applyEdits(text, a.fix.edits);
    assert.match(fixed, /<!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->/);
    assert.deepEqual(lint(fixed).filter((d) => d.startsWith('unused')), []);
  });

  it('removes a later unused id with the separator before it', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled shareable-requires-raw -->');
    const fixed = applyEdits(text, fixesOf(text)[0].fix.edits);
    assert.match(fixed, /<!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->/);
  });

  it('removes the whole comment line when its only id is unused (never leaving an id-less directive)', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shareable-requires-raw -->');
    const [a] = fixesOf(text);
    assert.equal(a.fix.title, 'Remove the unused suppression comment');
    assert.equal(applyEdits(text, a.fix.edits), domain());
  });

  it('fix-all does not touch suppression comments', () => {
    const text = domain('\n      <!-- libvirt-lint-disable-next-line shareable-requires-raw -->');
    assert.match(service.fixAll(text).text, /libvirt-lint-disable-next-line shareable-requires-raw/);
  });
});
