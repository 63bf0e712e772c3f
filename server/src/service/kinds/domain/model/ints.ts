/** Parses a libvirt unsigned integer attribute (decimal or 0x hex); undefined if malformed. */
export function parseIntAttr(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  // Plain decimal digits (nearly every value in practice) without a regular expression.
  const n = v.length;
  if (n > 0 && n <= 15) {
    let x = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      x = x * 10 + d;
    }
    if (i === n) return x;
  }
  const s = v.trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
  if (/^[0-9]+$/.test(s)) return parseInt(s, 10);
  return undefined;
}
