import type { XElement } from '../../parse/xmlTree';
import type { Span } from '../../types';

/**
 * Sizes with a `unit` attribute (`<capacity unit='G'>10</capacity>`), read as libvirt reads them:
 * a decimal unsigned integer (`virStrToLong_ullp`, no sign, no fraction) scaled by the unit
 * (`virScaleInteger`: b/byte/bytes; k, m, g, t, p, e alone or with `iB` are powers of 1024,
 * with `B` powers of 1000; case-insensitive), at most LLONG_MAX bytes for volume sizes.
 * Source: libvirt `src/util/virutil.c` (`virScaleInteger`), `src/conf/storage_conf.c`
 * (`virStorageSize`: "malformed capacity element").
 */

const POWERS = 'kmgtpe';
/** The largest size libvirt takes for a volume (off_t is signed). */
export const LLONG_MAX = (1n << 63n) - 1n;

/** The bytes one unit stands for, or undefined when libvirt does not know the unit. */
export function unitScale(unit: string | undefined): bigint | undefined {
  if (unit === undefined || unit === '') return 1n;
  const u = unit.toLowerCase();
  if (u === 'b' || u === 'byte' || u === 'bytes') return 1n;
  const power = POWERS.indexOf(u[0]) + 1;
  if (power === 0) return undefined;
  let base: bigint;
  if (u.length === 1 || u.slice(1) === 'ib') base = 1024n;
  else if (u.slice(1) === 'b') base = 1000n;
  else return undefined;
  return base ** BigInt(power);
}

/** The units the documentation lists, for hover and completion. */
export const SIZE_UNITS: readonly { unit: string; summary: string }[] = [
  { unit: 'bytes', summary: 'bytes (also B)' },
  { unit: 'KiB', summary: '1024 bytes (also K, k)' },
  { unit: 'MiB', summary: '1024² bytes (also M)' },
  { unit: 'GiB', summary: '1024³ bytes (also G)' },
  { unit: 'TiB', summary: '1024⁴ bytes (also T)' },
  { unit: 'PiB', summary: '1024⁵ bytes (also P)' },
  { unit: 'EiB', summary: '1024⁶ bytes (also E)' },
  { unit: 'KB', summary: '1000 bytes' },
  { unit: 'MB', summary: '1000² bytes' },
  { unit: 'GB', summary: '1000³ bytes' },
  { unit: 'TB', summary: '1000⁴ bytes' },
  { unit: 'PB', summary: '1000⁵ bytes' },
  { unit: 'EB', summary: '1000⁶ bytes' },
];

/** A size element as written, with what libvirt makes of it. */
export interface ScaledSize {
  el: XElement;
  /** The number as written (trimmed). */
  text: string;
  unit: string | undefined;
  /** Bytes, when libvirt can read the value. */
  bytes?: bigint;
  /** Why libvirt refuses it, in its words, when it does. */
  problem?: string;
  /** Where the problem is: the unit value or the element's text. */
  problemSpan?: Span;
  /** Written without a number: libvirt reads it as not written at all. */
  empty: boolean;
}

/**
 * Reads a size element libvirt's way. `limit` is the largest byte count it takes; `malformed`
 * is libvirt's message for a value that is not a number (it differs between callers:
 * `virStorageSize` says "malformed capacity element" for capacity and allocation alike).
 */
export function readSize(el: XElement, limit: bigint = LLONG_MAX, malformed = 'malformed capacity element'): ScaledSize {
  const text = el.textContent();
  const unitAttr = el.attr('unit');
  const unit = unitAttr?.value;
  const size: ScaledSize = { el, text, unit, empty: text === '' };
  if (size.empty) return size;
  const textSpan = el.endTag ? el.contentSpan : el.nameSpan;
  if (!/^\d+$/.test(text)) {
    size.problem = `${malformed}: <${el.name}> '${text}' is not a whole number of ${unit ?? 'bytes'}`;
    size.problemSpan = textSpan;
    return size;
  }
  const scale = unitScale(unit);
  if (scale === undefined) {
    size.problem = `unknown suffix '${unit}' in <${el.name} unit>: use bytes, KiB/K, MiB/M, GiB/G, TiB/T, PiB/P, EiB/E or KB, MB, GB, TB, PB, EB`;
    size.problemSpan = unitAttr!.valueSpan;
    return size;
  }
  const value = BigInt(text);
  if (value > 0n && value > limit / scale) {
    size.problem = `value too large: ${text}${unit ?? ''} in <${el.name}> is more than libvirt takes (${limit} bytes)`;
    size.problemSpan = textSpan;
    return size;
  }
  size.bytes = value * scale;
  return size;
}

/** A size for messages: as written, with the bytes when a unit was written (`2 GB = 2000000000 bytes`). */
export function describeSize(size: ScaledSize): string {
  const written = `${size.text} ${size.unit ?? 'bytes'}`;
  return size.unit !== undefined && size.bytes !== undefined && size.unit.toLowerCase() !== 'bytes' && size.unit.toLowerCase() !== 'b' ? `${written} = ${size.bytes} bytes` : written;
}
