import { insertElement, quoteFor } from '../../../edits';
import type { FixProposal } from '../../../types';
import { DEFAULT_INTERFACE_TYPE, INTERFACE_SOURCE_ATTRS } from '../model/interface';
import { deviceAt, deviceRule } from './common/deviceRule';

export const interfaceSourceRequired = deviceRule({
  id: 'interface-source-required',
  title: 'An <interface> needs the <source> its type connects to',
  defaultSeverity: 'error',
  devices: ['interface'],
  subjects: ['devices/interface@type', 'interface/source', 'interface/source@network', 'interface/source@bridge', 'interface/source@dev', 'interface/source@path', 'interface/source@mode', 'interface/source@type'],
  docs: `Most interface types connect the guest's NIC to something on the host, named in \`<source>\`:
\`type='network'\` → \`<source network>\` (a libvirt network), \`bridge\` → \`<source bridge>\` (a host bridge),
\`direct\` → \`<source dev>\` (the host NIC macvtap sits on), \`vhostuser\` → \`<source type='unix' path mode>\`,
\`vdpa\` → \`<source dev>\`, \`client\`/\`mcast\`/\`udp\` → \`<source address port>\`, \`server\` → \`<source port>\`, and
\`hostdev\` → \`<source><address …/></source>\` (the host's network function). \`user\`, \`ethernet\` and \`null\`
need none.

libvirt's parser refuses the interface otherwise: "interface type='bridge' requires a 'source' element",
"Missing required attribute 'bridge' in element 'source'", for vhost-user "Type='tcp' unsupported for
<interface type='vhostuser'>", and for hostdev "unknown host device source address type '(null)'" (libvirt 9:
"missing source address type"). The same holds
for an interface file given to \`virsh attach-device\`.

Fix: for \`type='network'\`, connect to libvirt's \`default\` network (NAT). Other types name a host bridge or
NIC only you know, so they get no fix. A different network changes what the guest reaches: never applied
automatically.

Sources: libvirt \`src/conf/domain_conf.c\` (\`virDomainNetDefParseXML\`, \`virDomainNetDefParseXMLRequireSource\`);
\`src/util/virxml.c\` (\`virXMLPropStringRequired\`); libvirt formatdomain "Network interfaces".`,
  checkDevice(el, ctx, out) {
    const type = el.attrValue('type') ?? DEFAULT_INTERFACE_TYPE;
    const source = el.child('source');
    if (type === 'hostdev') {
      const address = source?.child('address');
      if (!address?.attrValue('type') && !source?.child('vendor')) {
        out.push({ ruleId: this.id, span: (address ?? source ?? el).nameSpan, message: `unknown host device source address type '(null)' (libvirt 9: "missing source address type"): <interface type='hostdev'> needs <source><address type='pci' domain='…' bus='…' slot='…' function='…'/></source> naming the host's network function.` });
      }
      return;
    }
    const required = INTERFACE_SOURCE_ATTRS[type];
    if (!required) return;
    if (!source) {
      out.push({ ruleId: this.id, span: el.nameSpan, message: `interface type='${type}' requires a 'source' element: add <source ${required.map((a) => `${a}='…'`).join(' ')}/>.`, payload: { type } });
      return;
    }
    const missing = required.find((a) => source.attr(a) === undefined);
    if (missing) {
      out.push({ ruleId: this.id, span: source.nameSpan, message: `Missing required attribute '${missing}' in element 'source': <interface type='${type}'> needs <source ${missing}='…'>.`, payload: { type, missing } });
      return;
    }
    const sourceType = source.attr('type');
    if (type === 'vhostuser' && sourceType && sourceType.value !== 'unix') {
      out.push({ ruleId: this.id, span: sourceType.valueSpan, message: `Type='${sourceType.value}' unsupported for <interface type='vhostuser'>: the vhost-user back end is reached over a UNIX socket (<source type='unix'>).` });
    }
  },
  fix(finding, ctx) {
    const p = finding.payload as { type?: string; missing?: string } | undefined;
    if (p?.type !== 'network') return [];
    const el = deviceAt(ctx, finding.span.start);
    if (!el) return [];
    const q = quoteFor(el, ctx.text);
    const source = el.child('source');
    const fixes: FixProposal[] = [];
    if (!source) {
      const first = el.children.find((c) => c.name !== 'mac');
      const mac = el.child('mac');
      const edit = mac ? insertElement(el, `<source network=${q}default${q}/>`, ctx.text, { after: mac }) : insertElement(el, `<source network=${q}default${q}/>`, ctx.text, first ? { before: first } : {});
      fixes.push({ title: "Connect to libvirt's 'default' network (guest-visible)", edits: [edit], safe: false });
    } else if (p.missing === 'network') {
      const at = source.nameSpan.end;
      fixes.push({ title: "Connect to libvirt's 'default' network (guest-visible)", edits: [{ start: at, end: at, newText: ` network=${q}default${q}` }], safe: false });
    }
    return fixes;
  },
});
