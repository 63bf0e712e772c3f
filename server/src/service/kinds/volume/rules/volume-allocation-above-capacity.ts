import type { Rule } from '../../../rule';
import { describeSize } from '../../storage/sizes';
import type { VolumeModel } from '../model';

export const volumeAllocationAboveCapacity: Rule<VolumeModel> = {
  id: 'volume-allocation-above-capacity',
  title: "A volume's <allocation> above its <capacity>",
  defaultSeverity: 'warning',
  subjects: ['volume/allocation', 'volume/capacity'],
  docs: `\`<allocation>\` is how much of the volume to allocate now, \`<capacity>\` how large it is: an allocation
below the capacity asks for a sparse volume, none at all for a fully allocated one. libvirt does not
refuse an allocation above the capacity, nor does it clamp it: a raw file is first cut to the capacity
and then allocated up to the allocation, so it ends up larger than asked, with the extra bytes visible
to the guest; a logical pool creates a snapshot volume. It is almost always a swapped pair or a unit
mix-up (\`<capacity unit='G'>10</capacity>\` with \`<allocation>20</allocation>\` is fine; with
\`<allocation unit='T'>1</allocation>\` it is not).

Fix (not applied automatically): make the allocation equal to the capacity (a fully allocated volume).

Sources: libvirt \`src/storage/storage_util.c\` (\`createRawFile\`: ftruncate to the capacity, then
fallocate of the allocation), \`src/storage/storage_backend_logical.c\` (\`virStorageBackendLogicalLVCreate\`);
formatstorage ("Storage volume general metadata": \`allocation\`).`,
  check(ctx) {
    const { capacity, allocation } = ctx.model;
    if (capacity?.bytes === undefined || allocation?.bytes === undefined || allocation.bytes <= capacity.bytes) return [];
    return [
      {
        ruleId: this.id,
        span: allocation.el.nameSpan,
        message: `<allocation> (${describeSize(allocation)}) is larger than <capacity> (${describeSize(capacity)}) of ${ctx.model.label}: libvirt neither refuses nor clamps it, and a raw file grows beyond its capacity.`,
      },
    ];
  },
  fix(finding, ctx) {
    const { capacity, allocation } = ctx.model;
    if (!capacity || !allocation?.el.endTag || capacity.bytes === undefined) return [];
    const a = allocation.el;
    const unitAttr = a.attr('unit');
    const edits = [{ ...a.contentSpan, newText: capacity.text }];
    const unit = capacity.unit ?? 'bytes';
    if (unitAttr) edits.push({ ...unitAttr.valueSpan, newText: unit });
    else if (capacity.unit !== undefined) edits.push({ start: a.nameSpan.end, end: a.nameSpan.end, newText: ` unit=${capacity.el.attr('unit')?.quote || "'"}${unit}${capacity.el.attr('unit')?.quote || "'"}` });
    return [{ title: `Allocate the whole capacity (${describeSize(capacity)})`, edits, safe: false }];
  },
};
