/**
 * XML value decoding done on the source text, so that the element tree needs no DOM walk:
 * the five predefined entities and character references are replaced, and attribute values
 * get the white space normalization of the XML spec (each tab, CR or LF becomes a space;
 * a CRLF pair is one line break). Unknown entities stay as written (xmldom reports them).
 * A corpus test checks that the results equal xmldom's.
 */
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0x10ffff ? whole : String.fromCodePoint(code);
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/**
 * Whether text[from, to) is an attribute value that reads as written: no reference and no
 * white space the parser would normalize. Checked on the text, so that no string is made.
 */
export function isPlainAttrValue(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 38 || c === 9 || c === 10 || c === 13) return false;
  }
  return true;
}

/** The value of an attribute as an XML parser reports it. */
export function decodeAttrValue(raw: string): string {
  if (isPlainAttrValue(raw, 0, raw.length)) return raw;
  // Normalize literal white space first; white space from character references stays.
  return decodeEntities(raw.replace(/\r\n|[\t\r\n]/g, ' '));
}

/** The text content of a markup fragment: text and CDATA, without tags, comments and PIs. */
export function textOfMarkup(fragment: string): string {
  // markup-free text, nearly all of it: handed on as it is unless line ends need normalizing
  if (fragment.indexOf('<') < 0 && fragment.indexOf('&') < 0) return fragment.indexOf('\r') < 0 ? fragment : fragment.replace(/\r\n?/g, '\n');
  let out = '';
  let i = 0;
  const n = fragment.length;
  while (i < n) {
    const lt = fragment.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    out += decodeEntities(fragment.slice(i, end).replace(/\r\n?/g, '\n'));
    if (lt < 0) break;
    if (fragment.startsWith('<![CDATA[', lt)) {
      const close = fragment.indexOf(']]>', lt + 9);
      out += fragment.slice(lt + 9, close < 0 ? n : close).replace(/\r\n?/g, '\n');
      i = close < 0 ? n : close + 3;
    } else if (fragment.startsWith('<!--', lt)) {
      const close = fragment.indexOf('-->', lt + 4);
      i = close < 0 ? n : close + 3;
    } else if (fragment.startsWith('<?', lt)) {
      const close = fragment.indexOf('?>', lt + 2);
      i = close < 0 ? n : close + 2;
    } else {
      // A tag: skip to its `>`, stepping over quoted attribute values that may hold `>`.
      const m = /^<(?:[^>'"]|'[^']*'|"[^"]*")*>?/.exec(fragment.slice(lt));
      i = lt + (m ? m[0].length : 1);
    }
  }
  return out;
}
