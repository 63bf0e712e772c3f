/**
 * IP addresses as libvirt's network parser reads them (`virSocketAddrParse`,
 * `virSocketAddrGetRange`, `virSocketAddrGetIPPrefix` in src/util/virsocketaddr.c), as
 * integers so that subnets and ranges are plain arithmetic.
 */

export type Family = 4 | 6;

export interface IpAddr {
  family: Family;
  /** The address as an unsigned integer (32 or 128 bits). */
  value: bigint;
  /** As written. */
  text: string;
}

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function parseV4(s: string): bigint | undefined {
  if (!V4.test(s)) return undefined;
  return s.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.split('::').length > 2) return undefined;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // An embedded IPv4 address in the last 32 bits (::ffff:192.0.2.1): as two groups.
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const groups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const halves = text.split('::');
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return undefined;
  const want = 8;
  let words: bigint[];
  if (halves.length === 2) {
    const fill = want - head.length - rest.length;
    if (fill < 1) return undefined;
    words = [...head, ...new Array<bigint>(fill).fill(0n), ...rest];
  } else {
    if (head.length !== want) return undefined;
    words = head;
  }
  return words.reduce((acc, w) => (acc << 16n) | w, 0n);
}

/** An IPv4 or IPv6 address in its usual notation, or undefined. */
export function parseIp(text: string | undefined): IpAddr | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const v4 = parseV4(t);
  if (v4 !== undefined) return { family: 4, value: v4, text: t };
  const v6 = t.includes(':') ? parseV6(t) : undefined;
  return v6 !== undefined ? { family: 6, value: v6, text: t } : undefined;
}

export function bitsOf(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** The number of leading one bits of a netmask, or undefined when the ones are not contiguous. */
export function netmaskPrefix(mask: IpAddr): number | undefined {
  const bits = bitsOf(mask.family);
  const ones = mask.value.toString(2).replace(/^0+/, '');
  if (mask.value === 0n) return 0;
  if (ones.length !== bits || !/^1*0*$/.test(ones)) return undefined;
  return ones.indexOf('0') < 0 ? bits : ones.indexOf('0');
}

/**
 * The prefix libvirt uses for an `<ip>` (`virSocketAddrGetIPPrefix`): the prefix when written
 * (and not 0), else the netmask's, else the class of an IPv4 address (A: 8, B: 16, C: 24) or 64
 * for IPv6; undefined when it cannot be had (a class D/E address without a prefix).
 */
export function effectivePrefix(address: IpAddr, netmask: IpAddr | undefined, prefix: number | undefined): number | undefined {
  if (prefix !== undefined && prefix > 0) return prefix;
  if (netmask) return netmaskPrefix(netmask);
  if (address.family === 6) return address.value === 0n ? 0 : 64;
  if (address.value === 0n) return 0;
  const octet = Number(address.value >> 24n);
  if ((octet & 0x80) === 0) return 8;
  if ((octet & 0xc0) === 0x80) return 16;
  if ((octet & 0xe0) === 0xc0) return 24;
  return undefined;
}

/** The mask of a prefix as an integer of the family's width. */
export function maskOf(family: Family, prefix: number): bigint {
  const bits = BigInt(bitsOf(family));
  const p = BigInt(Math.max(0, Math.min(prefix, bitsOf(family))));
  return ((1n << p) - 1n) << (bits - p);
}

/** Whether `addr` lies in the subnet of `network`/`prefix`. */
export function inSubnet(addr: IpAddr, network: IpAddr, prefix: number): boolean {
  if (addr.family !== network.family) return false;
  const m = maskOf(network.family, prefix);
  return (addr.value & m) === (network.value & m);
}

/** The subnet's network address and (IPv4) broadcast address. */
export function subnetBounds(network: IpAddr, prefix: number): { first: bigint; last: bigint } {
  const m = maskOf(network.family, prefix);
  const all = (1n << BigInt(bitsOf(network.family))) - 1n;
  const first = network.value & m;
  return { first, last: first | (all & ~m) };
}

/** The address as libvirt prints it in messages (the text written). */
export function formatIp(a: IpAddr): string {
  return a.text;
}
