import type { DomainModel } from './domain';

/**
 * The architecture family and machine type of a domain as libvirt's QEMU driver tells them
 * apart (src/util/virarch.h `ARCH_IS_*`; src/qemu/qemu_domain.c `qemuDomainMachineIs*`).
 * Unknown when the document does not say: a device file alone, or a domain without
 * `<type arch>` whose machine does not name the architecture.
 */
export type ArchFamily = 'x86' | 'arm' | 'ppc64' | 'ppc' | 's390' | 'riscv' | 'loongarch' | 'mips' | 'other';

export function archFamily(arch: string | undefined): ArchFamily | undefined {
  if (arch === undefined) return undefined;
  if (arch === 'x86_64' || arch === 'i686') return 'x86';
  if (arch === 'aarch64' || arch === 'armv6l' || arch === 'armv7l' || arch === 'armv7b') return 'arm';
  if (arch === 'ppc64' || arch === 'ppc64le') return 'ppc64';
  if (arch === 'ppc' || arch === 'ppcle' || arch === 'ppcemb') return 'ppc';
  if (arch === 's390' || arch === 's390x') return 's390';
  if (arch === 'riscv32' || arch === 'riscv64') return 'riscv';
  if (arch === 'loongarch64') return 'loongarch';
  if (arch.startsWith('mips')) return 'mips';
  return 'other';
}

/** A machine name that is `name` or one of its versions (`virt`, `virt-9.0`). */
function isMachine(machine: string | undefined, name: string, versionPrefix = `${name}-`): boolean {
  return machine !== undefined && (machine === name || machine.startsWith(versionPrefix));
}

export interface MachineFacts {
  /** The architecture family: from `<type arch>`, else from an x86-only machine name. */
  readonly family: ArchFamily | undefined;
  readonly arch: string | undefined;
  readonly machine: string | undefined;
  readonly isQ35: boolean;
  readonly isI440fx: boolean;
  readonly isARMVirt: boolean;
  readonly isPSeries: boolean;
  readonly isRISCVVirt: boolean;
  readonly isLoongArchVirt: boolean;
}

export function machineFacts(model: DomainModel): MachineFacts {
  const arch = model.arch;
  const machine = model.machine;
  const q35 = isMachine(machine, 'q35', 'pc-q35-');
  const i440fx = machine === 'pc' || (machine?.startsWith('pc-i440fx-') ?? false) || (machine !== undefined && /^pc-\d/.test(machine));
  // q35 and pc machines exist on x86 only: they tell the family when arch is not written.
  const family = archFamily(arch) ?? (q35 || i440fx ? 'x86' : undefined);
  return {
    family,
    arch,
    machine,
    isQ35: family === 'x86' && q35,
    isI440fx: family === 'x86' && i440fx,
    isARMVirt: family === 'arm' && arch !== 'armv7b' && isMachine(machine, 'virt'),
    isPSeries: family === 'ppc64' && isMachine(machine, 'pseries'),
    isRISCVVirt: family === 'riscv' && isMachine(machine, 'virt'),
    isLoongArchVirt: family === 'loongarch' && isMachine(machine, 'virt'),
  };
}
