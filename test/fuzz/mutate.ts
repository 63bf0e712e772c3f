import fc from 'fast-check';

/**
 * Mutations of a well-formed domain that reproduce what an editor sees while a user types
 * (and what a hostile file can hold): flipped characters, truncation, deleted tags and
 * quotes, duplicated attributes, stray markup characters and lone surrogates.
 */
export type Mutation =
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'truncate'; twentieths: number }
  | { kind: 'deleteTag'; nth: number }
  | { kind: 'deleteQuote'; nth: number }
  | { kind: 'duplicateAttr'; nth: number }
  | { kind: 'insert'; at: number; what: string };

const STRAYS = ['<', '&', '"', "'", ']]>', '\uD800', '\uDC00', '<!--', '/>', '>', '&amp', '<![CDATA[', '\u{1F600}', '\r', '\t', '\0', '<domain>', '</disk>'];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('truncate' as const), twentieths: fc.integer({ min: 0, max: 19 }) }),
  fc.record({ kind: fc.constant('deleteTag' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('deleteQuote' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateAttr' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), what: fc.constantFrom(...STRAYS) }),
);

function nthMatch(text: string, re: RegExp, nth: number): RegExpExecArray | null {
  const all = [...text.matchAll(re)];
  if (all.length === 0) return null;
  return all[nth % all.length] as RegExpExecArray;
}

export function applyMutation(text: string, m: Mutation): string {
  const n = Math.max(1, text.length);
  switch (m.kind) {
    case 'flip': {
      const at = m.at % n;
      return text.slice(0, at) + m.char + text.slice(at + 1);
    }
    case 'truncate':
      return text.slice(0, Math.floor((text.length * m.twentieths) / 20));
    case 'deleteTag': {
      const t = nthMatch(text, /<[^<>]*>/g, m.nth);
      return t ? text.slice(0, t.index) + text.slice(t.index + t[0].length) : text;
    }
    case 'deleteQuote': {
      const t = nthMatch(text, /['"]/g, m.nth);
      return t ? text.slice(0, t.index) + text.slice(t.index + 1) : text;
    }
    case 'duplicateAttr': {
      const t = nthMatch(text, /\s[a-zA-Z_:][-\w:.]*=(?:'[^']*'|"[^"]*")/g, m.nth);
      return t ? text.slice(0, t.index + t[0].length) + t[0] + text.slice(t.index + t[0].length) : text;
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.what + text.slice(at);
    }
  }
}

export function applyMutations(text: string, ms: Mutation[]): string {
  return ms.reduce(applyMutation, text);
}
