import type { XElement } from '../../../parse/xmlTree';
import type { Finding } from '../../../types';
import { finding, type NetworkRule } from './common';

/** A PCI address as libvirt compares them (numbers, whatever the notation). */
function pciKey(a: XElement): string | undefined {
  const parts = ['domain', 'bus', 'slot', 'function'].map((n) => a.attrValue(n) ?? '0');
  const nums = parts.map((p) => (/^\s*0x[0-9a-f]+\s*$/i.test(p) ? parseInt(p, 16) : /^\s*\d+\s*$/.test(p) ? parseInt(p, 10) : NaN));
  return nums.some(Number.isNaN) ? undefined : nums.join(':');
}

function pciLabel(a: XElement): string {
  const [d, b, s, f] = pciKey(a)!.split(':').map(Number);
  return `${d.toString(16).padStart(4, '0')}:${b.toString(16).padStart(2, '0')}:${s.toString(16).padStart(2, '0')}.${f.toString(16)}`;
}

export const networkForwardDevices: NetworkRule = {
  id: 'network-forward-devices',
  title: 'The device pool of <forward>: each device once, as the mode allows',
  defaultSeverity: 'error',
  subjects: ['network/forward@dev', 'network/forward@mode', 'forward/interface', 'forward/interface@dev', 'forward/address', 'forward/pf'],
  docs: `\`<forward>\` names the host devices a network uses: \`dev\` and \`<interface dev>\` (network devices), \`<address
type='pci'>\` (SR-IOV virtual functions, for \`hostdev\`) or one \`<pf dev>\` (a physical function whose VFs form
the pool). libvirt refuses the definition when:
- an interface or a PCI device is listed twice: "interface '…' can only be listed once in network …",
  "PCI device '…' can only be listed once in network …";
- \`<forward dev>\` differs from the first \`<interface dev>\`: "<forward dev='…'> must match first <interface
  dev='…'/> in network …";
- \`<forward dev>\` is combined with \`<address>\` or \`<pf>\`: "the <forward> 'dev' attribute cannot be used when
  <address> or <pf> sub-elements are present in network …";
- a \`nat\` or \`route\` network names more than one device ("multiple forwarding interfaces specified for network
  '…', only one is supported"), or an \`open\` network names one ("forward dev not allowed for network '…' with
  forward mode='open'").

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkForwardDefParseXML\`, \`virNetworkDefParseXML\`);
libvirt formatnetwork ("Connectivity").`,
  check(ctx) {
    const m = ctx.model;
    if (!m.forward || !m.knownMode) return [];
    const out: Finding[] = [];
    const net = m.name ?? '';
    const { dev, interfaces: ifaces, addresses: addrs, pfs } = m.pool;
    if (dev && (addrs.length > 0 || pfs.length > 0)) {
      out.push(finding(this, dev.nameSpan, `the <forward> 'dev' attribute cannot be used when <address> or <pf> sub-elements are present in network ${net}: name the device pool one way.`));
      return out;
    }
    const seen = new Set<string>();
    ifaces.forEach((i, n) => {
      const d = i.attrValue('dev');
      if (d === undefined) return;
      if (n === 0 && dev && d !== dev.value) out.push(finding(this, i.attr('dev')!.valueSpan, `<forward dev='${dev.value}'> must match first <interface dev='${d}'/> in network ${net}: libvirt takes the first <interface> as the forward device.`));
      else if (seen.has(d)) out.push(finding(this, i.attr('dev')!.valueSpan, `interface '${d}' can only be listed once in network ${net}: <interface dev='${d}'> appears earlier in <forward>.`));
      seen.add(d);
    });
    if (ifaces.length === 0) {
      const pci = new Set<string>();
      for (const a of addrs) {
        const key = a.attrValue('type') === 'pci' ? pciKey(a) : undefined;
        if (key === undefined) continue;
        if (pci.has(key)) out.push(finding(this, a.nameSpan, `PCI device '${pciLabel(a)}' can only be listed once in network ${net}: the same <address> appears earlier in <forward>.`));
        pci.add(key);
      }
    }
    if (out.length) return out;
    const nifs = ifaces.length > 0 ? ifaces.length : dev ? 1 : addrs.length;
    const devSpan = dev?.nameSpan ?? (ifaces[0] ?? addrs[0])?.nameSpan;
    if ((m.forwardMode === 'nat' || m.forwardMode === 'route' || m.forwardMode === 'open') && m.ips.length > 0) {
      if (nifs > 1) out.push(finding(this, (ifaces[1] ?? addrs[1]).nameSpan, `multiple forwarding interfaces specified for network '${net}', only one is supported: a ${m.forwardMode} network forwards through one host device.`));
      else if (m.forwardMode === 'open' && nifs === 1 && devSpan) out.push(finding(this, devSpan, `forward dev not allowed for network '${net}' with forward mode='open': an open network does not restrict where its traffic goes.`));
      return out;
    }
    return out;
  },
};
