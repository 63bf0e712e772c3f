import type { MachineFacts } from './machine';

/**
 * Character devices' target types and models as libvirt knows them
 * (src/conf/domain_conf.c: the virDomainChr*Target enums; src/qemu/qemu_validate.c:
 * qemuValidateDomainChrTargetDef, qemuValidateDomainChrDef; src/qemu/qemu_domain.c:
 * qemuDomainChrDefPostParse for the defaults).
 */

export const SERIAL_TARGET_TYPES = ['isa-serial', 'usb-serial', 'pci-serial', 'spapr-vio-serial', 'system-serial', 'sclp-serial', 'isa-debug'] as const;
export const CONSOLE_TARGET_TYPES = ['serial', 'virtio', 'xen', 'uml', 'lxc', 'openvz', 'sclp', 'sclplm'] as const;
export const CHANNEL_TARGET_TYPES = ['virtio', 'guestfwd', 'xen'] as const;

/** `<target type>` values libvirt's parser knows, per character device. */
export const CHR_TARGET_TYPES: Readonly<Record<string, readonly string[]>> = {
  serial: SERIAL_TARGET_TYPES,
  console: CONSOLE_TARGET_TYPES,
  channel: CHANNEL_TARGET_TYPES,
};

/** Console target types the QEMU driver can create. */
export const QEMU_CONSOLE_TARGETS: readonly string[] = ['serial', 'virtio', 'sclp', 'sclplm'];

export const SERIAL_MODELS = ['isa-serial', 'usb-serial', 'pci-serial', 'spapr-vty', 'pl011', '16550a', 'sclpconsole', 'sclplmconsole', 'isa-debugcon'] as const;

/** `<serial><target><model name>` → the target type it belongs to. */
export const SERIAL_MODEL_TYPE: Readonly<Record<(typeof SERIAL_MODELS)[number], (typeof SERIAL_TARGET_TYPES)[number]>> = {
  'isa-serial': 'isa-serial',
  'usb-serial': 'usb-serial',
  'pci-serial': 'pci-serial',
  'spapr-vty': 'spapr-vio-serial',
  pl011: 'system-serial',
  '16550a': 'system-serial',
  sclpconsole: 'sclp-serial',
  sclplmconsole: 'sclp-serial',
  'isa-debugcon': 'isa-debug',
};

/** The target type a serial model belongs to, or undefined for a model libvirt does not know. */
export function serialModelType(model: string): string | undefined {
  return (SERIAL_MODELS as readonly string[]).includes(model) ? SERIAL_MODEL_TYPE[model as (typeof SERIAL_MODELS)[number]] : undefined;
}

/**
 * The serial target type libvirt uses when none is written (isa-serial counts as none: libvirt
 * maps it to the machine's default), or undefined when the machine does not tell.
 */
export function defaultSerialType(m: MachineFacts): string | undefined {
  if (m.family === 'x86') return 'isa-serial';
  if (m.isPSeries) return 'spapr-vio-serial';
  if (m.isARMVirt || m.isLoongArchVirt || m.isRISCVVirt) return 'system-serial';
  if (m.family === 's390') return 'sclp-serial';
  return undefined;
}

/** The model libvirt picks for a target type. */
export function defaultSerialModel(type: string, m: MachineFacts): string | undefined {
  if (type === 'system-serial') return m.isARMVirt ? 'pl011' : m.isLoongArchVirt || m.isRISCVVirt ? '16550a' : undefined;
  return SERIAL_MODELS.find((model) => SERIAL_MODEL_TYPE[model] === type);
}

/** Whether a serial type and model fit the machine (qemuValidateDomainChrDef). */
export function serialFitsMachine(type: string, model: string | undefined, m: MachineFacts): boolean {
  if (type === 'system-serial' && model === 'pl011' && !m.isARMVirt) return false;
  if (type === 'system-serial' && model === '16550a' && !m.isLoongArchVirt && !m.isRISCVVirt) return false;
  if (!m.isPSeries && (type === 'spapr-vio-serial' || model === 'spapr-vty')) return false;
  if (m.family !== 's390' && (type === 'sclp-serial' || model === 'sclpconsole' || model === 'sclplmconsole')) return false;
  return true;
}
