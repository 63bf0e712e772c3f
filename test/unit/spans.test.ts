import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { scanDocument } from '../../server/src/service/parse/scanner';

/** The source text of an attribute's value span and name span. */
function attrTexts(text: string, elementIndex: number, attr: string) {
  const x = parseXml(text);
  const el = x.elements[elementIndex];
  const a = el.attr(attr)!;
  assert.ok(a, `no attribute ${attr}`);
  return { name: text.slice(a.nameSpan.start, a.nameSpan.end), value: text.slice(a.valueSpan.start, a.valueSpan.end), whole: text.slice(a.span.start, a.span.end), decoded: a.value };
}

describe('xmldom position facts (pinned: the span model relies on them)', () => {
  const positions = (text: string) => {
    const doc = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
    const el = doc.getElementsByTagName('disk')[0] as unknown as { lineNumber: number; columnNumber: number; attributes: ArrayLike<{ lineNumber: number; columnNumber: number }> };
    return { el: [el.lineNumber, el.columnNumber], attr: [el.attributes[0].lineNumber, el.attributes[0].columnNumber] };
  };
  it('reports the element at its "<" and the attribute at its opening quote, 1-based', () => {
    assert.deepEqual(positions("<d><disk type='file'/></d>"), { el: [1, 4], attr: [1, 15] });
  });
  it('counts a tab as one column and CRLF as one line break', () => {
    assert.deepEqual(positions("<d>\r\n\t<disk  type = \"file\"/></d>"), { el: [2, 2], attr: [2, 16] });
  });
  it('counts UTF-16 code units (an astral character is two columns)', () => {
    assert.deepEqual(positions("<d>\u{1F600}<disk type='x'/></d>"), { el: [1, 6], attr: [1, 17] });
  });
});

describe('spans from the source scan', () => {
  it('single and double quotes: value span is inside the quotes', () => {
    const t = `<domain><disk type='file' device="disk"/></domain>`;
    assert.deepEqual(attrTexts(t, 1, 'type'), { name: 'type', value: 'file', whole: "type='file'", decoded: 'file' });
    assert.deepEqual(attrTexts(t, 1, 'device'), { name: 'device', value: 'disk', whole: 'device="disk"', decoded: 'disk' });
  });
  it('CRLF, tabs and spaces around "="', () => {
    const t = "<domain>\r\n\t<disk\r\n\t\ttype\t=\r\n 'block'/>\r\n</domain>";
    assert.deepEqual(attrTexts(t, 1, 'type'), { name: 'type', value: 'block', whole: "type\t=\r\n 'block'", decoded: 'block' });
  });
  it('non-ASCII and astral text before an attribute', () => {
    const t = "<domain><description>é 😀 ü</description><disk type='file'/></domain>";
    const a = attrTexts(t, 2, 'type');
    assert.equal(a.value, 'file');
  });
  it('a byte order mark does not shift spans or break the parse', () => {
    const t = "\uFEFF<domain type='kvm'><devices/></domain>";
    const x = parseXml(t);
    assert.equal(x.syntaxError, null);
    assert.equal(t.slice(x.root!.attr('type')!.valueSpan.start, x.root!.attr('type')!.valueSpan.end), 'kvm');
  });
  it('values are decoded like an XML parser does; spans stay on the source', () => {
    const a = attrTexts("<domain><serial v='a&amp;b&#x41;'/></domain>", 1, 'v');
    assert.equal(a.value, 'a&amp;b&#x41;');
    assert.equal(a.decoded, 'a&bA');
  });
  it('element spans cover the end tag; self-closing elements end at "/>"', () => {
    const t = '<domain><devices><disk><target/></disk></devices></domain>';
    const x = parseXml(t);
    const disk = x.elements.find((e) => e.name === 'disk')!;
    assert.equal(t.slice(disk.start, disk.end), '<disk><target/></disk>');
    const target = disk.child('target')!;
    assert.equal(t.slice(target.start, target.end), '<target/>');
    assert.equal(target.parent, disk);
  });
  it('comments, CDATA, processing instructions and DOCTYPE are skipped', () => {
    const t = `<?xml version="1.0"?>\n<!DOCTYPE domain [<!ENTITY x "<disk/>">]>\n<domain><!-- <disk type='x'/> --><![CDATA[<disk/>]]><?pi <disk/>?><name>n</name></domain>`;
    const x = parseXml(t);
    assert.deepEqual(x.elements.map((e) => e.name), ['domain', 'name']);
    assert.equal(x.scan.comments.length, 1);
  });
});

describe('tolerant scan of broken documents', () => {
  it('an unterminated attribute value stops at the line end, not the document end', () => {
    const t = "<domain>\n<driver cache='non\n<target dev='vda'/>\n</domain>";
    const s = scanDocument(t);
    const driver = s.tags.find((g) => g.name === 'driver')!;
    assert.equal(driver.attrs[0].closed, false);
    assert.equal(t.slice(driver.attrs[0].valueSpan.start, driver.attrs[0].valueSpan.end), 'non');
    assert.ok(s.tags.some((g) => g.name === 'target'), 'the next tag is still scanned');
  });
  it('an unclosed start tag ends where the next markup begins', () => {
    const t = '<domain><disk type="file" <target dev="vda"/></domain>';
    const s = scanDocument(t);
    assert.deepEqual(s.tags.map((g) => g.name), ['domain', 'disk', 'target']);
    assert.equal(s.tags[1].closed, false);
  });
  it('a document that is not well-formed still has a tree and one syntax error with a position', () => {
    const t = '<domain>\n  <devices>\n    <disk>\n  </devices>\n</domain>';
    const x = parseXml(t);
    assert.ok(x.syntaxError);
    assert.match(x.syntaxError!.message, /disk|devices/);
    assert.equal(x.root?.name, 'domain');
    assert.ok(x.syntaxError!.span.start > 0 && x.syntaxError!.span.start < t.length);
  });
  it('nesting 100,000 levels deep: scanned without recursion, refused like libxml2 beyond 256 levels', () => {
    const t = '<domain>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</domain>';
    const x = parseXml(t);
    assert.equal(x.elements.length, 100_001);
    assert.match(x.syntaxError!.message, /Excessive depth in document: 256/);
    assert.equal(x.syntaxError!.span.start, 8 + 256 * 3 - 2);
  });
  it('256 levels are still parsed', () => {
    const t = '<domain>' + '<a>'.repeat(255) + '</a>'.repeat(255) + '</domain>';
    assert.equal(parseXml(t).syntaxError, null);
  });
});
