import { removeElementFix } from '../../domain/rules/common/fixes';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding } from '../../../types';
import { isL3Mode } from '../model/network';
import { finding, type NetworkRule } from './common';

/** The elements that only a network with its own bridge (isolated, nat, route, open) can have, as libvirt's network driver checks them. */
function refused(root: XElement, mode: string, bridgeNamed: boolean): XElement[] {
  const out: XElement[] = [];
  const mac = root.child('mac');
  if (mac?.attr('address')) out.push(mac);
  out.push(...root.childrenNamed('ip'));
  const dns = root.child('dns');
  if (dns && (dns.child('txt') || dns.child('host') || dns.child('srv'))) out.push(dns);
  const domain = root.child('domain');
  if (domain?.attr('name')) out.push(domain);
  // A network-wide <bandwidth> needs a bridge: libvirt's own, or the one a bridge network names.
  const bandwidth = root.child('bandwidth');
  if (bandwidth && !(mode === 'bridge' && bridgeNamed)) out.push(bandwidth);
  return out;
}

export const networkModeHostSettings: NetworkRule = {
  id: 'network-mode-host-settings',
  title: 'No <mac>, <ip>, <dns>, <domain> or <bandwidth> on bridge, passthrough, private, vepa or hostdev networks',
  defaultSeverity: 'error',
  subjects: ['network/forward@mode', 'network/mac', 'network/ip', 'network/dns', 'network/domain', 'network/bandwidth'],
  docs: `A network with \`<forward mode='bridge'>\`, \`'passthrough'\`, \`'private'\`, \`'vepa'\` or \`'hostdev'\` connects
guests to a bridge or to host NICs that libvirt does not manage: there is no host-side device for a MAC
address, an IP address, DHCP or a DNS server. libvirt's network driver refuses such a definition (at
\`virsh net-define\` and \`net-create\`) with "Unsupported <ip> element in network … with forward mode='…'", and
the same for \`<mac>\`, \`<dns>\` (with \`<host>\`, \`<srv>\` or \`<txt>\` records) and \`<domain>\`. A network-wide
\`<bandwidth>\` is refused as well, except in a bridge network that names its \`<bridge>\`.

Fix (not applied automatically): remove the element, or choose a mode with a libvirt-managed bridge (\`nat\`,
\`route\`, \`open\`, or no \`<forward>\`).

Sources: libvirt \`src/network/bridge_driver.c\` (\`networkValidate\`); libvirt formatnetwork ("Connectivity":
modes \`bridge\`, \`private\`, \`vepa\`, \`passthrough\`, \`hostdev\`).`,
  check(ctx) {
    const m = ctx.model;
    if (isL3Mode(m.forwardMode) || !m.knownMode) return [];
    const out: Finding[] = [];
    for (const el of refused(m.root, m.forwardMode, m.bridge?.attr('name') !== undefined).sort((a, b) => a.start - b.start)) {
      const what = el.name === 'bandwidth' ? 'network-wide <bandwidth>' : `<${el.name}>`;
      out.push(finding(this, el.nameSpan, `Unsupported ${what} element in network ${m.name ?? ''} with forward mode='${m.forwardMode}': libvirt does not manage a host-side device in this mode, so it refuses the definition.`));
    }
    return out;
  },
  fix(f, ctx) {
    const el = ctx.model.root.children.find((c) => c.nameSpan.start === f.span.start);
    return el ? [removeElementFix(el, ctx.text, false)] : [];
  },
};
