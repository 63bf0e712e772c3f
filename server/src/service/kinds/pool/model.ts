import type { XmlDocument } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';
import { poolType, type PoolType } from '../storage/poolTypes';

/** A `<pool>` document as its rules read it: the type, its facts, name, source and target. */
export class PoolModel {
  readonly type: string | undefined;
  /** libvirt's facts for the type (undefined for an unknown or missing type). */
  readonly poolType: PoolType | undefined;
  readonly nameEl: XElement | undefined;
  readonly source: XElement | undefined;
  readonly target: XElement | undefined;

  constructor(
    readonly xml: XmlDocument,
    readonly root: XElement,
  ) {
    this.type = root.attrValue('type');
    this.poolType = poolType(this.type);
    this.nameEl = root.child('name');
    this.source = root.child('source');
    this.target = root.child('target');
  }

  /** The pool's name as libvirt takes it: `<name>`, else (types with the name flag) `<source><name>`. */
  get name(): string | undefined {
    if (this.nameEl) return this.nameEl.textContent();
    return this.poolType?.parts.includes('name') ? this.source?.child('name')?.textContent() : undefined;
  }

  /** What messages call the pool. */
  get label(): string {
    const n = this.name;
    return n ? `pool '${n}'` : `this ${this.type ?? ''} pool`.replace('  ', ' ');
  }
}
