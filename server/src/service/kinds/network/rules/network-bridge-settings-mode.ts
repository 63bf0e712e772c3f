import { removeAttrFix, removeElementFix } from '../../domain/rules/common/fixes';
import type { XAttr } from '../../../parse/xmlTree';
import type { Finding } from '../../../types';
import { isL3Mode, isPoolMode } from '../model/network';
import { finding, type NetworkRule } from './common';

export const networkBridgeSettingsMode: NetworkRule = {
  id: 'network-bridge-settings-mode',
  title: '<bridge> options and <mtu> only where libvirt makes the bridge',
  defaultSeverity: 'error',
  subjects: ['network/bridge', 'network/bridge@name', 'network/bridge@zone', 'network/bridge@macTableManager', 'network/bridge@stp', 'network/bridge@delay', 'network/mtu', 'network/forward@mode'],
  docs: `libvirt creates and configures the bridge only for isolated, \`nat\`, \`route\` and \`open\` networks. Its parser
refuses the definition when:
- a \`private\`, \`vepa\`, \`passthrough\` or \`hostdev\` network (no bridge at all) names a \`<bridge name>\`,
  \`zone\` or \`macTableManager\`: "bridge name not allowed in … mode (network '…')" (and the same for zone and
  macTableManager);
- a network of those modes or a \`bridge\` network (an existing host bridge) sets \`<bridge stp>\`, a non-zero
  \`delay\` or a \`zone\`: "bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in …";
- such a network names both a bridge and forward devices (\`<forward dev>\`, \`<interface>\`, \`<pf>\`): "A network
  with forward mode='…' can specify a bridge name or a forward dev, but not both";
- such a network sets \`<mtu>\`: "mtu size only allowed in open, route, nat, and isolated mode, not in …".

Fix (not applied automatically): remove the attribute or element.

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkDefParseXML\`, the checks by forward mode); libvirt
formatnetwork ("Connectivity": \`bridge\`, \`mtu\`, \`forward\`).`,
  check(ctx) {
    const m = ctx.model;
    const mode = m.forwardMode;
    if (isL3Mode(mode) || !m.knownMode) return [];
    const out: Finding[] = [];
    const net = `(${m.label})`;
    const bridge = m.bridge;
    const flag = (a: XAttr | undefined, message: string) => {
      if (a) out.push(finding(this, a.nameSpan, message));
    };
    if (bridge && isPoolMode(mode)) {
      flag(bridge.attr('name'), `bridge name not allowed in ${mode} mode ${net}: a ${mode} network has no bridge; remove <bridge name>.`);
      flag(bridge.attr('zone'), `bridge zone not allowed in ${mode} mode ${net}: a ${mode} network has no bridge for a firewalld zone.`);
      flag(bridge.attr('macTableManager'), `bridge macTableManager setting not allowed in ${mode} mode ${net}: a ${mode} network has no bridge.`);
    }
    if (bridge) {
      const tuned = [bridge.attr('stp'), bridge.attr('delay'), bridge.attr('zone')].filter((a): a is XAttr => a !== undefined && !(a.name === 'delay' && /^\s*0*\s*$/.test(a.value) && a.value.trim() !== ''));
      // libvirt names the first offending option once; every such attribute is shown.
      for (const a of tuned) {
        if (a.name === 'zone' && isPoolMode(mode)) continue;
        flag(a, `bridge delay/stp/zone options only allowed in route, nat, and isolated mode, not in ${mode} ${net}: <bridge ${a.name}> configures a bridge libvirt does not manage here.`);
      }
      const devs = m.forward && (m.forward.attr('dev') || m.forward.child('interface') || m.forward.child('pf'));
      if (bridge.attr('name') && devs && !isPoolMode(mode)) {
        flag(bridge.attr('name'), `A network with forward mode='${mode}' can specify a bridge name or a forward dev, but not both ${net}.`);
      }
    }
    // libvirt keeps a size of 0 as "no MTU".
    const size = m.mtu?.attrValue('size');
    if (m.mtu && size !== undefined && !/^\s*0+\s*$/.test(size)) out.push(finding(this, m.mtu.nameSpan, `mtu size only allowed in open, route, nat, and isolated mode, not in ${mode} ${net}: the <mtu> of a bridge or NIC libvirt does not manage cannot be set here.`));
    return out;
  },
  fix(f, ctx) {
    const m = ctx.model;
    if (m.mtu && m.mtu.nameSpan.start === f.span.start) return [removeElementFix(m.mtu, ctx.text, false)];
    const a = m.bridge?.attrs.find((x) => x.nameSpan.start === f.span.start);
    return a && m.bridge ? [removeAttrFix(a, 'bridge', ctx.text, false)] : [];
  },
};
