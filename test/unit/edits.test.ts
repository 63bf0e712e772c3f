import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, insertAttr, insertElement, removeAttr, removeElement, replaceAttrValue, setAttr } from '../../server/src/service/edits';
import { parseXml } from '../../server/src/service/parse/parseXml';

function el(text: string, name: string) {
  return parseXml(text).elements.find((e) => e.name === name)!;
}

describe('span edits', () => {
  it('replace a value keeps the quote style and escapes', () => {
    const t = `<domain><driver cache="writeback" io='native'/></domain>`;
    const d = el(t, 'driver');
    assert.equal(applyEdits(t, [replaceAttrValue(d.attr('cache')!, 'none')]), `<domain><driver cache="none" io='native'/></domain>`);
    assert.equal(applyEdits(t, [replaceAttrValue(d.attr('io')!, "it's")]), `<domain><driver cache="writeback" io='it&apos;s'/></domain>`);
  });
  it('insert an attribute after a named one, with the element quote style', () => {
    const t = `<domain><driver name="qemu" type="raw" io="native"/></domain>`;
    const d = el(t, 'driver');
    assert.equal(applyEdits(t, [insertAttr(d, 'cache', 'none', t, ['name', 'type'])]), `<domain><driver name="qemu" type="raw" cache="none" io="native"/></domain>`);
    assert.equal(applyEdits(t, [setAttr(d, 'io', 'threads', t)]), `<domain><driver name="qemu" type="raw" io="threads"/></domain>`);
  });
  it('remove an attribute with its leading white space', () => {
    const t = `<domain><driver name='qemu'\n    io='native'/></domain>`;
    const d = el(t, 'driver');
    assert.equal(applyEdits(t, [removeAttr(d.attr('io')!, t)]), `<domain><driver name='qemu'/></domain>`);
  });
  it('remove an element on its own line removes the line (CRLF kept elsewhere)', () => {
    const t = `<domain>\r\n  <disk>\r\n    <shareable/>\r\n    <readonly/>\r\n  </disk>\r\n</domain>`;
    assert.equal(applyEdits(t, [removeElement(el(t, 'shareable'), t)]), `<domain>\r\n  <disk>\r\n    <readonly/>\r\n  </disk>\r\n</domain>`);
  });
  it('remove an element sharing its line removes only the element', () => {
    const t = `<domain><disk><shareable/><readonly/></disk></domain>`;
    assert.equal(applyEdits(t, [removeElement(el(t, 'shareable'), t)]), `<domain><disk><readonly/></disk></domain>`);
  });
  it('insert an element after a sibling, indented like it (tabs)', () => {
    const t = `<domain>\n\t<devices>\n\t\t<disk/>\n\t</devices>\n</domain>`;
    const devices = el(t, 'devices');
    assert.equal(applyEdits(t, [insertElement(devices, '<controller/>', t)]), `<domain>\n\t<devices>\n\t\t<disk/>\n\t\t<controller/>\n\t</devices>\n</domain>`);
  });
  it('insert before a sibling and into an empty self-closing parent', () => {
    const t = `<domain>\n  <devices>\n    <disk/>\n  </devices>\n</domain>`;
    const devices = el(t, 'devices');
    assert.equal(applyEdits(t, [insertElement(devices, '<x/>', t, { before: el(t, 'disk') })]), `<domain>\n  <devices>\n    <x/>\n    <disk/>\n  </devices>\n</domain>`);
    const t2 = `<domain>\n  <devices/>\n</domain>`;
    assert.equal(applyEdits(t2, [insertElement(el(t2, 'devices'), '<x/>', t2)]), `<domain>\n  <devices>\n    <x/>\n  </devices>\n</domain>`);
  });
  it('applies several non-overlapping edits in one pass', () => {
    const t = `<domain><a x='1'/><b y='2'/></domain>`;
    const x = parseXml(t);
    const edits = [replaceAttrValue(x.elements[1].attr('x')!, '9'), replaceAttrValue(x.elements[2].attr('y')!, '8')];
    assert.equal(applyEdits(t, edits), `<domain><a x='9'/><b y='8'/></domain>`);
  });
});
