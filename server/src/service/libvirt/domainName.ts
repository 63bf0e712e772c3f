import { parseXml, type XmlDocument } from '../parse/parseXml';

/** Root elements of the documents that `virsh define`, `net-define` and `pool-define` take. */
const DEFINED_ROOTS = new Set(['domain', 'network', 'pool']);

/**
 * The root element of a document and, for a `<domain>`, `<network>` or `<pool>`, its
 * `<name>`: `define` / `net-define` / `pool-define` create or replace the object of that
 * name. Parses `text` itself when no parse is given, whatever its size: the name decides
 * which libvirt object a save replaces, so it is read even where linting stops. Independent
 * of the document kinds the service knows.
 */
export function definedObjectOf(text: string, xml?: XmlDocument | null): { root: string | undefined; name: string | undefined } {
  const doc = xml ?? parseXml(text);
  const root = doc.root?.name;
  const name = root !== undefined && DEFINED_ROOTS.has(root) ? doc.root!.child('name')?.textContent() : undefined;
  return { root, name };
}

/**
 * The `<name>` a domain document defines, or undefined when the root is not `<domain>` or it
 * has no `<name>`.
 */
export function domainNameOf(text: string, xml?: XmlDocument | null): string | undefined {
  const { root, name } = definedObjectOf(text, xml);
  return root === 'domain' ? name : undefined;
}
