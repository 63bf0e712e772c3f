/** Edit distance where swapping two adjacent letters counts as one edit (typos like dsik). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      rows[i].push(v);
    }
  }
  return rows[a.length][b.length];
}

/** " (did you mean X?)" when one allowed name is a likely typo target. */
export function suggestion(name: string, allowed: string[], fmt: (s: string) => string): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const a of allowed) {
    const d = editDistance(name.toLowerCase(), a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(name.length / 3)) ? ` Did you mean ${fmt(best)}?` : '';
}

/** "a, b or c" */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
