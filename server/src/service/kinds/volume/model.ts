import type { XmlDocument } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';
import { readSize, type ScaledSize } from '../storage/sizes';

/** A `<volume>` document as its rules read it: name, sizes, target format and backing store. */
export class VolumeModel {
  readonly nameEl: XElement | undefined;
  readonly target: XElement | undefined;
  readonly backingStore: XElement | undefined;
  readonly capacity: ScaledSize | undefined;
  readonly allocation: ScaledSize | undefined;

  constructor(
    readonly xml: XmlDocument,
    readonly root: XElement,
  ) {
    this.nameEl = root.child('name');
    this.target = root.child('target');
    this.backingStore = root.child('backingStore');
    const cap = root.child('capacity');
    const alloc = root.child('allocation');
    this.capacity = cap ? readSize(cap) : undefined;
    this.allocation = alloc ? readSize(alloc) : undefined;
  }

  get name(): string | undefined {
    return this.nameEl?.textContent();
  }

  /** What messages call the volume. */
  get label(): string {
    const n = this.name;
    return n ? `volume '${n}'` : 'this volume';
  }

  /** Whether libvirt sees a backing store (`<backingStore><path>` with text). */
  get hasBackingStore(): boolean {
    return (this.backingStore?.child('path')?.textContent() ?? '') !== '';
  }

  /** The `<format>` elements whose type libvirt reads: the target's and the backing store's. */
  get formats(): XElement[] {
    const out: XElement[] = [];
    for (const parent of [this.target, this.hasBackingStore ? this.backingStore : undefined]) {
      const f = parent?.child('format');
      if (f) out.push(f);
    }
    return out;
  }
}
