import { onOff, valuesOf, valueTable, yesNo, type AttrFact, type ElementFact, type FactTable, type FoundElement } from '../../../factTypes';

export * from '../../../factTypes';

export const FORMATNETWORK_URL = 'https://libvirt.org/formatnetwork.html';

/**
 * Facts about libvirt network XML: the project's own short summaries of libvirt's formatnetwork
 * page and of network.rng / networkcommon.rng (which list the elements and attributes).
 */

const YES_NO_TRUST: AttrFact = {
  summary: "Whether the guest's receive filter changes (MAC address, multicast lists) reported by its virtio NIC are applied to the host's macvtap device.",
  since: '1.2.10',
  default: 'no',
  values: yesNo('Follow the guest\'s filter changes.', 'Ignore them.'),
};

const CONNECTIONS: AttrFact = { summary: 'Output only: how many guest interfaces use this network or device now.', format: 'set by libvirt' };

const LEASE_EXPIRY: Record<string, AttrFact> = {
  expiry: { summary: 'Lease time; 0 means an infinite lease. At least 2 minutes otherwise.', since: '6.3.0', format: 'a number' },
  unit: { summary: 'Unit of `expiry`.', default: 'minutes', values: valuesOf(['seconds', 'minutes', 'hours']) },
};

const BANDWIDTH_RATE: Record<string, AttrFact> = {
  average: { summary: 'Average bit rate, in kilobytes per second.', format: 'a number (KiB/s)' },
  peak: { summary: 'Maximum rate during bursts, in kilobytes per second.', format: 'a number (KiB/s)' },
  burst: { summary: 'Kilobytes that may be sent in a burst at peak rate.', format: 'a number (KiB)' },
  floor: { summary: 'Guaranteed minimum inbound rate (for interfaces of a network; needs QoS on the network).', since: '1.0.1', format: 'a number (KiB/s)' },
};

const VIRTUALPORT: ElementFact = {
  summary: 'An 802.1Qbg/802.1Qbh port profile or an Open vSwitch / MidoNet port for the network\'s connections.',
  since: '0.9.4',
  children: ['parameters'],
  snippetAttrs: ['type'],
  attrs: {
    type: {
      summary: 'The kind of virtual port.',
      values: valueTable(['openvswitch', 'An Open vSwitch bridge port.'], ['802.1Qbg', 'VEPA/VDP switch port (802.1Qbg).'], ['802.1Qbh', 'Port extender profile (802.1Qbh).'], ['midonet', 'A MidoNet virtual port.']),
    },
  },
  docsAnchor: 'connectivity',
};

const VLAN: ElementFact = {
  summary: 'VLAN tag(s) applied to guests\' traffic: hostdev and passthrough networks, or Open vSwitch bridges.',
  since: '0.10.0',
  children: ['tag'],
  attrs: { trunk: { summary: 'Trunk several VLANs to the guest.', values: yesNo('Trunk the listed tags.', 'A single tag.') } },
  docsAnchor: 'setting-vlan-tag-on-supported-network-types-only',
};

const BANDWIDTH: ElementFact = {
  summary: 'Quality of service: limits of inbound and outbound traffic.',
  since: '0.9.4',
  children: ['inbound', 'outbound'],
  attrs: { classID: { summary: 'Output only: the traffic class libvirt created.', format: 'set by libvirt' } },
  docsAnchor: 'quality-of-service',
};

