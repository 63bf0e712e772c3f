import { replaceAttrValue } from '../../../../edits';
import type { XAttr } from '../../../../parse/xmlTree';
import type { CatalogKind, ObjectCatalog } from '../../../../catalog/catalog';
import type { Finding, FixProposal } from '../../../../types';

/** How many known names a message lists and fixes offer. */
const MAX_NAMES = 5;

/** The known names of a kind, or undefined when the host knows none (then nothing is checked). */
export function knownNames(catalog: ObjectCatalog | undefined, kind: CatalogKind): ReadonlyMap<string, string> | undefined {
  const names = catalog?.[kind];
  return names && names.size > 0 ? names : undefined;
}

/** "known: 'a', 'b' and 3 more" */
export function listNames(names: ReadonlyMap<string, string>): string {
  const all = [...names.keys()].sort();
  const shown = all.slice(0, MAX_NAMES).map((n) => `'${n}'`).join(', ');
  return all.length > MAX_NAMES ? `${shown} and ${all.length - MAX_NAMES} more` : shown;
}

/** A finding on a reference that names no known object, with the known names in its payload for the fixes. */
export function unknownReference(ruleId: string, attr: XAttr, names: ReadonlyMap<string, string>, message: string): Finding {
  return { ruleId, span: attr.span, message, payload: { names: [...names.keys()].sort().slice(0, MAX_NAMES) } };
}

/** Fixes that point the reference at one of the known names (guest-visible: never automatic). */
export function renameReferenceFixes(finding: Finding, attr: XAttr | undefined, what: string): FixProposal[] {
  const names = (finding.payload as { names?: unknown } | undefined)?.names;
  if (!attr || !Array.isArray(names)) return [];
  return names.filter((n): n is string => typeof n === 'string' && n !== attr.value).map((n) => ({ title: `Use ${what} '${n}'`, edits: [replaceAttrValue(attr, n)], safe: false }));
}
