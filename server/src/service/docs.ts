/** Where a rule's documentation lives: an anchor in the repository's rule reference. */
export const DOCS_BASE = 'https://github.com/libvirt-xml/libvirt-xml/blob/main/docs/rules.md';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}#${ruleId}`;
}
