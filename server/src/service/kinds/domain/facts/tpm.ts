import { describedValues, valueTable, type FactTable } from '../../../factTypes';
import { TPM_BACKENDS, TPM_MODELS, TPM_VERSIONS } from '../model/tpm';

/** Facts for `<tpm>` and its back end. */
export const tpmFacts: FactTable = {
  'devices/tpm': {
    summary: 'A Trusted Platform Module for the guest (measured boot, BitLocker, Windows 11): a model the guest sees and one `<backend>`.',
    docsAnchor: 'tpm-device',
    snippetAttrs: ['model'],
    children: ['backend', 'alias', 'address'],
    attrs: {
      model: {
        summary: 'TPM interface the guest sees; libvirt picks tpm-spapr on ppc64 and tpm-tis elsewhere when omitted.',
        values: describedValues(TPM_MODELS, {
          'tpm-tis': 'TPM Interface Specification: x86 (TPM 1.2 or 2.0) and ARM (2.0).',
          'tpm-crb': ['Command Response Buffer interface, TPM 2.0 only; x86 only. The usual choice for TPM 2.0 on x86.', { since: '4.4.0' }],
          'tpm-spapr': ['pSeries (ppc64) virtual TPM, TPM 2.0.', { since: '6.1.0' }],
          'spapr-tpm-proxy': ['pSeries TPM proxy for a host TPM (passthrough back end only).', { since: '6.5.0' }],
        }),
      },
    },
  },
  'tpm/backend': {
    summary: 'Where the TPM lives: a software emulator (swtpm), the host TPM, or an external swtpm.',
    snippetAttrs: ['type', 'version'],
    children: ['device', 'encryption', 'active_pcr_banks', 'source', 'profile'],
    attrs: {
      type: {
        summary: 'Back end kind.',
        values: describedValues(TPM_BACKENDS, {
          passthrough: 'The host\'s TPM (`<device path=\'/dev/tpm0\'/>`), given to one guest.',
          emulator: 'swtpm started by libvirt; state kept per domain. The usual choice.',
          external: 'An swtpm started outside libvirt (`<source type=\'unix\' path>`).',
        }),
      },
      version: {
        summary: 'Emulated TPM version; 1.2 only with tpm-tis on x86. Default: 1.2 for tpm-tis on x86, else 2.0.',
        values: describedValues(TPM_VERSIONS, {
          '1.2': ['TPM 1.2: tpm-tis on x86 only; obsolete.', { caution: 'Refused with tpm-crb, tpm-spapr and on non-x86 guests.' }],
          '2.0': 'TPM 2.0: what current OSes expect (Windows 11).',
        }),
      },
      persistent_state: { summary: 'Keep the TPM state when the domain is undefined.', values: valueTable(['yes', 'Keep.'], ['no', 'Delete with the domain.']) },
      debug: { summary: 'swtpm log level.', format: 'a number' },
    },
  },
  'backend/device': { summary: 'passthrough: the host TPM device.', empty: true, attrs: { path: { summary: 'Host TPM device.', format: '/dev/tpm0' } } },
  'backend/encryption': { summary: 'emulator: a secret that encrypts the TPM state.', empty: true, attrs: { secret: { summary: 'UUID of the libvirt secret.', format: 'a UUID' } } },
  'backend/active_pcr_banks': { summary: 'emulator (TPM 2.0): the PCR banks to activate.', children: ['sha1', 'sha256', 'sha384', 'sha512'] },
};
