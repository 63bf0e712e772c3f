import type { XElement } from '../../../parse/xmlTree';
import { parseIntAttr } from './ints';
import { VIRTIO_SCSI_MODELS } from './virtio';

export { VIRTIO_SCSI_MODELS } from './virtio';

/** A span-carrying view of one `<controller>`. */
export class Controller {
  readonly type: string | undefined;
  readonly index: number;
  readonly model: string | undefined;
  readonly isVirtioScsi: boolean;

  constructor(readonly el: XElement) {
    this.type = el.attrValue('type');
    this.index = parseIntAttr(el.attrValue('index')) ?? 0;
    this.model = el.attrValue('model');
    this.isVirtioScsi = this.type === 'scsi' && this.model !== undefined && VIRTIO_SCSI_MODELS.has(this.model);
  }
}
