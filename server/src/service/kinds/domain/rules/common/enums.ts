import type { XElement } from '../../../../parse/xmlTree';
import type { Finding } from '../../../../types';

/**
 * libvirt's parser on an enumerated attribute with a value it does not know (src/util/virxml.c
 * virXMLPropEnum): "Invalid value for attribute 'A' in element 'E': 'V'.", at the value.
 */
export function enumFinding(ruleId: string, el: XElement | undefined, attr: string, values: readonly string[], hint?: (value: string) => string | undefined): Finding | undefined {
  const a = el?.attr(attr);
  if (!el || !a || values.includes(a.value)) return undefined;
  const more = hint?.(a.value);
  return { ruleId, span: a.valueSpan, message: `Invalid value for attribute '${attr}' in element '${el.name}': '${a.value}'. <${el.name} ${attr}> is one of ${values.join(', ')}${more ? ` (${more})` : ''}.` };
}
