import { SCSI_CONTROLLER_UNIT } from '../model/driveAddress';
import { diskRule, qemuOnly } from './common/diskRule';
import { setAttr } from '../../../edits';
import type { Disk } from '../model/disk';
import { parseIntAttr } from '../model/disk';
import type { OffsetEdit } from '../../../types';


/** QEMU's virtio-scsi bus limits (include/hw/virtio/virtio-scsi.h). */
const MAX_CHANNEL = 0;
const MAX_TARGET = 255;
const MAX_LUN = 16383;
/** libvirt's schema allows a drive address `target` of at most two digits (`driveTarget`): stricter than QEMU. */
const SCHEMA_MAX_TARGET = 99;

interface Payload {
  field: 'bus' | 'target' | 'unit';
}

/** libvirt passes a drive address to QEMU as channel=bus, scsi-id=target, lun=unit. */
const LIMITS: { field: Payload['field']; max: number; error: string; what: string; schemaMax?: number }[] = [
  { field: 'bus', max: MAX_CHANNEL, error: 'bad scsi channel id', what: 'channel' },
  { field: 'target', max: MAX_TARGET, error: 'bad scsi device id', what: 'SCSI target id', schemaMax: SCHEMA_MAX_TARGET },
  { field: 'unit', max: MAX_LUN, error: 'bad scsi device lun', what: 'LUN' },
];

/** Units on (controller, bus 0, target 0) that other disks use. */
function usedUnits(disks: readonly Disk[], self: Disk, controller: number): Set<number> {
  const used = new Set<number>();
  for (const d of disks) {
    const a = d.address;
    if (d === self || d.bus !== 'scsi' || !a || a.attrValue('type') !== 'drive') continue;
    if (d.driveController !== controller) continue;
    if ((parseIntAttr(a.attrValue('bus')) ?? 0) !== 0 || (parseIntAttr(a.attrValue('target')) ?? 0) !== 0) continue;
    const u = parseIntAttr(a.attrValue('unit'));
    if (u !== undefined) used.add(u);
  }
  return used;
}

export const virtioScsiAddressRange = diskRule({
  id: 'virtio-scsi-address-range',
  title: 'A drive address on a virtio-scsi controller is out of range',
  defaultSeverity: 'error',
  subjects: ['disk/address', 'disk/address@target', 'disk/address@unit'],
  docs: `For a disk on a virtio-scsi controller, libvirt turns \`<address type='drive' controller bus
target unit>\` into QEMU's \`channel\` (= \`bus\`), \`scsi-id\` (= \`target\`) and \`lun\` (= \`unit\`). QEMU's
virtio-scsi bus has a single channel 0, targets 0–255 and LUNs 0–16383; a device outside that range
is refused when the domain starts, with "bad scsi channel id", "bad scsi device id" or "bad scsi
device lun".

The rule checks disks whose controller is written as virtio-scsi (other SCSI models have other
limits). Values that are not numbers are left to libvirt's own parser. libvirt's schema is stricter
still for \`target\` (at most two digits, so 99): the rule reports the strictest limit that holds,
once, and the schema check does not repeat it (for \`unit\`, QEMU's 16383 is stricter than the
schema's five digits).

Fix: move the disk to bus 0, target 0 and the first unit no other disk of that controller uses.
The guest sees the disk at a new SCSI address, so the fix is never applied automatically.

Sources: QEMU \`include/hw/virtio/virtio-scsi.h\` (\`VIRTIO_SCSI_MAX_CHANNEL\` 0, \`VIRTIO_SCSI_MAX_TARGET\`
255, \`VIRTIO_SCSI_MAX_LUN\` 16383), used as the bus limits in \`hw/scsi/virtio-scsi.c\`; QEMU
\`hw/scsi/scsi-bus.c\` (\`scsi_bus_check_address\`: the three errors above); libvirt \`src/qemu/qemu_command.c\`
(drive address to \`channel\`/\`scsi-id\`/\`lun\`); libvirt \`domaincommon.rng\` (\`driveTarget\`,
\`driveUnit\`); libvirt formatdomain, *Device Addresses*.`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const addr = disk.address;
    if (!addr || disk.addressType !== 'drive' || !ctx.model.isOnVirtioScsi(disk)) return;
    for (const { field, max, error, what, schemaMax } of LIMITS) {
      const a = addr.attr(field);
      const v = parseIntAttr(a?.value);
      if (!a || v === undefined || v <= Math.min(max, schemaMax ?? max)) continue;
      const payload: Payload = { field };
      const message =
        v > max
          ? `${error}: ${v} — <address ${field}='${a.value}'> is the ${what} of a disk on a virtio-scsi controller, whose largest ${what} is ${max}${schemaMax !== undefined ? ` (libvirt's schema allows at most ${schemaMax})` : ''}.`
          : `<address ${field}='${a.value}'> is more than libvirt's schema allows for the ${what} of a drive address (at most ${schemaMax}), although QEMU's virtio-scsi goes up to ${max}.`;
      out.push({ ruleId: this.id, span: a.span, payload, message });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const addr = disk?.address;
    if (!disk || !addr) return [];
    const used = usedUnits(ctx.model.disks, disk, disk.driveController);
    let unit = 0;
    while (used.has(unit) || unit === SCSI_CONTROLLER_UNIT) unit++;
    const edits: OffsetEdit[] = [];
    const want: Record<string, string> = { bus: '0', target: '0', unit: String(unit) };
    for (const [name, value] of Object.entries(want)) {
      const a = addr.attr(name);
      // A missing attribute means 0 to libvirt.
      if (a ? a.value !== value : value !== '0') edits.push(setAttr(addr, name, value, ctx.text));
    }
    if (!edits.length) return [];
    return [{ title: `Move the disk to <address bus='0' target='0' unit='${unit}'> (guest-visible)`, edits, safe: false }];
  },
});
