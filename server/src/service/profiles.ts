/**
 * Deployment profiles: what a user tells the linter about how the guests are run, so that
 * advisories that only matter there are turned on or made stricter. This list feeds the CLI's
 * `--profile`, the `libvirt.profiles` setting in package.json (scripts/gen-manifest.mjs), the
 * rule reference and the tests; rules name profiles only through these constants.
 */
export interface Profile {
  readonly id: string;
  /** One sentence for the setting's enumDescriptions and `--help`. */
  readonly description: string;
}

export const PROFILE_INFOSCALE = 'infoscale';
export const PROFILE_MIGRATION = 'migration';
export const PROFILE_FLUSH_UNAWARE = 'flush-unaware-guest';

export const allProfiles: readonly Profile[] = [
  {
    id: PROFILE_INFOSCALE,
    description: 'Apply the InfoScale guest-clustering advisories to every disk, not only to shared disks, LUNs and VxVM/DMP paths.',
  },
  {
    id: PROFILE_MIGRATION,
    description: 'Treat domains as live-migrated between hosts: cache modes and local storage that break migration are warnings.',
  },
  {
    id: PROFILE_FLUSH_UNAWARE,
    description: 'The guest OS does not flush volatile disk write caches: write-back caching is pointed out (crash consistency).',
  },
];

export function profileById(id: string): Profile | undefined {
  return allProfiles.find((p) => p.id === id);
}
