/** Splits a test text at its `|` marker: the text without it and the marker's offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('expected exactly one | in the test text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
