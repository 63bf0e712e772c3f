import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/service/edits';
import { LanguageService } from '../../server/src/service/languageService';
import { disableForLineEdit } from '../../server/src/service/suppressionActions';
import { readFixture } from '../support/fixtures';

const service = new LanguageService();

// A shareable disk with two findings on its <driver> line.
const DOMAIN = readFixture('editor', 'unsafe-shared-disk.xml');

function diagnostics(text: string) {
  return service.validate(service.parse(text));
}

/** The text after "Disable <id> for this line" on the first diagnostic of that rule. */
function disable(text: string, ruleId: string): string {
  const d = diagnostics(text).find((x) => x.ruleId === ruleId);
  assert.ok(d, `no ${ruleId} in ${JSON.stringify(diagnostics(text).map((x) => x.ruleId))}`);
  const edit = disableForLineEdit(service.parse(text).xml!, d.span, ruleId);
  assert.ok(edit, `no edit for ${ruleId}`);
  return applyEdits(text, [edit]);
}

describe('"Disable <rule> for this line"', () => {
  it('puts the comment on its own line above the element, indented like it, and the diagnostic goes', () => {
    const ids = diagnostics(DOMAIN).map((d) => d.ruleId);
    assert.ok(ids.includes('shared-disk-cache-enabled') && ids.includes('io-native-requires-direct-cache'), ids.join(', '));
    const out = disable(DOMAIN, 'shared-disk-cache-enabled');
    assert.equal(
      out,
      DOMAIN.replace("      <driver name='qemu'", "      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->\n      <driver name='qemu'"),
    );
    const after = diagnostics(out).map((d) => d.ruleId);
    assert.ok(!after.includes('shared-disk-cache-enabled'), after.join(', '));
    assert.ok(!after.includes('unused-suppression'), after.join(', '));
    assert.ok(after.includes('io-native-requires-direct-cache'), 'other rules on the line stay');
  });

  it('adds the id to a comment already above the element', () => {
    const once = disable(DOMAIN, 'shared-disk-cache-enabled');
    const twice = disable(once, 'io-native-requires-direct-cache');
    assert.equal(
      twice,
      DOMAIN.replace("      <driver name='qemu'", "      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled io-native-requires-direct-cache -->\n      <driver name='qemu'"),
    );
    const after = diagnostics(twice).map((d) => d.ruleId);
    assert.ok(!after.includes('io-native-requires-direct-cache') && !after.includes('unused-suppression'), after.join(', '));
  });

  it('keeps CRLF line ends', () => {
    const crlf = DOMAIN.replace(/\n/g, '\r\n');
    const out = disable(crlf, 'shared-disk-cache-enabled');
    assert.ok(out.includes("    </disk>\r\n") && out.includes("      <!-- libvirt-lint-disable-next-line shared-disk-cache-enabled -->\r\n      <driver"), out);
    assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
  });

  it('offers nothing where no comment can silence the diagnostic', () => {
    // The attribute is on a continuation line of the start tag: the comment would name another line.
    const split = DOMAIN.replace("<driver name='qemu' type='raw' cache='writeback' io='native'/>", "<driver name='qemu' type='raw'\n              cache='writeback' io='native'/>");
    const d = diagnostics(split).find((x) => x.ruleId === 'shared-disk-cache-enabled')!;
    assert.ok(d);
    const xml = service.parse(split).xml!;
    assert.equal(xml.lines.positionAt(d.span.start).line, xml.lines.positionAt(split.indexOf("cache='writeback'")).line, 'the finding is on the continuation line');
    assert.equal(disableForLineEdit(xml, d.span, d.ruleId), undefined);
    // An id-less comment, or one naming the rule, already applies; ids that would break the comment are refused.
    const parsed = service.parse(DOMAIN).xml!;
    const span = { start: DOMAIN.indexOf("cache='writeback'"), end: DOMAIN.indexOf("cache='writeback'") + 5 };
    assert.equal(disableForLineEdit(parsed, span, 'bad--id'), undefined);
    assert.equal(disableForLineEdit(parsed, span, 'a b'), undefined);
    const named = service.parse(disable(DOMAIN, 'shared-disk-cache-enabled')).xml!;
    const at = named.text.indexOf("cache='writeback'");
    assert.equal(disableForLineEdit(named, { start: at, end: at + 5 }, 'shared-disk-cache-enabled'), undefined);
  });

  it('with two elements on the line the comment goes above the first, and still silences the line', () => {
    const text = DOMAIN.replace("      <driver name='qemu'", "      <shareable/><driver name='qemu'").replace('      <shareable/>\n    </disk>', '    </disk>');
    const xml = service.parse(text).xml!;
    const at = text.indexOf("cache='writeback'");
    // The <shareable/> before the driver starts the line: the comment goes above it, and it still silences the line.
    const edit = disableForLineEdit(xml, { start: at, end: at + 5 }, 'shared-disk-cache-enabled');
    assert.ok(edit);
    const out = applyEdits(text, [edit]);
    assert.ok(!diagnostics(out).some((d) => d.ruleId === 'shared-disk-cache-enabled' || d.ruleId === 'unused-suppression'));
  });
});
