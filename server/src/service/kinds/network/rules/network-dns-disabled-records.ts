import { removeAttrFix } from '../../domain/rules/common/fixes';
import { finding, type NetworkRule } from './common';

const RECORDS = ['forwarder', 'host', 'srv', 'txt'];

export const networkDnsDisabledRecords: NetworkRule = {
  id: 'network-dns-disabled-records',
  title: '<dns enable=\'no\'> has no records or forwarders',
  defaultSeverity: 'error',
  subjects: ['network/dns@enable', 'dns/forwarder', 'dns/host', 'dns/srv', 'dns/txt'],
  docs: `\`<dns enable='no'>\` turns off the network's DNS server (dnsmasq serves DHCP only). Records (\`<host>\`,
\`<srv>\`, \`<txt>\`) and \`<forwarder>\`s would have no server to live in, so libvirt refuses the definition:
"Extra data in disabled network '…'".

Fix (not applied automatically): remove \`enable='no'\` to keep the records, or remove the records.

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkDNSDefParseXML\`); libvirt formatnetwork ("Addressing":
\`dns\`, \`enable\`).`,
  check(ctx) {
    const dns = ctx.model.dns;
    if (!dns || dns.attrValue('enable') !== 'no') return [];
    const first = dns.children.find((c) => RECORDS.includes(c.name));
    if (!first) return [];
    return [finding(this, dns.attr('enable')!.valueSpan, `Extra data in disabled network '${ctx.model.name ?? ''}': <dns enable='no'> cannot hold <${first.name}> and the other records or forwarders.`)];
  },
  fix(f, ctx) {
    const a = ctx.model.dns?.attr('enable');
    return a ? [removeAttrFix(a, 'dns', ctx.text, false)] : [];
  },
};
