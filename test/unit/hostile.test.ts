import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { sharedDir } from '../support/fixtures';
import { formatRange } from '../support/ranges';

const service = new LanguageService();
const disk = (driver: string, extra = '') => `<disk type='block' device='disk'>\n      ${driver}\n      <source dev='/dev/sdb'/>\n      <target dev='vdb' bus='virtio'/>${extra}\n    </disk>`;
const domain = (devices: string) => `<domain type='kvm'>\n  <name>h</name>\n  <devices>\n    ${devices}\n  </devices>\n</domain>\n`;
const lint = (t: string, settings = {}) => service.validate(service.parse(t, settings), settings);

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('hostile and unusual inputs', () => {
  it('a 10 MB domain: one info diagnostic, no analysis, answered at once', () => {
    const big = domain(disk("<driver name='qemu' type='raw' io='native'/>") + '\n    <!-- ' + 'x'.repeat(10 * 1024 * 1024) + ' -->');
    const { value, ms } = timed(() => lint(big));
    assert.deepEqual(value.map((d) => [d.ruleId, d.severity]), [['too-large', 'info']]);
    assert.ok(ms < 1000, `${ms} ms`);
  });
  it('the size limit is a setting: a larger limit analyses a 5.4 MB domain of 15,000 disks', () => {
    const syn = fs.readFileSync(path.join(sharedDir, 'corpus', 'synthetic', 'synthetic-disks-5000.xml'), 'utf8');
    const i = syn.indexOf('<devices>') + 9;
    const j = syn.lastIndexOf('</devices>');
    const big = syn.slice(0, i) + syn.slice(i, j).repeat(3).replace("cache='none' io='native'", "cache='writeback' io='native'") + syn.slice(j);
    assert.ok(big.length > 5 * 1024 * 1024);
    assert.deepEqual(lint(big).map((d) => d.ruleId), ['too-large']);
    const d = lint(big, { maxFileSize: 8 * 1024 * 1024 });
    assert.ok(d.some((x) => x.ruleId === 'io-native-requires-direct-cache'));
  });
  it('megabytes in one comment (xmldom overflows its stack on them) are still analysed', () => {
    const big = domain(disk("<driver name='qemu' type='raw' io='native'/>") + '\n    <!-- ' + 'x'.repeat(10 * 1024 * 1024) + ' -->');
    const d = lint(big, { maxFileSize: 20 * 1024 * 1024 });
    assert.ok(d.some((x) => x.ruleId === 'io-native-requires-direct-cache'), JSON.stringify(d));
    assert.ok(!d.some((x) => x.ruleId === 'not-well-formed'));
    const broken = big.replace('</devices>', '</devics>');
    const e = lint(broken, { maxFileSize: 20 * 1024 * 1024 });
    assert.deepEqual(e.map((x) => x.ruleId), ['not-well-formed']);
    assert.match(e[0].message, /devices/);
  });
  it('internal entity expansion ("billion laughs") is not performed', () => {
    const lol = `<?xml version="1.0"?>\n<!DOCTYPE domain [\n${Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('\n').replace('&l0;'.repeat(10), 'lol'.repeat(10))}\n]>\n<domain><name>&l10;</name></domain>`;
    const { value, ms } = timed(() => lint(lol));
    assert.ok(ms < 1000, `${ms} ms`);
    assert.deepEqual(value.map((d) => d.ruleId), ['not-well-formed']);
    assert.match(value[0].message, /entity/);
  });
  it('external entities and DOCTYPE system ids are never read', () => {
    const t = `<!DOCTYPE domain SYSTEM "file:///etc/hostname" [<!ENTITY ext SYSTEM "file:///etc/hostname">]>\n<domain><name>&ext;</name></domain>`;
    const doc = service.parse(t);
    const d = service.validate(doc);
    assert.deepEqual(d.map((x) => x.ruleId), ['not-well-formed']);
    assert.equal(doc.xml?.root?.child('name')?.textContent(), '&ext;', 'the entity stays unexpanded');
  });
  it('binary garbage gets no diagnostics and no exception', () => {
    let seed = 7;
    const bytes = Array.from({ length: 65536 }, () => String.fromCharCode((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 65536)).join('');
    assert.deepEqual(lint(bytes).filter((d) => d.ruleId !== 'not-well-formed'), []);
    assert.deepEqual(lint('<domain>' + bytes).length <= 1, true);
  });
  it('UTF-8 BOM, CRLF, CR-only line ends and tabs keep exact ranges', () => {
    const base = domain(disk("<driver name='qemu' type='raw' io='native'/>"));
    for (const [name, t] of [
      ['bom', '\uFEFF' + base],
      ['crlf', base.replace(/\n/g, '\r\n')],
      ['cr', base.replace(/\n/g, '\r')],
      ['tabs', base.replace(/ {2}/g, '\t')],
    ] as const) {
      const d = lint(t).find((x) => x.ruleId === 'io-native-requires-direct-cache');
      assert.ok(d, name);
      assert.equal(t.slice(d!.span.start, d!.span.end), "io='native'", name);
      const fixed = service.fixAll(t).text;
      assert.equal(fixed, t.replace("type='raw' io='native'", "type='raw' cache='none' io='native'"), name);
    }
  });
  it('astral characters before an attribute: ranges count UTF-16 code units like LSP', () => {
    const t = domain(`<!-- 😀😀 -->${disk("<!--😀😀--><driver name='qemu' type='raw' io='native'/><!-- 𝄞 -->")}`);
    const d = lint(t).find((x) => x.ruleId === 'io-native-requires-direct-cache')!;
    // 6 spaces + "<!--😀😀-->" (4 + 2×2 + 3 code units) + "<driver name='qemu' type='raw' " (31)
    assert.equal(formatRange(t, d.span), '4:48-4:59');
    assert.equal(t.slice(d.span.start, d.span.end), "io='native'");
  });
  it('character references in values are decoded for checks; fixes replace the source text', () => {
    const ok = domain(disk("<driver name='qemu' type='raw' cache='&#110;one' io='native'/>"));
    assert.deepEqual(lint(ok).filter((d) => d.ruleId === 'io-native-requires-direct-cache'), []);
    const bad = domain(disk("<driver name='qemu' type='raw' cache='write&#98;ack' io='nat&#105;ve'/>", '\n      <shareable/>'));
    const d = lint(bad);
    assert.ok(d.some((x) => x.ruleId === 'io-native-requires-direct-cache'));
    const shared = d.find((x) => x.ruleId === 'shared-disk-cache-enabled')!;
    assert.equal(bad.slice(shared.span.start, shared.span.end), "cache='write&#98;ack'");
    const action = service.fixes(service.parse(bad), {}, shared.span, [{ ruleId: shared.ruleId, span: shared.span }])[0];
    assert.equal(applyEdits(bad, action.fix.edits), bad.replace('write&#98;ack', 'none'));
  });
});
