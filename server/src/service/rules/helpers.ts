import { insertElement, setAttr } from '../edits';
import type { Disk } from '../model/disk';
import type { FixProposal, OffsetEdit, Span } from '../types';
import type { RuleContext } from './rule';

/** Where to report a fact about a `<driver>` attribute: the attribute, the `<driver>`, or the `<disk>`. */
export function driverAttrOrElementSpan(disk: Disk, name: string): Span {
  const a = disk.driverAttr(name);
  if (a) return a.span;
  return (disk.driver ?? disk.el).nameSpan;
}

/** libvirt's attribute order on `<driver>`; an inserted attribute goes after those before it. */
const DRIVER_ORDER = ['name', 'type', 'cache', 'error_policy', 'rerror_policy', 'io', 'ioeventfd', 'event_idx', 'copy_on_read', 'discard', 'detect_zeroes'];

/**
 * An edit that sets a `<driver>` attribute, creating `<driver name='qemu' …/>` when the disk
 * has none (as the first child of `<disk>`, where libvirt writes it).
 */
export function setDriverAttr(disk: Disk, name: string, value: string, ctx: RuleContext): OffsetEdit {
  if (disk.driver) {
    const idx = DRIVER_ORDER.indexOf(name);
    return setAttr(disk.driver, name, value, ctx.text, idx > 0 ? DRIVER_ORDER.slice(0, idx) : []);
  }
  const q = disk.el.attrs.find((a) => a.quote)?.quote ?? "'";
  const markup = `<driver name=${q}qemu${q} ${name}=${q}${value}${q}/>`;
  const first = disk.el.children[0];
  return insertElement(disk.el, markup, ctx.text, first ? { before: first } : {});
}

/** The usual "set cache" fix. */
export function setCacheFix(disk: Disk, mode: string, ctx: RuleContext, safe: boolean): FixProposal {
  return { title: `Set <driver cache='${mode}'>`, edits: [setDriverAttr(disk, 'cache', mode, ctx)], safe };
}
