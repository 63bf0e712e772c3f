// Leaves the documentation text of rules out of a bundle that never shows it (the command
// line links to the documentation instead): an esbuild plugin for the rule modules, which
// replaces the template literal of each `docs:` property with '' (interpolations in it too:
// they only make text) and keeps line numbers (the
// source map still maps the code after it). The modules are lexed (comments, strings,
// templates, regular expressions), not searched, and a module whose docs cannot be found as
// expected fails the build rather than going into the bundle half-changed.
import { readFileSync } from 'node:fs';

/** Where a regular expression literal may start: after these characters or keywords, `/` is not division. */
const REGEX_AFTER = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/** The `docs: \`…\`` template literals of a module, as [start, end) of the literal. */
export function docsLiterals(text) {
  const found = [];
  let i = 0;
  let prev = ''; // the last significant character or word of code
  const fail = (what) => {
    throw new Error(`${what} at offset ${i}`);
  };
  const skipString = (q) => {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === q) return void i++;
      else if (text[i] === '\n') fail('unterminated string');
    }
    fail('unterminated string');
  };
  const skipTemplate = () => {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return void i++;
      else if (text[i] === '$' && text[i + 1] === '{') {
        i += 2;
        code('}');
        i--; // the loop steps over the closing brace
      }
    }
    fail('unterminated template');
  };
  const skipRegex = () => {
    let inClass = false;
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) {
        i++;
        while (/[a-z]/.test(text[i] ?? '')) i++;
        return;
      } else if (c === '\n') fail('unterminated regular expression');
    }
  };
  /** Code up to (and past) `close`, or to the end. */
  const code = (close) => {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '/' && text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
      } else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('unterminated comment');
        i = end + 2;
      } else if (c === '"' || c === "'") {
        skipString(c);
        prev = 'x';
      } else if (c === '`') {
        skipTemplate();
        prev = 'x';
      } else if (c === '/') {
        if (REGEX_AFTER.has(prev) || REGEX_AFTER_WORDS.has(prev)) {
          skipRegex();
          prev = 'x';
        } else {
          i++;
          prev = '/';
        }
      } else if (/[A-Za-z_$]/.test(c)) {
        const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 64));
        const word = m[0];
        const before = text[i - 1] ?? '';
        i += word.length;
        prev = word;
        if (word === 'docs' && before !== '.' && !/[\w$]/.test(before)) {
          const m2 = /^\s*:\s*`/.exec(text.slice(i, i + 64));
          if (m2) {
            const start = i + m2[0].length - 1;
            i = start;
            skipTemplate();
            found.push([start, i]);
            prev = 'x';
          }
        }
      } else if (/\s/.test(c)) {
        i++;
      } else {
        if (c === '{' || c === '(' || c === '[') depth++;
        else if (c === '}' || c === ')' || c === ']') {
          if (depth === 0 && c === close) return void i++;
          depth--;
        }
        // `x!` (TypeScript's non-null assertion) ends an operand, as `)` and `]` do
        prev = c === '!' && /[\w$)\]]/.test(text[i - 1] ?? '') ? 'x' : c === ')' || c === ']' ? 'x' : c;
        i++;
      }
    }
    if (close) fail(`missing ${close}`);
  };
  code(undefined);
  return found;
}

/** The plugin: for rule modules (a `docs:` literal each, or the built-in rules' several). */
export const ruleDocsLeftOut = {
  name: 'rule-docs-left-out',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]service[\\/](kinds[\\/].*[\\/]rules[\\/][^\\/]*|builtinRules)\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!/\bdocs:\s*`/.test(text)) return undefined;
      let spans;
      try {
        spans = docsLiterals(text);
      } catch (error) {
        throw new Error(`${args.path}: cannot find the rule docs: ${error.message}`);
      }
      const expected = (text.match(/\bdocs:\s*`/g) ?? []).length;
      if (spans.length !== expected) throw new Error(`${args.path}: found ${spans.length} rule docs, the text has ${expected}`);
      let out = text;
      for (const [start, end] of spans.reverse()) {
        const newlines = (out.slice(start, end).match(/\n/g) ?? []).length;
        out = `${out.slice(0, start)}''${'\n'.repeat(newlines)}${out.slice(end)}`;
      }
      return { contents: out, loader: 'ts' };
    });
  },
};
