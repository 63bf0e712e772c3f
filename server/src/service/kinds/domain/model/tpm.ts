import type { ArchFamily } from './machine';

/**
 * TPM models, back ends and versions (src/conf/domain_conf.c: the virDomainTPM* enums;
 * src/qemu/qemu_domain.c qemuDomainTPMDefPostParse for the defaults; the device each QEMU
 * binary has: tpm-crb on x86 only, the sPAPR models on ppc64 only).
 */
export const TPM_MODELS = ['tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy'] as const;
export const TPM_BACKENDS = ['passthrough', 'emulator', 'external'] as const;
export const TPM_VERSIONS = ['1.2', '2.0'] as const;

/** The architecture families whose QEMU has the model, where it is limited. */
export const TPM_MODEL_FAMILIES: Readonly<Record<string, readonly ArchFamily[]>> = {
  'tpm-crb': ['x86'],
  'tpm-spapr': ['ppc64'],
  'spapr-tpm-proxy': ['ppc64'],
};

/** The model libvirt picks when none is written. */
export function defaultTpmModel(family: ArchFamily | undefined): string {
  return family === 'ppc64' ? 'tpm-spapr' : 'tpm-tis';
}

/** The emulated TPM version libvirt picks when none is written: 1.2 for tpm-tis on x86, else 2.0. */
export function defaultTpmVersion(model: string, family: ArchFamily | undefined): string | undefined {
  if (model === 'tpm-tis') return family === 'x86' ? '1.2' : family === undefined ? undefined : '2.0';
  return '2.0';
}
