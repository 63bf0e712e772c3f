import type { XElement } from '../parse/xmlTree';
import { parseIntAttr } from './disk';

/** SCSI controller models that are virtio-scsi. */
export const VIRTIO_SCSI_MODELS = new Set(['virtio-scsi', 'virtio-transitional', 'virtio-non-transitional']);

/** A span-carrying view of one `<controller>`. */
export class Controller {
  constructor(readonly el: XElement) {}

  get type(): string | undefined {
    return this.el.attrValue('type');
  }

  get index(): number {
    return parseIntAttr(this.el.attrValue('index')) ?? 0;
  }

  get model(): string | undefined {
    return this.el.attrValue('model');
  }

  get isVirtioScsi(): boolean {
    return this.type === 'scsi' && this.model !== undefined && VIRTIO_SCSI_MODELS.has(this.model);
  }
}
