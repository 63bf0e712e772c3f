/** A RelaxNG name class over expanded names `{namespace}local`. */
export type NameClass =
  | { kind: 'name'; ns: string; local: string }
  | { kind: 'anyName'; except: NameClass | null }
  | { kind: 'nsName'; ns: string; except: NameClass | null }
  | { kind: 'choice'; a: NameClass; b: NameClass };

/** An expanded name; `ns` is '' for no namespace. */
export interface QName {
  ns: string;
  local: string;
}

export function qnKey(q: QName): string {
  return q.ns ? `{${q.ns}}${q.local}` : q.local;
}

export function contains(nc: NameClass, q: QName): boolean {
  switch (nc.kind) {
    case 'name':
      return nc.ns === q.ns && nc.local === q.local;
    case 'anyName':
      return !nc.except || !contains(nc.except, q);
    case 'nsName':
      return nc.ns === q.ns && (!nc.except || !contains(nc.except, q));
    case 'choice':
      return contains(nc.a, q) || contains(nc.b, q);
  }
}

/** Human-readable names of a name class, for "expected …" lists. */
export function describeNames(nc: NameClass, out: string[], prefixes: ReadonlyMap<string, string>): void {
  switch (nc.kind) {
    case 'name': {
      const p = nc.ns ? prefixes.get(nc.ns) : undefined;
      out.push(nc.ns ? `${p ?? `{${nc.ns}}`}:${nc.local}`.replace(/^\{(.*)\}:/, '{$1}') : nc.local);
      return;
    }
    case 'anyName':
      out.push('*');
      return;
    case 'nsName':
      out.push(`${prefixes.get(nc.ns) ?? `{${nc.ns}}`}:*`);
      return;
    case 'choice':
      describeNames(nc.a, out, prefixes);
      describeNames(nc.b, out, prefixes);
      return;
  }
}
