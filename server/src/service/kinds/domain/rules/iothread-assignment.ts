import { diskRule, qemuOnly } from './common/diskRule';
import { insertElement, removeAttr, setAttr } from '../../../edits';
import type { FixProposal } from '../../../types';
import { raiseIothreadsFix, removeAttrFix } from './common/fixes';


export const iothreadAssignment = diskRule({
  id: 'iothread-assignment',
  title: "A disk's iothread must exist and the disk must be virtio",
  defaultSeverity: 'error',
  subjects: ['disk/driver@iothread', 'controller/driver@iothread', 'domain/iothreads', 'disk/target@bus'],
  docs: `\`<driver iothread='N'>\` runs a virtio-blk disk's I/O in IOThread N. Only virtio-blk disks have that
option; libvirt refuses it elsewhere with "IOThreads not available for bus scsi target sda" — a SCSI
disk gets its IOThread from its virtio-scsi \`<controller><driver iothread='N'/>\`. N must be an
IOThread of the domain: one of \`<iothreadids>\`, or 1..\`<iothreads>\` when no ids are listed;
otherwise libvirt reports "Disk iothread 'N' not defined in iothreadid".

Fix: for a non-virtio disk, remove the attribute (safe: the domain cannot start with it) and set the
IOThread on the controller; for an undefined IOThread, raise \`<iothreads>\` (safe: host threads only).

Sources: libvirt \`src/qemu/qemu_validate.c\` (\`qemuValidateDomainDeviceDefDiskIOThreads\`); libvirt
formatdomain "IOThreads Allocation" and "Controllers" (virtio-scsi \`iothread\`).`,
  appliesTo: qemuOnly,
  checkDisk(disk, ctx, out) {
    const a = disk.driverAttr('iothread');
    if (!a) return;
    const bus = disk.bus;
    if (bus && bus !== 'virtio') {
      out.push({ ruleId: this.id, span: a.span, message: `IOThreads not available for bus ${bus} target ${disk.plainLabel}: <driver iothread> works on virtio disks only; set it on the virtio-scsi <controller><driver> instead.` });
      return;
    }
    const ids = ctx.model.iothreadIds();
    const n = Number(a.value);
    if (!ids.has(n)) {
      out.push({ ruleId: this.id, span: a.span, message: `Disk iothread '${a.value}' not defined in iothreadid: the domain has ${ids.count} IOThread(s); raise <iothreads> or list the id in <iothreadids>.`, payload: { wanted: n, explicit: ids.explicit } });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const a = disk?.driverAttr('iothread');
    if (!disk || !a) return [];
    const p = finding.payload as { wanted?: number; explicit?: boolean } | undefined;
    const fixes: FixProposal[] = [];
    if (p?.wanted !== undefined && Number.isInteger(p.wanted) && p.wanted > 0 && !p.explicit) {
      const raise = raiseIothreadsFix(ctx.model, p.wanted, ctx.text);
      if (raise) fixes.push(raise);
    }
    fixes.push(removeAttrFix(a, 'driver', ctx.text, !p || p.wanted === undefined));
    // A SCSI disk runs in its virtio-scsi controller's IOThread: offer to move the setting there.
    if (disk.bus === 'scsi') {
      const ctrl = ctx.model.controller('scsi', disk.driveAddress?.controller ?? 0)?.el;
      if (ctrl && ctx.model.controller('scsi', disk.driveAddress?.controller ?? 0)?.isVirtioScsi) {
        const drv = ctrl.child('driver');
        const q = a.quote || "'";
        const edit = drv ? setAttr(drv, 'iothread', a.value, ctx.text) : insertElement(ctrl, `<driver iothread=${q}${a.value}${q}/>`, ctx.text);
        fixes.push({ title: `Move iothread='${a.value}' to the virtio-scsi controller (all its disks use it)`, edits: [removeAttr(a, ctx.text), edit], safe: false });
      }
    }
    return fixes;
  },
});
