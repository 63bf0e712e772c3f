import type { DomainRule } from './common/diskRule';
import { insertElement, removeElement, setAttr } from '../../../edits';
import type { Disk } from '../model/disk';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding, FixProposal } from '../../../types';
import { DRIVE_ADDRESS_BUSES, driveKey, explicitDriveAddress, formatDriveAddress } from '../model/driveAddress';
import { targetDevSpan } from './common/spans';



export const duplicateDriveAddress: DomainRule = {
  id: 'duplicate-drive-address',
  title: 'Two devices cannot share a drive address',
  defaultSeverity: 'error',
  subjects: ['disk/address', 'disk/address@target', 'disk/address@unit', 'disk/address@bus'],
  docs: `Disks on a controller bus (\`scsi\`, \`ide\`, \`sata\`, \`fdc\`) and SCSI \`<hostdev>\`s occupy a drive address
(controller, bus, target, unit). Two devices at the same address cannot both be attached, and libvirt
refuses the domain with "Found duplicate drive address for disk with target name '…' controller='…'
bus='…' target='…' unit='…'" (two disks), "using disk target name '…' conflicts with SCSI host device
address …" (disk and hostdev) or "SCSI host address … in use by another SCSI host device".

A disk without \`<address>\` gets the address libvirt derives from its target name (SCSI: 7 units per
controller, so \`sdb\` is unit 1 of controller 0; IDE: 2 buses of 2 units; SATA: 6 units), so an
explicit address can clash with an implicit one. All addresses go into one map: linear time.

Fix: move the later device to the first free unit, or remove its \`<address>\` so that libvirt assigns
one. Both change where the guest sees the disk, so neither is automatic.

Sources: libvirt \`src/conf/domain_validate.c\` (duplicate drive address checks); libvirt
\`src/conf/domain_conf.c\` (\`virDomainDiskDefAssignAddress\`); libvirt tests \`disk-address-conflict\`,
\`disk-hostdev-scsi-address-conflict\`, \`hostdevs-drive-address-conflict\`.`,
  check(ctx) {
    const out: Finding[] = [];
    const byKey = new Map<string, Disk>();
    for (const disk of ctx.model.disks) {
      const bus = disk.bus;
      if (!bus || !DRIVE_ADDRESS_BUSES.has(bus)) continue;
      const addr = disk.driveAddress;
      if (!addr) continue;
      const key = driveKey(bus, addr);
      const first = byKey.get(key);
      if (!first) {
        byKey.set(key, disk);
        continue;
      }
      out.push({
        ruleId: this.id,
        span: disk.address?.nameSpan ?? targetDevSpan(disk),
        message: `Found duplicate drive address for disk with target name '${first.targetDev}' ${formatDriveAddress(addr)}: <disk> '${disk.targetDev}' uses the same address.`,
      });
    }
    const hostdevKeys = new Set<string>();
    for (const h of ctx.model.scsiHostdevs()) {
      const addrEl = h.children.find((c) => c.name === 'address');
      const addr = explicitDriveAddress(addrEl);
      if (!addr || !addrEl) continue;
      const key = driveKey('scsi', addr);
      if (hostdevKeys.has(key)) {
        out.push({ ruleId: this.id, span: addrEl.nameSpan, message: `SCSI host address ${formatDriveAddress(addr)} in use by another SCSI host device: each <hostdev type='scsi'> needs its own drive address.` });
        continue;
      }
      hostdevKeys.add(key);
      const disk = byKey.get(key);
      if (disk) {
        out.push({
          ruleId: this.id,
          span: disk.address?.nameSpan ?? targetDevSpan(disk),
          message: `using disk target name '${disk.targetDev}' conflicts with SCSI host device address ${formatDriveAddress(addr)}: the <disk> and the <hostdev> occupy the same drive address.`,
        });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const addrEl: XElement | undefined = disk?.address ?? ctx.model.devices?.children.find((h) => h.name === 'hostdev' && h.start <= finding.span.start && finding.span.end <= h.end)?.child('address');
    const implicit = disk && !disk.address ? disk.driveAddress : undefined;
    if (!implicit && (!addrEl || addrEl.attrValue('type') !== 'drive')) return [];
    const addr = implicit ?? explicitDriveAddress(addrEl)!;
    const busName = disk?.bus ?? 'scsi';
    const used = ctx.model.usedDriveKeys();
    const fixes: FixProposal[] = [];
    const max = busName === 'scsi' ? 7 : busName === 'sata' ? 6 : 2;
    for (let u = 0; u < max; u++) {
      const cand = { ...addr, unit: u };
      if (!used.has(driveKey(busName, cand))) {
        if (implicit && disk) {
          // No <address> written: pin the disk to a free unit explicitly.
          const q = disk.el.attrs.find((a) => a.quote)?.quote ?? "'";
          const markup = `<address type=${q}drive${q} controller=${q}${cand.controller}${q} bus=${q}${cand.bus}${q} target=${q}${cand.target}${q} unit=${q}${u}${q}/>`;
          fixes.push({ title: `Give the disk the free address unit='${u}' (guest-visible)`, edits: [insertElement(disk.el, markup, ctx.text)], safe: false });
        } else if (addrEl) {
          fixes.push({ title: `Move to unit='${u}' (guest-visible)`, edits: [setAttr(addrEl, 'unit', String(u), ctx.text)], safe: false });
        }
        break;
      }
    }
    if (addrEl) fixes.push({ title: 'Remove <address> (libvirt assigns a free one)', edits: [removeElement(addrEl, ctx.text)], safe: false });
    return fixes;
  },
};
