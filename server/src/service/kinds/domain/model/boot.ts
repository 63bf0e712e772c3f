/** `<os><boot dev>` values libvirt knows (src/conf/domain_conf.c, the virDomainBoot enum). */
export const BOOT_DEVS: readonly string[] = ['hd', 'cdrom', 'network', 'fd'];

/** Words people write for a boot device, and the value libvirt spells it with. */
export const BOOT_DEV_SPELLINGS: Readonly<Record<string, string>> = {
  disk: 'hd', hdd: 'hd', harddisk: 'hd', 'hard-disk': 'hd', cd: 'cdrom', dvd: 'cdrom', 'cd-rom': 'cdrom', iso: 'cdrom',
  net: 'network', pxe: 'network', nic: 'network', floppy: 'fd', fda: 'fd',
};
