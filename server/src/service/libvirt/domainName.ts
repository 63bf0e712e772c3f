import { parseXml, type XmlDocument } from '../parse/parseXml';

/**
 * The `<name>` a domain document defines, or undefined when the root is not `<domain>` or it
 * has no `<name>`. Parses `text` itself when no parse is given, whatever its size: the name
 * decides which libvirt domain a save replaces, so it is read even where linting stops.
 */
export function domainNameOf(text: string, xml?: XmlDocument | null): string | undefined {
  const doc = xml ?? parseXml(text);
  const name = doc.root?.name === 'domain' ? doc.root.child('name') : undefined;
  return name?.textContent();
}
