import type { XmlDocument } from '../../../parse/parseXml';
import type { XAttr, XElement } from '../../../parse/xmlTree';
import type { Span } from '../../../types';
import { effectivePrefix, type Family, type IpAddr, parseIp } from './ip';

/**
 * Forward modes (`<forward mode>`, `virNetworkForwardType` in src/conf/network_conf.h);
 * `none` is a network without `<forward>` (isolated). A `<forward>` without `mode` is NAT.
 */
export const FORWARD_MODES = ['nat', 'route', 'open', 'bridge', 'passthrough', 'private', 'vepa', 'hostdev'] as const;

/** The modes whose bridge, addresses, DHCP and DNS libvirt sets up itself (layer 3). */
const L3_MODES: ReadonlySet<string> = new Set(['none', 'nat', 'route', 'open']);

/** The modes that use an existing host bridge or a pool of host NICs or VFs (no host-side address). */
export function isL3Mode(mode: string): boolean {
  return L3_MODES.has(mode);
}

/** The modes that hand out the NICs of a device pool and have no bridge of libvirt's (`private`, `vepa`, `passthrough`, `hostdev`). */
export function isPoolMode(mode: string): boolean {
  return mode === 'private' || mode === 'vepa' || mode === 'passthrough' || mode === 'hostdev';
}

/**
 * The device pool of a `<forward>` as libvirt reads it: `dev` and the `<interface>` elements
 * (network devices), else the `<address>` elements (PCI), else one `<pf>`.
 */
export interface ForwardPool {
  dev?: XAttr;
  interfaces: XElement[];
  addresses: XElement[];
  pfs: XElement[];
  /** Whether libvirt takes the pool from `dev` and `<interface>` (the `<address>` elements are then ignored). */
  byName: boolean;
}

/** One `<range start end>` of a `<dhcp>`. */
export interface DhcpRange {
  el: XElement;
  start?: IpAddr;
  end?: IpAddr;
}

/** One `<host mac|id name ip>` of a `<dhcp>` (a static lease). */
export interface DhcpHost {
  el: XElement;
  mac?: XAttr;
  id?: XAttr;
  name?: XAttr;
  ipAttr?: XAttr;
  ip?: IpAddr;
}

/** One `<ip>` of the network: the host's address on the bridge, its subnet and its DHCP. */
export class NetworkIp {
  readonly address?: IpAddr;
  readonly netmask?: IpAddr;
  /** The prefix as written (`prefix`), when it is a number. */
  readonly writtenPrefix?: number;
  /** The family libvirt gives the address (from `family`, else from the address). */
  readonly family?: Family;
  /** The prefix libvirt uses (written, from the netmask, or the address class); undefined when unknown. */
  readonly prefix?: number;
  readonly dhcp?: XElement;
  readonly ranges: DhcpRange[];
  readonly hosts: DhcpHost[];

  constructor(readonly el: XElement) {
    this.address = parseIp(el.attrValue('address'));
    this.netmask = parseIp(el.attrValue('netmask'));
    const p = el.attrValue('prefix');
    this.writtenPrefix = p !== undefined && /^\s*\d+\s*$/.test(p) ? Number(p) : undefined;
    const fam = el.attrValue('family');
    this.family = fam === 'ipv6' ? 6 : fam === 'ipv4' ? 4 : this.address?.family;
    this.prefix = this.address ? effectivePrefix(this.address, this.netmask, this.writtenPrefix) : undefined;
    this.dhcp = el.child('dhcp');
    this.ranges = (this.dhcp?.childrenNamed('range') ?? []).map((r) => ({ el: r, start: parseIp(r.attrValue('start')), end: parseIp(r.attrValue('end')) }));
    this.hosts = (this.dhcp?.childrenNamed('host') ?? []).map((h) => ({ el: h, mac: h.attr('mac'), id: h.attr('id'), name: h.attr('name'), ipAttr: h.attr('ip'), ip: parseIp(h.attrValue('ip')) }));
  }

  /** Whether the `<ip>` serves DHCP (libvirt counts ranges and static hosts). */
  get hasDhcp(): boolean {
    return this.ranges.length > 0 || this.hosts.length > 0;
  }

  /** "192.0.2.1/24" for messages (as libvirt prints a network: address and prefix). */
  get label(): string {
    const a = this.el.attrValue('address') ?? '(no address)';
    return this.prefix !== undefined ? `${a}/${this.prefix}` : a;
  }
}

/**
 * A `<network>` as libvirt's parser reads it (`virNetworkDefParseXML`): the first of each
 * single element (libvirt reads `./name[1]`, `./bridge[1]` …), every `<ip>`, the forward mode.
 */
export class NetworkModel {
  readonly root: XElement;
  readonly nameEl?: XElement;
  /** The network's name as libvirt reads it (text of the first `<name>`). */
  readonly name?: string;
  readonly forward?: XElement;
  /** The forward mode: `none` without `<forward>`, `nat` for a `<forward>` without `mode`. */
  readonly forwardMode: string;
  readonly bridge?: XElement;
  readonly mac?: XElement;
  readonly mtu?: XElement;
  readonly domain?: XElement;
  readonly dns?: XElement;
  readonly ips: NetworkIp[];
  /** The device pool of `<forward>` (empty without one). */
  readonly pool: ForwardPool;

  constructor(
    readonly xml: XmlDocument,
    root: XElement,
  ) {
    this.root = root;
    this.nameEl = root.child('name');
    this.name = this.nameEl?.textContent();
    this.forward = root.child('forward');
    this.forwardMode = this.forward ? (this.forward.attrValue('mode') ?? 'nat') : 'none';
    this.bridge = root.child('bridge');
    this.mac = root.child('mac');
    this.mtu = root.child('mtu');
    this.domain = root.child('domain');
    this.dns = root.child('dns');
    this.ips = root.childrenNamed('ip').map((el) => new NetworkIp(el));
    const f = this.forward;
    const dev = f?.attr('dev');
    const interfaces = f?.childrenNamed('interface') ?? [];
    this.pool = { dev, interfaces, addresses: f?.childrenNamed('address') ?? [], pfs: f?.childrenNamed('pf') ?? [], byName: dev !== undefined || interfaces.length > 0 };
  }

  /** Whether the forward mode is one libvirt knows (an unknown one is refused before anything else is checked). */
  get knownMode(): boolean {
    return this.forwardMode === 'none' || (FORWARD_MODES as readonly string[]).includes(this.forwardMode);
  }

  /** "network 'default'" for messages. */
  get label(): string {
    return this.name ? `network '${this.name}'` : 'the network';
  }

  /** The span that stands for the forward mode: the `mode` value, else the `<forward>` name. */
  get modeSpan(): Span | undefined {
    const f = this.forward;
    if (!f) return undefined;
    return f.attr('mode')?.valueSpan ?? f.nameSpan;
  }

  /** The `<ip>` whose element holds the offset. */
  ipAt(span: Span): NetworkIp | undefined {
    return this.ips.find((ip) => ip.el.start <= span.start && span.end <= ip.el.end);
  }

  /** The element of the document that starts at the span's start, if any (fixes find their subject this way). */
  elementAt(span: Span): XElement | undefined {
    return this.xml.elements.find((e) => e.nameSpan.start === span.start);
  }
}
