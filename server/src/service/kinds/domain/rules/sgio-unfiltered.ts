import { diskRule } from './common/diskRule';
import { replaceAttrValue } from '../../../edits';
import { removeAttrFix } from './common/fixes';


export const sgioUnfiltered = diskRule({
  id: 'sgio-unfiltered',
  title: "sgio='unfiltered' is no longer supported",
  defaultSeverity: 'error',
  subjects: ['devices/disk@sgio'],
  docs: `\`sgio='unfiltered'\` used to let a guest send any SCSI command to a pass-through LUN by clearing the
host kernel's SG_IO command filter for the device (which required \`<shareable/>\` coordination between
guests). It relied on a kernel interface (\`unpriv_sgio\`) that upstream Linux never merged, and current
libvirt refuses it at define time with "unfiltered sgio is no longer supported" (checked in
\`virDomainDiskDefValidate\` of libvirt's \`src/conf/domain_validate.c\`). The catalogue's older claim that
unfiltered needs shareable is therefore moot: the value is rejected outright.

Fix: set \`sgio='filtered'\` (the default) or remove the attribute. For commands the filter blocks, use
\`rawio='yes'\` knowingly (see \`rawio-process-wide\`). Not applied automatically: the guest may rely on
commands that the filter blocks.

Sources: libvirt \`src/conf/domain_validate.c\` (message above); libvirt formatdomain (\`sgio\`).`,
  checkDisk(disk, ctx, out) {
    const a = disk.el.attr('sgio');
    if (a?.value !== 'unfiltered') return;
    out.push({ ruleId: this.id, span: a.span, message: "unfiltered sgio is no longer supported: <disk sgio='unfiltered'> is refused by current libvirt; use sgio='filtered'." });
  },
  fix(finding, ctx) {
    const disk = ctx.model.diskAt(finding.span);
    const a = disk?.el.attr('sgio');
    if (!disk || !a) return [];
    return [{ title: "Set sgio='filtered'", edits: [replaceAttrValue(a, 'filtered')], safe: false }, removeAttrFix(a, 'disk', ctx.text, false)];
  },
});
