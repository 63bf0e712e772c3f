import { setAttr } from '../../../edits';
import { removeElementFix } from '../../domain/rules/common/fixes';
import { finding, type NetworkRule } from './common';

export const networkNatOutsideNatMode: NetworkRule = {
  id: 'network-nat-outside-nat-mode',
  title: '<nat> only in a <forward mode=\'nat\'>',
  defaultSeverity: 'error',
  subjects: ['forward/nat', 'network/forward@mode'],
  docs: `\`<nat>\` (the SNAT address range and port range of a NAT network) belongs in a \`<forward>\` whose mode is
\`nat\` (or that has no \`mode\`, which means NAT). In a \`route\`, \`open\`, \`bridge\`, \`passthrough\`, \`private\`,
\`vepa\` or \`hostdev\` network libvirt refuses the definition: "The <nat> element can only be used when <forward>
'mode' is 'nat' in network …".

Fixes (neither is applied automatically, since only you know which was meant): remove the \`<nat>\` element, or
set \`mode='nat'\`.

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkForwardNatDefParseXML\`); libvirt formatnetwork
("Connectivity": \`nat\` sub-element of \`forward\`).`,
  check(ctx) {
    const m = ctx.model;
    const forward = m.forward;
    if (!forward || !m.knownMode || m.forwardMode === 'nat') return [];
    return forward
      .childrenNamed('nat')
      .map((nat) => finding(this, nat.nameSpan, `The <nat> element can only be used when <forward> 'mode' is 'nat' in network ${m.name ?? ''}: this <forward> has mode='${m.forwardMode}', so libvirt refuses the definition.`));
  },
  fix(f, ctx) {
    const nat = ctx.model.forward?.childrenNamed('nat').find((n) => n.nameSpan.start === f.span.start);
    const forward = ctx.model.forward;
    if (!nat || !forward) return [];
    return [removeElementFix(nat, ctx.text, false), { title: "Set <forward mode='nat'>", edits: [setAttr(forward, 'mode', 'nat', ctx.text, ['dev'])], safe: false }];
  },
};
