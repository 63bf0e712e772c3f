/** libvirt's verdict on a document from one throwaway (or read-only) connection. */
export interface LibvirtVerdict {
  /**
   * `test` (libvirt's generic parser), `qemu` (the QEMU driver's checks, embedded) or
   * `connection` (the driver of a given URI, without defining anything).
   */
  driver: 'test' | 'qemu' | 'connection';
  /** The connection URI of a `connection` verdict. */
  uri?: string;
  ok: boolean;
  /** libvirt's error messages (empty when ok or skipped). */
  messages: string[];
  /** Why this driver was not run (e.g. not installed). */
  skipped?: string;
}

/** Diagnostic code and source of libvirt's own verdicts. */
export const LIBVIRT_RULE_ID = 'libvirt';
