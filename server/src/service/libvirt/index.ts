// libvirt-facing logic without I/O: what the live-domain features and the CLI's --libvirt
// need besides running virsh.
export { asQemuType } from './qemuType';
export { checkForSave, type SaveCheck } from './saveCheck';
export { definedObjectOf, domainNameOf } from './domainName';
export { libvirtDiagnostics, locateLibvirtMessage } from './libvirtDiagnostics';
export { LIBVIRT_RULE_ID, type LibvirtVerdict } from './verdict';
