import type { Disk } from '../model/disk';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding } from '../../../types';
import { removeElementFix } from './common/fixes';
import type { DomainRule } from './common/diskRule';

const FAMILIES = ['bytes_sec', 'iops_sec', 'bytes_sec_max', 'iops_sec_max'];

function nonZero(el: XElement | undefined): boolean {
  if (!el) return false;
  const v = el.textContent();
  return v !== '' && !/^0+$/.test(v);
}

export const iotuneConflicts: DomainRule = {
  id: 'iotune-conflicts',
  title: 'I/O throttling limits that libvirt refuses together',
  defaultSeverity: 'error',
  subjects: ['disk/iotune'],
  docs: `\`<iotune>\` throttles a disk either by a total limit or by separate read and write limits — not both:
libvirt refuses e.g. \`total_bytes_sec\` with \`read_bytes_sec\` ("total and read/write bytes_sec cannot be
set at the same time"; the same for \`iops_sec\`, \`bytes_sec_max\`, \`iops_sec_max\`). A \`group_name\`
without any limit is refused ("group_name can be configured only together with settings"), a
\`*_max_length\` needs its \`*_max\` limit, and all disks of one throttle group must carry the same limits
("different iotunes for disks … and …"); the SD-card bus cannot be throttled (\`<iotune> is not
supported with bus='sd'\`). Zero means "no limit" and does not conflict.

Fix: keep either the total or the read/write limits (the rule offers both), remove a lone
\`group_name\`. Which limit was meant is the user's choice, so only the removal of a lone
\`group_name\` is applied automatically.

Sources: libvirt \`src/conf/domain_validate.c\` (total vs read/write checks); libvirt
\`src/qemu/qemu_validate.c\` (group_name, throttle groups); libvirt formatdomain (\`iotune\`).`,
  check(ctx) {
    const out: Finding[] = [];
    const groups = new Map<string, { disk: Disk; sig: string }>();
    for (const disk of ctx.model.disks) {
      const io = disk.el.child('iotune');
      if (!io) continue;
      const get = (n: string) => io.child(n);
      for (const fam of FAMILIES) {
        if (!nonZero(get(`total_${fam}`))) continue;
        for (const rw of ['read', 'write']) {
          const el = get(`${rw}_${fam}`);
          if (nonZero(el)) out.push({ ruleId: this.id, span: el!.nameSpan, message: `total and read/write ${fam} cannot be set at the same time: <${rw}_${fam}> conflicts with <total_${fam}>.`, payload: { fam } });
        }
      }
      const limits = io.children.filter((c) => c.name !== 'group_name' && nonZero(c));
      if (disk.bus === 'sd' && limits.length) out.push({ ruleId: this.id, span: io.nameSpan, message: "<iotune> is not supported with bus='sd': QEMU cannot throttle the SD-card device; remove <iotune>.", payload: { remove: 'self', safe: true } });
      const group = get('group_name');
      if (group && limits.length === 0) {
        out.push({ ruleId: this.id, span: group.nameSpan, message: 'group_name can be configured only together with settings: <iotune> has a <group_name> but no limit.', payload: { lone: true } });
      }
      for (const c of io.children) {
        const m = /^(.*_max)_length$/.exec(c.name);
        if (m && nonZero(c) && !nonZero(get(m[1]))) out.push({ ruleId: this.id, span: c.nameSpan, message: `<${c.name}> needs <${m[1]}>: the burst length applies only to a burst limit.`, payload: { remove: c.name, safe: true } });
      }
      if (group && limits.length) {
        const sig = limits.map((c) => `${c.name}=${c.textContent()}`).sort().join(',');
        const name = group.textContent();
        const first = groups.get(name);
        if (!first) groups.set(name, { disk, sig });
        else if (first.sig !== sig) out.push({ ruleId: this.id, span: group.nameSpan, message: `different iotunes for disks ${first.disk.plainLabel} and ${disk.plainLabel}: every disk of <group_name>${name}</group_name> must have the same limits.`, payload: { remove: 'group_name', safe: false } });
      }
    }
    return out;
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const io = disk?.el.child('iotune');
    if (!disk || !io) return [];
    const p = finding.payload as { fam?: string; lone?: boolean; remove?: string; safe?: boolean } | undefined;
    if (p?.remove) {
      const el = p.remove === 'self' ? io : io.child(p.remove);
      return el ? [removeElementFix(el, ctx.text, p.safe === true)] : [];
    }
    if (p?.lone) {
      const g = io.child('group_name');
      return g ? [removeElementFix(g, ctx.text, true)] : [];
    }
    if (!p?.fam) return [];
    const rw = ['read', 'write'].map((x) => io.child(`${x}_${p.fam}`)).filter((e): e is XElement => !!e);
    const total = io.child(`total_${p.fam}`);
    const fixes = [{ title: `Keep <total_${p.fam}>, remove the read/write limits`, edits: rw.map((e) => removeElementFix(e, ctx.text, false).edits[0]), safe: false }];
    if (total) fixes.push({ title: `Keep the read/write limits, remove <total_${p.fam}>`, edits: [removeElementFix(total, ctx.text, false).edits[0]], safe: false });
    return fixes;
  },
};