const facts: FactTable = {
  network: {
    summary: 'A libvirt virtual network (`virsh net-define`, `net-edit`): a bridge with optional NAT, routing, DHCP and DNS, or a pool of host devices.',
    children: ['name', 'uuid', 'title', 'description', 'metadata', 'forward', 'bridge', 'mtu', 'mac', 'virtualport', 'portgroup', 'domain', 'dns', 'bandwidth', 'vlan', 'port', 'ip', 'route'],
    attrs: {
      ipv6: { summary: 'Allow IPv6 traffic between guests on a network without IPv6 gateway addresses.', since: '1.0.1', default: 'no', values: yesNo('Enable guest-to-guest IPv6.', 'Off.') },
      trustGuestRxFilters: YES_NO_TRUST,
      connections: CONNECTIONS,
    },
    docsAnchor: 'element-and-attribute-overview',
  },
  'network/name': { summary: 'The unique name of the network, used by `virsh net-*` and by domains\' `<interface type=\'network\'>`. No \'/\'.', since: '0.3.0', text: true, docsAnchor: 'general-metadata' },
  'network/uuid': { summary: 'Globally unique id of the network; generated when omitted.', since: '0.3.0', text: true, docsAnchor: 'general-metadata' },
  'network/title': { summary: 'A short description on one line.', since: '9.7.0', text: true, docsAnchor: 'general-metadata' },
  'network/description': { summary: 'Free-form description for people; libvirt does not use it.', since: '9.7.0', text: true, docsAnchor: 'general-metadata' },
  'network/metadata': { summary: 'Custom metadata of applications, in their own XML namespaces.', since: '2.1.0', docsAnchor: 'general-metadata' },
  'network/bridge': {
    summary: 'The host bridge of the network: the one libvirt creates (isolated, nat, route, open) or an existing one (bridge mode).',
    since: '0.3.0',
    empty: true,
    snippetAttrs: ['name'],
    attrs: {
      name: { summary: 'Name of the bridge device; generated (virbrN) for libvirt-managed networks when omitted. At most 15 characters.', format: 'an interface name, e.g. virbr1' },
      stp: { summary: 'Spanning Tree Protocol on the bridge (libvirt-managed bridges only).', default: 'on', values: onOff('STP on.', 'STP off.') },
      delay: { summary: 'Forward delay of the bridge in seconds (libvirt-managed bridges only).', default: '0', format: 'seconds' },
      macTableManager: { summary: 'Who manages the bridge\'s MAC address table.', since: '1.2.11', default: 'kernel', values: valueTable(['kernel', 'The kernel learns addresses (flooding, promiscuous ports).'], ['libvirt', 'libvirt adds the guests\' MAC addresses itself (needs kernel 3.17).']) },
      zone: { summary: 'firewalld zone of the bridge (isolated, nat, route and open networks); default the "libvirt" zone.', since: '5.1.0', format: 'a firewalld zone name' },
    },
    docsAnchor: 'connectivity',
  },
  'network/mtu': { summary: 'MTU of the bridge and the guests\' tap devices (isolated, nat, route and open networks).', since: '3.1.0', empty: true, attrs: { size: { summary: 'The MTU in bytes.', default: 'the device\'s (usually 1500)', format: 'a number' } }, docsAnchor: 'connectivity' },
  'network/mac': { summary: 'MAC address of the bridge libvirt creates (isolated, nat, route and open networks); generated when omitted.', since: '0.8.8', empty: true, attrs: { address: { summary: 'A unicast MAC address.', format: '52:54:00:xx:xx:xx' } }, docsAnchor: 'addressing' },
  'network/domain': {
    summary: 'The DNS domain of the DHCP and DNS server (isolated, nat, route and open networks).',
    since: '0.4.5',
    empty: true,
    snippetAttrs: ['name'],
    attrs: {
      name: { summary: 'The DNS domain name.', format: 'a domain name, e.g. example.com' },
      localOnly: { summary: 'Resolve names of this domain only with the network\'s own DNS server.', since: '1.2.12', default: 'no', values: yesNo('Never forward them upstream.', 'Forward unresolved names upstream.') },
      register: { summary: 'Register the network\'s DNS server for this domain with systemd-resolved on the host; needs localOnly=\'yes\'.', since: '10.1.0', default: 'no', values: yesNo('Register.', 'Do not register.') },
    },
    docsAnchor: 'connectivity',
  },
  'network/forward': {
    summary: 'How the network reaches the outside: NAT, routing, a host bridge, or host NICs. Without it the network is isolated.',
    since: '0.3.0',
    snippetAttrs: ['mode'],
    children: ['nat', 'interface', 'address', 'pf', 'driver'],
    attrs: {
      mode: {
        summary: 'The forwarding method.',
        default: 'nat',
        values: valueTable(
          ['nat', 'Guests\' IPv4 traffic leaves through the host, translated to the host\'s address (NAT).'],
          ['route', 'Guests\' traffic is routed without NAT (the LAN needs a route back).'],
          ['open', 'Like route, but libvirt adds no firewall rules.', { since: '2.2.0' }],
          ['bridge', 'Guests join an existing host bridge (Linux or Open vSwitch) or a macvtap bridge.', { since: '0.9.4' }],
          ['private', 'macvtap in private mode on a host NIC: guests cannot talk to each other.', { since: '0.9.4' }],
          ['vepa', 'macvtap in VEPA mode: guest traffic goes through the external switch.', { since: '0.9.4' }],
          ['passthrough', 'macvtap passthrough: each guest gets a whole host NIC.', { since: '0.9.4' }],
          ['hostdev', 'SR-IOV virtual functions assigned to guests as PCI devices.', { since: '0.10.0' }],
        ),
      },
      dev: { summary: 'The only host device to forward through (nat, route), or the first device of the pool.', format: 'an interface name, e.g. eth0' },
      managed: { summary: 'hostdev mode: libvirt detaches the VFs from the host driver and reattaches them.', values: yesNo('Managed by libvirt.', 'Detach them yourself.') },
    },
    docsAnchor: 'connectivity',
  },
  'forward/nat': {
    summary: 'NAT settings of a `<forward mode=\'nat\'>`: the public address range and port range.',
    since: '1.0.3',
    children: ['address', 'port'],
    attrs: { ipv6: { summary: 'Also NAT the network\'s IPv6 traffic (instead of routing it).', since: '6.5.0', default: 'no', values: yesNo('NAT IPv6 too.', 'Route IPv6.') } },
    docsAnchor: 'connectivity',
  },
  'nat/address': { summary: 'Range of public IPv4 addresses for SNAT.', empty: true, attrs: { start: { summary: 'First address.', format: 'an IPv4 address' }, end: { summary: 'Last address.', format: 'an IPv4 address' } }, docsAnchor: 'connectivity' },
  'nat/port': { summary: 'Range of source ports for NAT.', empty: true, attrs: { start: { summary: 'First port.', format: '1-65535' }, end: { summary: 'Last port (not below start).', format: '1-65535' } }, docsAnchor: 'connectivity' },
  'forward/interface': { summary: 'A host network device of the pool (bridge, private, vepa, passthrough), or the one device of a nat/route network.', since: '0.9.4', empty: true, attrs: { dev: { summary: 'The host network device.', format: 'an interface name, e.g. eth0' }, connections: CONNECTIONS }, docsAnchor: 'connectivity' },
  'forward/address': {
    summary: 'An SR-IOV virtual function of a hostdev network\'s pool, by PCI address.',
    since: '0.10.0',
    empty: true,
    attrs: {
      type: { summary: 'Address type.', values: valueTable(['pci', 'A PCI address.']) },
      domain: { summary: 'PCI domain.', format: '0x0000' },
      bus: { summary: 'PCI bus.', format: '0x00-0xff' },
      slot: { summary: 'PCI slot.', format: '0x00-0x1f' },
      function: { summary: 'PCI function.', format: '0x0-0x7' },
      multifunction: { summary: 'Multifunction device.', values: onOff('On.', 'Off.') },
      connections: CONNECTIONS,
    },
    docsAnchor: 'connectivity',
  },
  'forward/pf': { summary: 'An SR-IOV physical function: its virtual functions form the pool.', since: '0.9.4', empty: true, attrs: { dev: { summary: 'The PF\'s network device.', format: 'an interface name' } }, docsAnchor: 'connectivity' },
  'forward/driver': {
    summary: 'hostdev mode: the host driver for the assigned VFs.',
    empty: true,
    attrs: {
      name: { summary: 'Device assignment backend.', values: valueTable(['vfio', 'VFIO (the default).'], ['kvm', 'Legacy KVM assignment.'], ['xen', 'Xen.']) },
      model: { summary: 'A VFIO variant driver to use instead of vfio-pci.', since: '10.0.0', format: 'a driver name' },
    },
    docsAnchor: 'connectivity',
  },
  virtualport: VIRTUALPORT,
  'virtualport/parameters': {
    summary: 'Parameters of the virtual port.',
    empty: true,
    attrs: {
      managerid: { summary: '802.1Qbg: VSI manager id.', format: '0-255' },
      typeid: { summary: '802.1Qbg: VSI type id.', format: 'a number' },
      typeidversion: { summary: '802.1Qbg: VSI type version.', format: '0-255' },
      instanceid: { summary: '802.1Qbg: VSI instance UUID; generated when omitted.', format: 'a UUID' },
      profileid: { summary: '802.1Qbh / Open vSwitch: port profile name.', format: 'a profile name' },
      interfaceid: { summary: 'Open vSwitch / MidoNet: interface UUID; generated when omitted.', format: 'a UUID' },
    },
  },
  'network/portgroup': {
    summary: 'A named set of settings (VLAN, bandwidth, virtual port) that guest interfaces pick with `<source portgroup>`.',
    since: '0.9.4',
    children: ['virtualport', 'bandwidth', 'vlan'],
    snippetAttrs: ['name'],
    attrs: {
      name: { summary: 'Name of the port group (unique in the network).', format: 'a name' },
      default: { summary: 'Used by interfaces that name no port group; one default at most.', values: yesNo('The default group.', 'Not the default.') },
      trustGuestRxFilters: YES_NO_TRUST,
    },
    docsAnchor: 'portgroups',
  },
  bandwidth: BANDWIDTH,
  'bandwidth/inbound': { summary: 'Limits of traffic towards the guests.', empty: true, attrs: BANDWIDTH_RATE, docsAnchor: 'quality-of-service' },
  'bandwidth/outbound': { summary: 'Limits of traffic from the guests.', empty: true, attrs: BANDWIDTH_RATE, docsAnchor: 'quality-of-service' },
  vlan: VLAN,
  'vlan/tag': {
    summary: 'One VLAN tag.',
    empty: true,
    attrs: {
      id: { summary: 'VLAN id.', format: '0-4095' },
      nativeMode: { summary: 'Make this the native VLAN of a trunk.', since: '1.1.0', values: valueTable(['tagged', 'Native VLAN, tagged.'], ['untagged', 'Native VLAN, untagged.']) },
    },
    docsAnchor: 'setting-vlan-tag-on-supported-network-types-only',
  },
  'network/port': { summary: 'Default options of the network\'s ports.', since: '6.1.0', empty: true, attrs: { isolated: { summary: 'Isolate guests\' ports from each other (they still reach the outside).', default: 'no', values: yesNo('Guests cannot talk to each other.', 'They can.') } }, docsAnchor: 'isolating-ports-from-one-another' },
  'network/dns': {
    summary: 'The network\'s DNS server (dnsmasq): records, forwarders, or `enable=\'no\'` to run none.',
    since: '0.9.3',
    children: ['forwarder', 'host', 'srv', 'txt'],
    attrs: {
      enable: { summary: 'Run a DNS server on the network.', since: '2.2.0', default: 'yes', values: yesNo('DNS on.', 'No DNS server (DHCP only); no records allowed.') },
      forwardPlainNames: { summary: 'Forward names without a domain to the upstream server.', since: '1.1.2', default: 'yes', values: yesNo('Forward them.', 'Resolve them locally only.') },
    },
    docsAnchor: 'addressing',
  },
  'dns/forwarder': { summary: 'An upstream DNS server, for all names or for one domain.', since: '1.1.3', empty: true, attrs: { addr: { summary: 'Address of the upstream server.', format: 'an IP address' }, domain: { summary: 'Only names of this domain go to it (alone: resolve the domain locally).', since: '2.2.0', format: 'a domain name' } }, docsAnchor: 'addressing' },
  'dns/txt': { summary: 'A DNS TXT record.', since: '0.9.3', empty: true, attrs: { name: { summary: 'Record name (no spaces or commas).', format: 'a name' }, value: { summary: 'Record value.', format: 'text' } }, docsAnchor: 'addressing' },
  'dns/host': { summary: 'A DNS A/AAAA record: host names for an address.', since: '0.9.3', children: ['hostname'], attrs: { ip: { summary: 'The address the names resolve to.', format: 'an IP address' } }, docsAnchor: 'addressing' },
  'host/hostname': { summary: 'One name of the DNS host.', text: true, docsAnchor: 'addressing' },
  'dns/srv': {
    summary: 'A DNS SRV record (RFC 2782).',
    since: '0.9.9',
    empty: true,
    attrs: {
      service: { summary: 'Service name (e.g. ldap).', format: 'a service name' },
      protocol: { summary: 'Protocol.', format: 'tcp, udp …' },
      domain: { summary: 'Domain of the record.', format: 'a domain name' },
      target: { summary: 'Host providing the service; port, priority and weight need it.', format: 'a host name' },
      port: { summary: 'Port of the service.', format: '1-65535' },
      priority: { summary: 'Priority (lower first).', format: '0-65535' },
      weight: { summary: 'Weight among equal priorities.', format: '0-65535' },
    },
    docsAnchor: 'addressing',
  },
  'network/ip': {
    summary: 'An address of the host on the network\'s bridge, and so the network\'s subnet; may hold DHCP and TFTP.',
    since: '0.3.0',
    snippetAttrs: ['address', 'prefix'],
    children: ['dhcp', 'tftp'],
    attrs: {
      address: { summary: 'The host\'s address on the bridge (the guests\' gateway).', format: 'an IPv4 or IPv6 address' },
      prefix: { summary: 'Prefix length of the subnet (the IPv4 alternative to netmask, and the IPv6 way).', since: '0.8.7', format: '0-32 (IPv4), 0-128 (IPv6)' },
      netmask: { summary: 'IPv4 netmask of the subnet; not with prefix.', format: 'e.g. 255.255.255.0' },
      family: { summary: 'Address family.', since: '0.8.7', default: 'ipv4', values: valueTable(['ipv4', 'IPv4.'], ['ipv6', 'IPv6.']) },
      localPtr: { summary: 'Answer reverse DNS queries for the subnet locally, never upstream.', since: '3.0.0', default: 'no', values: yesNo('Local only.', 'Forward them.') },
    },
    docsAnchor: 'addressing',
  },
  'ip/tftp': { summary: 'A TFTP server for network boot (IPv4, one `<ip>` per network).', since: '0.7.1', empty: true, attrs: { root: { summary: 'Directory served over TFTP.', format: 'a path' } }, docsAnchor: 'addressing' },
  'ip/dhcp': { summary: 'DHCP on this subnet: address ranges, static hosts, BOOTP (one IPv4 and one IPv6 `<ip>` per network).', since: '0.3.0', children: ['range', 'host', 'bootp'], docsAnchor: 'addressing' },
  'dhcp/range': { summary: 'A pool of addresses handed out by DHCP; inside the `<ip>`\'s subnet.', since: '0.3.0', children: ['lease'], snippetAttrs: ['start', 'end'], attrs: { start: { summary: 'First address of the pool.', format: 'an IP address' }, end: { summary: 'Last address of the pool (not before start).', format: 'an IP address' } }, docsAnchor: 'addressing' },
  'dhcp/host': {
    summary: 'A static lease: a fixed address for one guest, matched by MAC (IPv4), DHCP id (IPv6) or name.',
    since: '0.4.5',
    children: ['lease'],
    snippetAttrs: ['mac', 'ip'],
    attrs: {
      mac: { summary: 'The guest NIC\'s MAC address (IPv4 only).', format: '52:54:00:xx:xx:xx' },
      id: { summary: 'The client\'s DHCP unique id (IPv6).', since: '1.0.3', format: 'hex digits and colons' },
      name: { summary: 'Host name given to the guest (and matched on, when there is no mac or id).', format: 'a host name' },
      ip: { summary: 'The fixed address; in the `<ip>`\'s subnet.', format: 'an IP address' },
    },
    docsAnchor: 'addressing',
  },
  'dhcp/bootp': { summary: 'BOOTP options for network boot (IPv4).', since: '0.7.1', empty: true, attrs: { file: { summary: 'Boot image file.', format: 'a file name' }, server: { summary: 'TFTP server of the image; default this host.', since: '0.7.3', format: 'a host name or address' } }, docsAnchor: 'addressing' },
  lease: { summary: 'Lease time of a range\'s or host\'s addresses.', since: '6.3.0', empty: true, attrs: LEASE_EXPIRY, docsAnchor: 'addressing' },
  'network/route': {
    summary: 'A static route the host adds when the network starts: a subnet reachable through a guest on the network.',
    since: '1.0.6',
    empty: true,
    snippetAttrs: ['address', 'prefix', 'gateway'],
    attrs: {
      family: { summary: 'Address family.', values: valueTable(['ipv4', 'IPv4.'], ['ipv6', 'IPv6.']) },
      address: { summary: 'The destination subnet.', format: 'an IP address' },
      prefix: { summary: 'Prefix length of the destination.', format: 'a number' },
      netmask: { summary: 'IPv4 netmask of the destination.', format: 'e.g. 255.255.255.0' },
      gateway: { summary: 'The next hop; in the subnet of one of the network\'s `<ip>`s.', format: 'an IP address' },
      metric: { summary: 'Route metric.', default: '1', format: 'a number' },
    },
    docsAnchor: 'static-routes',
  },
  'network/dnsmasq:options': { summary: 'Options passed straight to dnsmasq (namespace http://libvirt.org/schemas/network/dnsmasq/1.0); unsupported territory.', since: '5.6.0', children: ['dnsmasq:option'], docsAnchor: 'network-namespaces' },
  'dnsmasq:options/dnsmasq:option': { summary: 'One dnsmasq option line.', empty: true, attrs: { value: { summary: 'The option, e.g. foo=bar.', format: 'text' } }, docsAnchor: 'network-namespaces' },
};

export const networkFacts: FactTable = facts;

/** Elements found by name wherever they appear (their parent varies). */
const ANY_PARENT = new Set(['virtualport', 'bandwidth', 'vlan', 'lease']);

/** Facts for an element of a network document from its name and its parent's name. */
export function networkElementFact(name: string, parent: string | undefined): FoundElement | undefined {
  if (parent) {
    const key = `${parent}/${name}`;
    if (facts[key]) return { key, fact: facts[key] };
  } else if (name === 'network') return { key: name, fact: facts.network };
  if (ANY_PARENT.has(name)) return { key: name, fact: facts[name] };
  return undefined;
}

/** Elements of network.rng and networkcommon.rng that the facts describe (the hover coverage test reads them). */
export const networkElementKeys: readonly string[] = Object.keys(facts);
