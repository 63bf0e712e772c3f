import { removeElement } from '../../../edits';
import { raiseIothreadsFix } from './common/fixes';
import type { XElement } from '../../../parse/xmlTree';
import type { Finding, FixProposal } from '../../../types';
import { parseIntAttr } from '../model/ints';
import type { DomainRule } from './common/diskRule';

/** The ids of a libvirt id list such as `1-3,^2,5` (virBitmapParse), or undefined when it does not parse. */
function idList(text: string): number[] | undefined {
  const ids = new Set<number>();
  const removed = new Set<number>();
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const m = /^(\^)?(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return undefined;
    const lo = Number(m[2]);
    const hi = m[3] !== undefined ? Number(m[3]) : lo;
    if (hi < lo || hi - lo > 4096) return undefined;
    for (let i = lo; i <= hi; i++) (m[1] ? removed : ids).add(i);
  }
  return [...ids].filter((i) => !removed.has(i));
}

export const iothreadReferences: DomainRule = {
  id: 'iothread-references',
  title: 'IOThread pins and schedulers must name IOThreads the domain has, each id once',
  defaultSeverity: 'error',
  subjects: ['cputune/iothreadpin', 'cputune/iothreadpin@iothread', 'cputune/iothreadsched@iothreads', 'iothreadids/iothread@id', 'domain/iothreads', 'domain/iothreadids'],
  docs: `A domain's IOThreads are \`<iothreadids>\` (each \`<iothread id>\` once: "duplicate iothread id '2' found"),
filled up with the lowest free ids to the \`<iothreads>\` count. \`<cputune><iothreadpin iothread='N' cpuset>\` and
\`<cputune><iothreadsched iothreads='…'>\` may only name those: libvirt refuses the domain with "Cannot find
'iothread' : N", and a second pin of the same IOThread with "duplicate iothreadpin for same iothread 'N'".

Fix: raise \`<iothreads>\` to the id pinned when the domain lists no explicit ids (safe: host threads only,
nothing the guest sees); remove a duplicate \`<iothread>\` or \`<iothreadpin>\` (not applied automatically: the
one to keep may be the other).

Sources: libvirt \`src/conf/domain_conf.c\` (\`virDomainDefParseIOThreads\`, \`virDomainIOThreadIDDefArrayInit\`,
\`virDomainIOThreadPinDefParseXML\`, \`virDomainDefGetIOThreadSched\`); libvirt formatdomain "IOThreads
Allocation" and "CPU Tuning".`,
  check(ctx) {
    const out: Finding[] = [];
    const model = ctx.model;
    if (model.isFragment) return out;
    const root = model.root;
    const seenIds = new Set<number>();
    for (const t of root.child('iothreadids')?.childrenNamed('iothread') ?? []) {
      const a = t.attr('id');
      const id = parseIntAttr(a?.value);
      if (!a || id === undefined) continue;
      if (seenIds.has(id)) out.push({ ruleId: this.id, span: a.valueSpan, message: `duplicate iothread id '${id}' found: each <iothreadids><iothread id> names one IOThread once.`, payload: { duplicate: 'id' } });
      seenIds.add(id);
    }
    const ids = model.iothreadIds();
    const cputune = root.child('cputune');
    const pinned = new Set<number>();
    for (const pin of cputune?.childrenNamed('iothreadpin') ?? []) {
      const a = pin.attr('iothread');
      const n = parseIntAttr(a?.value);
      if (!a || n === undefined) continue;
      if (!ids.has(n)) {
        out.push({ ruleId: this.id, span: a.valueSpan, message: `Cannot find 'iothread' : ${n}: <iothreadpin iothread='${n}'> pins an IOThread the domain does not have (${ids.count} IOThread(s)); raise <iothreads> or list the id in <iothreadids>.`, payload: { wanted: n, explicit: ids.explicit } });
      } else if (pinned.has(n)) {
        out.push({ ruleId: this.id, span: a.valueSpan, message: `duplicate iothreadpin for same iothread '${n}': pin each IOThread once, with all its host CPUs in one cpuset.`, payload: { duplicate: 'pin' } });
      }
      pinned.add(n);
    }
    for (const sched of cputune?.childrenNamed('iothreadsched') ?? []) {
      const a = sched.attr('iothreads');
      const list = a ? idList(a.value) : undefined;
      if (!a || !list) continue;
      const missing = list.find((n) => !ids.has(n));
      if (missing !== undefined) out.push({ ruleId: this.id, span: a.valueSpan, message: `Cannot find 'iothread' : ${missing}: <iothreadsched iothreads='${a.value}'> names an IOThread the domain does not have (${ids.count} IOThread(s)).`, payload: { wanted: Math.max(...list), explicit: ids.explicit } });
    }
    return out;
  },
  fix(finding, ctx) {
    const p = finding.payload as { wanted?: number; explicit?: boolean; duplicate?: string } | undefined;
    const root = ctx.model.root;
    const fixes: FixProposal[] = [];
    if (p?.duplicate) {
      const parent = p.duplicate === 'id' ? root.child('iothreadids') : root.child('cputune');
      const el = parent?.children.find((c: XElement) => c.start <= finding.span.start && finding.span.end <= c.end);
      if (el) fixes.push({ title: `Remove this <${el.name}>`, edits: [removeElement(el, ctx.text)], safe: false });
      return fixes;
    }
    if (p?.wanted === undefined || p.explicit || !Number.isInteger(p.wanted) || p.wanted < 1) return fixes;
    const raise = raiseIothreadsFix(ctx.model, p.wanted, ctx.text);
    if (raise) fixes.push(raise);
    return fixes;
  },
};
