import { FORMATDOMAIN_URL } from '../../factTypes';
import type { DocumentKind } from '../kind';
import { adviseDomainValues, suggestDomainValues } from '../domain/advice';
import { allFacts, elementFact } from '../domain/facts/index';
import { DomainModel } from '../domain/model/domain';
import { domainRules } from '../domain/rules/index';
import { deviceSymbols } from '../domain/symbols';

/**
 * Rules that judge a device by the domain around it and would misjudge a device written alone:
 * without the domain, a SCSI disk's controller and the domain's IOThreads are unknown, and
 * "missing" is not the same as "not written in this file". The rules about other devices
 * (interface model, serial targets, TPM, IOMMU) stay on: they judge the machine, ACPI or a
 * missing `<model>` only when the model is a domain (`isFragment` false, as with `--domain`).
 */
const NEEDS_THE_DOMAIN: ReadonlySet<string> = new Set([
  'scsi-disk-without-virtio-scsi-controller',
  'iothread-assignment',
  // the domain's PCI controllers and its other devices' ports: unknown in a device file alone
  'pci-bus-missing',
  'pcie-hotplug-capacity',
]);

/** The devices `<devices>` may hold, `<emulator>` aside: the roots of a device fragment. */
const DEVICE_ROOTS: readonly string[] = (allFacts['domain/devices'].children ?? []).filter((name) => name !== 'emulator');

/**
 * One device written alone, as `virsh attach-device` and `detach-device` take it (`<disk>`,
 * `<controller>`, `<interface>`, `<hostdev>` …): the domain's facts, rules and advice, on a
 * model whose only device is the document's root, validated against the content of libvirt's
 * `<devices>`.
 */
export const deviceKind: DocumentKind<DomainModel> = {
  id: 'device',
  roots: DEVICE_ROOTS,
  schema: { file: 'domain.rng', contentOf: 'devices' },
  buildModel: (xml, root) => new DomainModel(xml, root, { fragment: true }),
  rules: domainRules.filter((r) => !NEEDS_THE_DOMAIN.has(r.id)),
  // The root has no parent in the file; inside a domain its parent is <devices>.
  facts: { elementFact: (name, parent) => elementFact(name, parent ?? 'devices'), docsPage: FORMATDOMAIN_URL },
  symbols: deviceSymbols,
  adviseValues: adviseDomainValues,
  suggestValues: suggestDomainValues,
};
