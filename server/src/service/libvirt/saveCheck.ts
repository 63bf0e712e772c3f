import type { LanguageService } from '../languageService';
import type { LintDiagnostic, LintSettings } from '../types';
import { definedObjectOf } from './domainName';

/** What a save to libvirt needs to know about a text before `virsh define` sees it. */
export interface SaveCheck {
  /** This project's diagnostics with the given settings (as the editor shows them). */
  diagnostics: LintDiagnostic[];
  /** The domain's `<name>`: `define` creates or replaces the domain of that name. */
  domainName: string | undefined;
  /** The root element's name (`domain`, `network`, `pool`, …), whatever kinds the service knows. */
  root: string | undefined;
  /** The `<name>` of a `<domain>`, `<network>` or `<pool>` root. */
  name: string | undefined;
  /** The id of the document kind the service linted it as; undefined: not a libvirt document it knows. */
  kind: string | undefined;
}

/** Lints `text` as a save of a live domain, network or pool sees it: one parse for the findings and the name. */
export function checkForSave(service: LanguageService, text: string, settings: LintSettings): SaveCheck {
  const parsed = service.parse(text, settings);
  const { root, name } = definedObjectOf(text, parsed.xml);
  return { diagnostics: service.validate(parsed, settings), domainName: root === 'domain' ? name : undefined, root, name, kind: parsed.kind?.id };
}
