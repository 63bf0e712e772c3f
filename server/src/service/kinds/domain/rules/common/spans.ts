import type { Disk } from '../../model/disk';
import type { XAttr, XElement } from '../../../../parse/xmlTree';
import type { Span } from '../../../../types';

/** Where findings about a disk's parts go when the part is not written: the nearest written element. */

/** A `<driver>` attribute, else the `<driver>`, else the `<disk>`. */
export function driverAttrOrElementSpan(disk: Disk, name: string): Span {
  const a = disk.driverAttr(name);
  if (a) return a.span;
  return (disk.driver ?? disk.el).nameSpan;
}

/** `target/@dev`, else `<target>`, else `<disk>`. */
export function targetDevSpan(disk: Disk): Span {
  return disk.target?.attr('dev')?.span ?? (disk.target ?? disk.el).nameSpan;
}

/** `target/@bus`, else `target/@dev` (where the bus was inferred from), else `<target>` or `<disk>`. */
export function busSpan(disk: Disk): Span {
  return disk.target?.attr('bus')?.span ?? targetDevSpan(disk);
}

/** `disk/@device`, else the `<disk>` name. */
export function deviceSpan(disk: Disk): Span {
  return disk.deviceAttr?.span ?? disk.el.nameSpan;
}

/** The attribute of an element whose span a finding points at (for fixes). */
export function attrAt(el: XElement | undefined, span: Span): XAttr | undefined {
  return el?.attrs.find((a) => a.span.start === span.start && a.span.end === span.end);
}
