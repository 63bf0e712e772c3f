import type { LanguageService } from '../languageService';
import type { LintDiagnostic, LintSettings } from '../types';
import { domainNameOf } from './domainName';

/** What a save to libvirt needs to know about a text before `virsh define` sees it. */
export interface SaveCheck {
  /** This project's diagnostics with the given settings (as the editor shows them). */
  diagnostics: LintDiagnostic[];
  /** The domain's `<name>`: `define` creates or replaces the domain of that name. */
  domainName: string | undefined;
}

/** Lints `text` as a save of a live domain sees it: one parse for the findings and the name. */
export function checkForSave(service: LanguageService, text: string, settings: LintSettings): SaveCheck {
  const parsed = service.parse(text, settings);
  return { diagnostics: service.validate(parsed, settings), domainName: domainNameOf(text, parsed.xml) };
}
