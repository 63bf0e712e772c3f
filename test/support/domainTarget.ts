import { type CompletionEntry, type CompletionOptions, type CompletionTarget, doComplete } from '../../server/src/service/completion';
import { doHover, type HoverResult, type MarkupKind } from '../../server/src/service/hover';
import { domainKind } from '../../server/src/service/kinds/domain/index';
import { allRoots } from '../../server/src/service/kinds/index';
import type { XmlDocument } from '../../server/src/service/parse/parseXml';
import type { LintSettings } from '../../server/src/service/types';

/** What hover and completion get for a parsed domain (or null for other XML), as the service builds it. */
export function domainTarget(xml: XmlDocument, settings: LintSettings = {}): CompletionTarget | null {
  const root = xml.root;
  if (!root || !domainKind.roots.includes(root.name)) return null;
  return { kind: domainKind, model: domainKind.buildModel(xml, root), rules: domainKind.rules, settings };
}

/**
 * Hover with the domain's facts and rules. Unlike the service, it also hovers in fragments whose
 * root is not `<domain>` (the facts snapshot probes each element under its parent alone).
 */
export function hoverXml(xml: XmlDocument, offset: number, kind: MarkupKind = 'markdown', settings: LintSettings = {}): HoverResult | null {
  const root = xml.root;
  if (!root) return null;
  return doHover(xml, offset, { kind: domainKind, model: domainKind.buildModel(xml, root), rules: domainKind.rules, settings }, kind);
}

/** Completion on a parsed document as the service does it. */
export function completeXml(xml: XmlDocument, offset: number, opts: CompletionOptions = {}, settings: LintSettings = {}): CompletionEntry[] {
  return doComplete(xml, offset, domainTarget(xml, settings), { roots: allRoots, ...opts });
}
