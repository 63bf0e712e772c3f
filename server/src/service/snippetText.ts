/**
 * Expands a VS Code snippet body the way the editor does when the user accepts every
 * default: `${1:text}` → text (nested placeholders expanded), `${1|a,b|}` → a, `$1`/`${1}`
 * → nothing, `\$` `\}` `\\` → the character. For clients without snippet support, and for
 * the tests that lint every snippet.
 */
export function expandSnippet(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length && '$}\\,|'.includes(body[i + 1])) {
      out += body[i + 1];
      i += 2;
    } else if (c === '$') {
      const simple = /^\$(\d+)/.exec(body.slice(i));
      if (simple) {
        i += simple[0].length;
        continue;
      }
      if (body[i + 1] !== '{') throw new Error(`unsupported snippet syntax at ${i}: ${body.slice(i, i + 20)}`);
      const head = /^\$\{(\d+)([:|}])/.exec(body.slice(i));
      if (!head) throw new Error(`unsupported snippet syntax at ${i}: ${body.slice(i, i + 20)}`);
      const end = matchingBrace(body, i + 1);
      const inner = body.slice(i + head[0].length, end);
      if (head[2] === ':') out += expandSnippet(inner);
      else if (head[2] === '|') out += inner.replace(/\|$/, '').split(',')[0];
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced snippet placeholder');
}
