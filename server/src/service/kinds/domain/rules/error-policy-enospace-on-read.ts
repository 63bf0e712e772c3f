import { diskRule } from './common/diskRule';
import { replaceAttrValue, setAttr } from '../../../edits';


export const errorPolicyEnospaceOnRead = diskRule({
  id: 'error-policy-enospace-on-read',
  title: "'enospace' is a write-error policy only",
  defaultSeverity: 'info',
  subjects: ['disk/driver@error_policy', 'disk/driver@rerror_policy'],
  docs: `\`<driver error_policy>\` says what QEMU does when a write fails, \`rerror_policy\` when a read fails.
\`enospace\` (pause the guest when the host runs out of space, report other errors) exists only for
writes: QEMU's \`rerror\` has no such value and libvirt's schema does not allow \`rerror_policy='enospace'\`
(error).
With only \`error_policy='enospace'\`, libvirt does not copy the policy to reads, so read errors keep
QEMU's default (\`report\`) — worth writing explicitly (info).

Fix: write \`rerror_policy='report'\` (or \`stop\`). Error policies change no hardware and no data.

Sources: libvirt formatdomain (\`error_policy\`, \`rerror_policy\`: enospace is not valid for reads);
libvirt \`src/conf/schemas/domaincommon.rng\` (\`rerror_policy\` allows stop, report, ignore); QEMU
\`qemu-options.hx\` (\`werror\` default enospc, \`rerror\` default report).`,
  checkDisk(disk, ctx, out) {
    const r = disk.driverAttr('rerror_policy');
    const w = disk.driverAttr('error_policy');
    if (r?.value === 'enospace') {
      out.push({
        ruleId: this.id,
        span: r.span,
        severity: 'error',
        message: "<driver rerror_policy='enospace'> is not a read-error policy: libvirt's schema allows only 'stop', 'report' and 'ignore' for reads, and QEMU's rerror has no enospc.",
      });
    } else if (!r && w?.value === 'enospace') {
      out.push({
        ruleId: this.id,
        span: w.span,
        message: "<driver error_policy='enospace'> applies to write errors only; read errors keep the default 'report'. Write rerror_policy explicitly.",
      });
    }
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const driver = disk?.driver;
    if (!disk || !driver) return [];
    const r = driver.attr('rerror_policy');
    const edit = (v: string) => (r ? replaceAttrValue(r, v) : setAttr(driver, 'rerror_policy', v, ctx.text, ['name', 'type', 'cache', 'error_policy']));
    return [
      { title: "Set <driver rerror_policy='report'>", edits: [edit('report')], safe: true },
      { title: "Set <driver rerror_policy='stop'>", edits: [edit('stop')], safe: false },
    ];
  },
});
