import type { KindFacts } from '../factTypes';
import type { XmlDocument } from '../parse/parseXml';
import type { XElement } from '../parse/xmlTree';
import type { Rule } from '../rule';
import type { OutlineSymbol } from '../outline';
import type { LintSettings, RefactorAction } from '../types';

/** A value completion offers that the facts cannot list (e.g. the first free disk name). */
export interface SuggestedValue {
  value: string;
  detail: string;
  documentation: string;
}

/**
 * The schema of a kind: a start file in libvirt's schema directory (`domain.rng`) and,
 * optionally, the define whose element content the document is (`devices` for one device).
 */
export interface KindSchema {
  readonly file: string;
  readonly contentOf?: string;
}

/** What completion may ask a kind about one attribute of one element. */
export interface ValueQuery<M> {
  model: M;
  element: XElement;
  attr: string;
  text: string;
  settings: LintSettings;
  rules: readonly Rule<M>[];
}

/**
 * A kind of libvirt document (a domain; later device fragments, networks, storage pools…): the
 * root elements that identify it, the schema that validates it, the model its rules read, its
 * rules, and the facts hover and completion show. Adding a kind is one folder under kinds/ and
 * one line in kinds/index.ts.
 */
export interface DocumentKind<M = unknown> {
  /** Short id for messages and the CLI (`domain`). */
  readonly id: string;
  /** Root element names of documents of this kind. */
  readonly roots: readonly string[];
  /** Where libvirt's RelaxNG schemas describe this kind. */
  readonly schema: KindSchema;
  /** The model the rules read, built from the tolerant scan (also for documents that are not well-formed). */
  buildModel(xml: XmlDocument, root: XElement): M;
  readonly rules: readonly Rule<M>[];
  readonly facts: KindFacts;
  /** The outline of a document of this kind. */
  symbols(xml: XmlDocument): OutlineSymbol[];
  /**
   * Why each of `values` would be reported if written into the attribute: value → the rule's
   * message, for values a rule reports as a warning or error that other values avoid.
   */
  adviseValues?(query: ValueQuery<M>, values: readonly string[]): Map<string, string>;
  /** Values to offer instead of the facts' list, or undefined to use the facts. */
  suggestValues?(query: ValueQuery<M>): SuggestedValue[] | undefined;
  /** Refactorings (guest-visible rewrites the user picks) at an offset. */
  refactors?(model: M, offset: number): RefactorAction[];
}

/** A kind whose model type does not matter to the caller. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKind = DocumentKind<any>;
