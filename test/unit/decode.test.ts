import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { decodeAttrValue, textOfMarkup } from '../../server/src/service/parse/decode';
import { parseXml } from '../../server/src/service/parse/parseXml';
import { sharedDir } from '../support/fixtures';

describe('value decoding', () => {
  it('attribute values: entities, character references, white space normalization', () => {
    assert.equal(decodeAttrValue('a&amp;b&lt;&gt;&quot;&apos;'), 'a&b<>"\'');
    assert.equal(decodeAttrValue('&#65;&#x42;&#x1F600;'), 'AB😀');
    assert.equal(decodeAttrValue('a\tb\r\nc\rd\ne'), 'a b c d e');
    assert.equal(decodeAttrValue('&#9;x&#10;'), '\tx\n', 'white space from references is kept');
    assert.equal(decodeAttrValue('&unknown;'), '&unknown;');
  });
  it('text content: CDATA kept, comments and PIs dropped, tags with ">" in values skipped', () => {
    assert.equal(textOfMarkup("a<!-- c --><![CDATA[<x>&amp;]]><?pi x?><b x='>'>t&amp;</b>\r\n"), 'a<x>&amp;t&\n');
  });
});

/** Every attribute value and element text of libvirt's test domains equals what xmldom reports. */
describe('decoding agrees with xmldom on the corpus', () => {
  for (const sub of ['libvirt', 'libvirt-out']) {
    it(sub, () => {
      const dir = path.join(sharedDir, 'corpus', sub);
      let elements = 0;
      let attrs = 0;
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.xml'))) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        const ours = parseXml(text);
        // Every file of libvirt's test suite is well-formed: the scan must agree.
        assert.equal(ours.syntaxError, null, f);
        const dom = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml');
        const theirs = Array.from(dom.getElementsByTagName('*'));
        assert.equal(ours.elements.length, theirs.length, f);
        ours.elements.forEach((el, i) => {
          const t = theirs[i];
          assert.equal(el.name, t.tagName, f);
          assert.equal(el.attrs.length, t.attributes.length, `${f} <${el.name}> attribute count`);
          for (const a of el.attrs) {
            assert.equal(a.value, t.getAttribute(a.name), `${f} <${el.name} ${a.name}>`);
            attrs++;
          }
          assert.equal(el.textContent(), (t.textContent ?? '').trim(), `${f} <${el.name}> text`);
          elements++;
        });
      }
      assert.ok(elements > 10_000, `only ${elements} elements compared`);
      console.log(`${sub}: ${elements} elements, ${attrs} attributes agree with xmldom`);
    });
  }
});
