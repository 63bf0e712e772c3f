import { finding, type NetworkRule } from './common';

export const networkNameChars: NetworkRule = {
  id: 'network-name-chars',
  title: 'A network <name> has no \'/\' or line break',
  defaultSeverity: 'error',
  subjects: ['network/name'],
  docs: `libvirt stores a network's configuration in a file named after it (\`/etc/libvirt/qemu/networks/NAME.xml\`),
so its parser refuses a \`<name>\` containing '/': "invalid char in name: /". The network driver refuses a name
with a line break the same way.

Fix: rename the network (a name is how \`virsh net-*\` commands and domains' \`<interface type='network'>\` refer to
it, so the rename is yours to make).

Sources: libvirt \`src/conf/network_conf.c\` (\`virNetworkDefParseXML\`: \`virXMLCheckIllegalChars\`),
\`src/network/bridge_driver.c\` (\`networkValidate\`); libvirt formatnetwork ("General metadata": \`name\`).`,
  check(ctx) {
    const el = ctx.model.nameEl;
    const name = ctx.model.name;
    if (!el || name === undefined) return [];
    // libvirt reads the name untrimmed (XPath string()): line breaks around it count too.
    const raw = el.endTag ? ctx.text.slice(el.contentSpan.start, el.contentSpan.end) : '';
    const bad = name.includes('/') ? '/' : /[\r\n]/.test(raw) ? '\\n' : undefined;
    if (!bad) return [];
    const span = el.endTag ? el.contentSpan : el.nameSpan;
    return [finding(this, span.start < span.end ? span : el.nameSpan, `invalid char in name: ${bad} — the <name> of a network becomes a file name, so libvirt refuses '${bad}' in it.`)];
  },
};
