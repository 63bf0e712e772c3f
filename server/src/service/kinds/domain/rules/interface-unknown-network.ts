import type { DomainRule } from './common/diskRule';
import { knownNames, listNames, renameReferenceFixes, unknownReference } from './common/catalogRef';
import type { Finding } from '../../../types';

/** The network libvirt's packages define on every host. */
const LIBVIRT_DEFAULT_NETWORK = 'default';

export const interfaceUnknownNetwork: DomainRule = {
  id: 'interface-unknown-network',
  title: 'An interface names a network that no network file defines',
  defaultSeverity: 'info',
  subjects: ['devices/interface', 'interface/source@network'],
  docs: `An \`<interface type='network'>\` connects to the libvirt network named by \`<source network>\`. libvirt
looks the network up only when the guest starts or the interface is hot-plugged, and then fails with
"Network not found: no network with matching name '…'"; \`virsh define\` accepts any name.

When network files (root \`<network>\`) are in the workspace, open in the editor, or given on the same
command line, the name is checked against their \`<name>\`s. A network defined on the host but kept in
no file is not seen, so this is information, not a warning; nothing is checked while no network file
is known. The network \`default\` counts as known: libvirt's packages define it on every host
(\`/usr/share/libvirt/networks/default.xml\`, Debian package libvirt-daemon-config-network, Fedora
libvirt-daemon-config-network).

Fix: use one of the known networks (guest-visible, never automatic), or add the network's file.

Sources: libvirt \`src/conf/virnetworkobj.c\` (\`virNetworkObjFindByName\`: "no network with matching
name '%s'"); libvirt formatdomain ("Virtual network").`,
  check(ctx) {
    const names = knownNames(ctx.settings.catalog, 'network');
    if (!names) return [];
    const out: Finding[] = [];
    for (const el of ctx.model.deviceElements) {
      if (el.name !== 'interface' || el.attrValue('type') !== 'network') continue;
      const attr = el.child('source')?.attr('network');
      const name = attr?.value.trim();
      if (!attr || !name || name === LIBVIRT_DEFAULT_NETWORK || names.has(name)) continue;
      out.push(unknownReference(this.id, attr, names, `no network with matching name '${name}': no network file defines it (known: ${listNames(names)}); the guest would not start unless the host has it.`));
    }
    return out;
  },
  fix(finding, ctx) {
    const el = ctx.model.deviceElements.find((d) => d.name === 'interface' && d.start <= finding.span.start && finding.span.end <= d.end);
    return renameReferenceFixes(finding, el?.child('source')?.attr('network'), 'network');
  },
};
