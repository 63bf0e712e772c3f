import { applyEdits } from '../edits';
import { parseXml } from '../parse/parseXml';

/**
 * The document with the root `<domain type='kvm'>` as `type='qemu'` (a span edit of that
 * value only; anything else is returned as is). Without /dev/kvm libvirt's QEMU driver
 * rejects type='kvm' for a reason of the host, not of the document, so its other checks are
 * run on the TCG variant.
 */
export function asQemuType(text: string): string {
  const root = parseXml(text).root;
  const type = root?.name === 'domain' ? root.attr('type') : undefined;
  if (!type || type.value !== 'kvm') return text;
  return applyEdits(text, [{ ...type.valueSpan, newText: 'qemu' }]);
}
