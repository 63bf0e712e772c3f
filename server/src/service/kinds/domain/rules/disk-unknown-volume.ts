import { diskRule } from './common/diskRule';
import { knownNames, listNames, renameReferenceFixes, unknownReference } from './common/catalogRef';

export const diskUnknownVolume = diskRule({
  id: 'disk-unknown-volume',
  title: 'A volume disk names a storage pool or volume that no file defines',
  defaultSeverity: 'info',
  subjects: ['disk/source@pool', 'disk/source@volume', 'devices/disk@type=volume'],
  docs: `A \`<disk type='volume'>\` takes its image from \`<source pool='P' volume='V'/>\`: volume V of the libvirt
storage pool P. libvirt resolves both when the guest starts, and fails with "Storage pool not found: no
storage pool with matching name 'P'" or "Storage volume not found: no storage vol with matching name
'V'"; \`virsh define\` accepts any names.

When storage pool files (root \`<pool>\`) are in the workspace, open in the editor or given on the same
command line, the pool is checked against their \`<name>\`s; when volume files (root \`<volume>\`) are
known, the volume is checked against theirs (a volume file does not say which pool it goes to, so any
known volume of that name counts). Objects that exist on the host but in no file are not seen: this is
information, and nothing is checked for a kind of which no file is known.

Fix: use one of the known pools or volumes (guest-visible, never automatic).

Sources: libvirt \`src/conf/virstorageobj.c\` (\`virStoragePoolObjFindByName\`), \`src/storage/storage_driver.c\`
(\`storageVolLookupByName\`: "no storage vol with matching name '%s'"); libvirt formatdomain ("Hard
drives, floppy disks, CDROMs": \`source\` of \`type='volume'\`).`,
  checkDisk(disk, ctx, out) {
    if (disk.type !== 'volume') return;
    const source = disk.source;
    const pool = source?.attr('pool');
    const volume = source?.attr('volume');
    const pools = knownNames(ctx.settings.catalog, 'pool');
    if (pool && pools && pool.value.trim() && !pools.has(pool.value.trim())) {
      out.push(unknownReference(this.id, pool, pools, `no storage pool with matching name '${pool.value.trim()}': no pool file defines it (known: ${listNames(pools)}); the guest would not start unless the host has it.`));
      return;
    }
    const volumes = knownNames(ctx.settings.catalog, 'volume');
    if (volume && volumes && volume.value.trim() && !volumes.has(volume.value.trim())) {
      out.push(unknownReference(this.id, volume, volumes, `no storage vol with matching name '${volume.value.trim()}': no volume file defines it (known: ${listNames(volumes)}); the guest would not start unless the pool has it.`));
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const source = disk?.source;
    const attr = [source?.attr('pool'), source?.attr('volume')].find((a) => a && a.span.start === finding.span.start && a.span.end === finding.span.end);
    return renameReferenceFixes(finding, attr, attr?.name === 'pool' ? 'storage pool' : 'volume');
  },
});
