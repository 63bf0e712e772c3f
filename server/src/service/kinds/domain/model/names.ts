/**
 * Disk target names (`<target dev>`): which prefix belongs to which bus, how libvirt turns the
 * letters into an index and back, and which names of a domain are still free. Rules, fixes,
 * completion and the bus conversions all read these; nothing else writes them down.
 */

/** The bus libvirt infers from a target name prefix when `bus` is not written (virDomainDiskDefAssignAddress, domain_conf.c). */
export const BUS_OF_PREFIX: Readonly<Record<string, string>> = { hd: 'ide', sd: 'scsi', vd: 'virtio', xvd: 'xen', ubd: 'uml', fd: 'fdc' };

/** The prefix libvirt and virt-manager name disks of a bus with (virtinst devices/disk.py); SATA, USB and SD cards share `sd`. */
export const PREFIX_OF_BUS: Readonly<Record<string, string>> = { ide: 'hd', scsi: 'sd', sata: 'sd', usb: 'sd', sd: 'sd', virtio: 'vd', xen: 'xvd', uml: 'ubd', fdc: 'fd' };

/** Prefixes a hard disk or LUN name may have ("Invalid harddisk device name", domain_validate.c); floppies use `fd`. */
export const HARDDISK_PREFIXES: readonly string[] = Object.keys(BUS_OF_PREFIX).filter((p) => p !== 'fd');

// Longest prefix first, so that `xvda` is not read as `vd…` after an `x`.
const PREFIXES_LONGEST_FIRST = Object.keys(BUS_OF_PREFIX).sort((a, b) => b.length - a.length);
const TARGET_NAME = new RegExp(`^(${PREFIXES_LONGEST_FIRST.join('|')})([a-z]+)([0-9]*)$`);

/** The known prefix a name starts with (`xvd` before `vd`), if any. */
export function prefixOf(dev: string): string | undefined {
  return PREFIXES_LONGEST_FIRST.find((p) => dev.startsWith(p));
}

/** Bus libvirt infers from the target name prefix when `bus` is not written. */
export function busFromTargetDev(dev: string | undefined): string | undefined {
  if (!dev) return undefined;
  const prefix = prefixOf(dev);
  return prefix ? BUS_OF_PREFIX[prefix] : undefined;
}

/** Splits `vdab12` into prefix `vd`, letters `ab`, partition digits `12` (virDiskNameParse). */
export function parseTargetName(dev: string): { prefix: string; letters: string; digits: string } | undefined {
  const m = TARGET_NAME.exec(dev);
  return m ? { prefix: m[1], letters: m[2], digits: m[3] } : undefined;
}

/** libvirt's virDiskNameToIndex on the letters of a name: `a` → 0, `z` → 25, `aa` → 26; -1 when they are not lowercase letters. */
export function letterIndex(letters: string): number {
  if (letters.length === 0) return -1;
  let idx = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    if (c < 97 || c > 122) return -1;
    idx = idx * 26 + (c - 96);
  }
  return idx - 1;
}

/** The index of a whole name with a given prefix (`sdc` with `sd` → 2), or undefined. */
export function nameIndex(dev: string, prefix: string): number | undefined {
  if (!dev.startsWith(prefix)) return undefined;
  const idx = letterIndex(dev.slice(prefix.length));
  return idx < 0 ? undefined : idx;
}

/** 0 → a, 25 → z, 26 → aa: the inverse of letterIndex (virIndexToDiskName). */
export function diskLetters(index: number): string {
  let s = '';
  let i = index;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

/** Names up to `zzz` (18,278 a prefix): more than any domain has disks. */
const NAME_LIMIT = 18278;

/**
 * The target names a domain uses, and the free ones in order for each prefix. Built once per
 * model version and extended on demand, so that fixes for thousands of findings, and completion
 * in a domain with thousands of disks, stay linear overall.
 */
export class TargetNames {
  private readonly free = new Map<string, string[]>();
  /** Where the search for more free names of a prefix goes on. */
  private readonly next = new Map<string, number>();

  constructor(
    /** How many disks use each name. */
    private readonly counts: ReadonlyMap<string, number>,
  ) {}

  /** The n-th (0-based) name with the prefix that no disk uses. */
  nthFree(prefix: string, n: number): string {
    let list = this.free.get(prefix);
    if (!list) this.free.set(prefix, (list = []));
    let i = this.next.get(prefix) ?? 0;
    while (list.length <= n && i < NAME_LIMIT) {
      const name = prefix + diskLetters(i++);
      if (!this.counts.has(name)) list.push(name);
    }
    this.next.set(prefix, i);
    return list[Math.min(n, list.length - 1)] ?? prefix + diskLetters(NAME_LIMIT);
  }

  /** The first free name with the prefix that is not in `taken` (names a fix hands out itself). */
  firstFreeExcept(prefix: string, taken: ReadonlySet<string>): string {
    for (let n = 0; ; n++) {
      const name = this.nthFree(prefix, n);
      if (!taken.has(name) || n >= NAME_LIMIT) return name;
    }
  }

  /**
   * The name to suggest for a disk that currently has `own`: its own name when that is unique
   * and comes before the first free one (keeping it changes nothing), else the first free name.
   */
  suggestFor(prefix: string, own: string | undefined): string {
    const first = this.nthFree(prefix, 0);
    if (own !== undefined && this.counts.get(own) === 1) {
      const idx = nameIndex(own, prefix);
      if (idx !== undefined && diskLetters(idx) === own.slice(prefix.length) && idx < (nameIndex(first, prefix) ?? 0)) return own;
    }
    return first;
  }

  /** Whether some disk uses the name. */
  has(name: string): boolean {
    return this.counts.has(name);
  }
}
