/**
 * libvirt's `<driver cache>` modes as QEMU sets them up (qemu-options.hx, `-drive cache=`):
 * whether the host page cache is bypassed (`cache.direct`), whether the guest sees a volatile
 * write cache it must flush (`cache.writeback`), and whether flushes are dropped
 * (`cache.no-flush`). Rules, hover, completion and fixes take their cache facts from here.
 */
export interface CacheMode {
  /** O_DIRECT: no copy of the disk's blocks in the host page cache. */
  readonly direct: boolean;
  /** The guest sees a volatile write cache; data is durable only after it flushes. */
  readonly writeback: boolean;
  /** The guest's flush requests are ignored. */
  readonly noFlush: boolean;
}

const mode = (direct: boolean, writeback: boolean, noFlush = false): CacheMode => ({ direct, writeback, noFlush });

/** QEMU's default when no cache mode is written (and what `default` means for QEMU). */
const QEMU_DEFAULT = mode(false, true);

export const CACHE_MODES: Readonly<Record<string, CacheMode>> = {
  none: mode(true, true),
  directsync: mode(true, false),
  writethrough: mode(false, false),
  writeback: QEMU_DEFAULT,
  default: QEMU_DEFAULT,
  unsafe: mode(false, true, true),
};

/** The behaviour of a written mode, or of QEMU's default when none is written; undefined for an unknown word. */
export function cacheMode(written: string | undefined): CacheMode | undefined {
  return written === undefined ? QEMU_DEFAULT : CACHE_MODES[written];
}

/**
 * `none` or `directsync`: what io='native', vhost-vdpa, SCSI pass-through, shared disks and
 * libvirt's migration safety check need. A missing mode is QEMU's default writeback, not direct.
 */
export function isDirectCache(written: string | undefined): boolean {
  return cacheMode(written)?.direct === true;
}

/** The direct modes, for messages and fixes: `none` first (the usual choice). */
export const DIRECT_CACHE_MODES: readonly string[] = Object.keys(CACHE_MODES).filter((m) => CACHE_MODES[m].direct);
