import type { Severity } from './types';

/**
 * Diagnostics the language service produces itself rather than through a `Rule`: they still
 * need an id, a title and docs for settings, SARIF `tool.driver.rules[]` and the rule reference.
 */
export interface BuiltinRule {
  readonly id: string;
  readonly title: string;
  readonly defaultSeverity: Severity;
  readonly docs: string;
}

/** Id of the diagnostic on a device file whose domain (`--domain`, `deviceFiles.domain`) cannot be used. */
export const DOMAIN_CONTEXT = 'domain-context';

export const builtinRules: readonly BuiltinRule[] = [
  {
    id: DOMAIN_CONTEXT,
    title: 'The domain a device file is checked against cannot be used',
    defaultSeverity: 'warning',
    docs: `A device file (root \`<disk>\`, \`<interface>\`, \`<controller>\` … as \`virsh attach-device\` takes it) can be
checked as attached to its domain: \`--domain FILE\` on the command line, \`"domain"\` in \`.libvirt-lint.json\`
(relative to the config file) or the setting \`libvirt.deviceFiles.domain\` (relative to the workspace folder).
The domain's rules then run on the domain with the device added as the last child of \`<devices>\`, where
attach-device puts it: a target name or drive address the domain already uses, a SCSI disk without a
virtio-scsi controller, an IOThread the domain does not have.

This diagnostic says that the named domain file cannot be used: it cannot be read, is not well-formed,
or is not a \`<domain>\`. The device file is then checked alone. On the command line the same problem
ends the run with exit status 2.`,
  },
  {
    id: 'not-well-formed',
    title: 'The document is not well-formed XML',
    defaultSeverity: 'error',
    docs: `A \`<domain>\` document that the XML parser cannot read gets one diagnostic at the place where the
parser stopped, with the parser's reason. No other rule runs on it until it is well-formed, because
libvirt itself (\`virsh define\`) rejects it before looking at any element.

Typical causes: an unclosed element, a missing quote around an attribute value, a bare \`&\` or \`<\` in
a value or text (write \`&amp;\` and \`&lt;\`).`,
  },
  {
    id: 'too-large',
    title: 'The document is too large to be analysed',
    defaultSeverity: 'info',
    docs: `Documents larger than the size limit (5 MB by default) are not analysed, so that editing stays
responsive; the diagnostic says so instead of staying silent. Real domain definitions are far
smaller; a file this large is usually generated.`,
  },
  {
    id: 'unused-suppression',
    title: 'A suppression comment silences nothing',
    defaultSeverity: 'info',
    docs: `\`<!-- libvirt-lint-disable-next-line rule-id … -->\` silences those rules for diagnostics that start on
the line of the next element; \`<!-- libvirt-lint-disable rule-id … -->\` silences them in the whole file.
Without an id, either comment silences every rule. A comment (or one of its ids) that silences nothing
is reported, so that stale suppressions do not hide future problems: the disk was fixed, the rule id is
misspelt, or the comment is not right above the element it is meant for. Ids of rules turned off in the
settings are not reported. The quick fix removes the unused id, or the whole comment when nothing else
is left in it (an id-less comment would silence every rule).`,
  },
  {
    id: 'schema',
    title: "The document does not match libvirt's RelaxNG schema",
    defaultSeverity: 'error',
    docs: `The domain is checked against the RelaxNG schemas of the libvirt installed on your machine
(\`domain.rng\` and its includes in \`/usr/share/libvirt/schemas\`, package \`libvirt0\` on Debian and
Ubuntu; or the directory in \`libvirt.schema.path\`, \`--schema DIR\` on the command line). They are not
shipped with this tool. \`virsh define --validate\` and \`virt-xml-validate\` apply the same schemas.

Each diagnostic points at the element name, attribute name, attribute value or text that does not
fit, and says what is allowed there: an unknown element such as \`<dsik>\` lists the elements allowed
in its parent, a value such as \`cache='nnone'\` lists the allowed values, a missing required
element or attribute is reported on the element that lacks it.

Unlike libxml2, the validator follows RelaxNG's \`<interleave>\` exactly, so it accepts every child
order that libvirt accepts (libxml2 rejects, for example, a \`<uuid>\` after \`<memory>\`).
When no schemas are found, one info diagnostic says how to install them and the check is skipped.
Turn it off with \`libvirt.schema.enable\` (or \`--no-schema\`), or for one element with
\`<!-- libvirt-lint-disable-next-line schema -->\`.`,
  },
  {
    // Produced by the client and the CLI from virsh, never by the service itself.
    id: 'libvirt',
    title: "libvirt's own validation (virsh)",
    defaultSeverity: 'error',
    docs: `libvirt's verdict on the document, not this project's: the message is libvirt's own, so it can be
searched for. It comes from the command "libvirt: Validate with libvirt" in VS Code and from
\`libvirt-xml-lint --libvirt URI\`, and needs \`virsh\` (Debian/Ubuntu package \`libvirt-clients\`,
Fedora \`libvirt-client\`).

Nothing is defined anywhere that lasts. The generic parser runs on libvirt's test driver with an
empty node (\`test:///default\`); the QEMU driver's checks run on an embedded QEMU driver in a private
root that is deleted afterwards (\`qemu:///embed\`; packages \`libvirt-daemon-driver-qemu\` and
\`qemu-system-x86\`). With any other URI the CLI asks that connection through
\`virsh domxml-to-native\`, which validates without defining.

libvirt seldom says where a problem is. The diagnostic goes on the line libvirt names (XML syntax
errors), else on what its message names: an element ("Element domain has extra content: memry"),
an attribute ("Invalid value for attribute 'bus' in element 'target'") or a value ("target 'vda'
duplicated", which marks every \`<target dev='vda'>\`); when it names nothing that can be found, on
the first line. Without \`/dev/kvm\`, a \`type='kvm'\` domain is checked as \`type='qemu'\`, because
that refusal would only be about the machine running the check.`,
  },
];

