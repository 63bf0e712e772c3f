import { parseXml } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';
import type { Span } from '../../types';
import { DomainModel } from '../domain/model/domain';

/** The domain a device file will be attached to, as the host read it. */
export interface AttachTarget {
  /** The domain's text (an open editor's, or the file's). */
  readonly text: string;
  /** How messages name it: the file name as the user gave it. */
  readonly label: string;
}

/**
 * A device file placed into its domain the way `virsh attach-device --config` adds it: as the
 * last child of `<devices>`. Offsets of the device's element map one to one between the two
 * texts (`toFragment`, `toCombined`); everything else of the combined text is the domain's.
 */
export interface SplicedDevice {
  /** The domain's text with the device inserted. */
  readonly text: string;
  /** The model of the combined text; `attaching` is the inserted device. */
  readonly model: DomainModel;
  /** The device element in the fragment's own coordinates. */
  readonly fragment: Span;
  /** Where the device starts in the combined text. */
  readonly insertAt: number;
  /** The domain's name (`<name>`), for messages. */
  readonly domainName: string | undefined;
  /** The domain as given, and its model without the device (what it says before the attach). */
  readonly target: AttachTarget;
  readonly domainModel: DomainModel;
  /** Combined-text offset → domain-text offset, for offsets outside the inserted device. */
  toDomain(offset: number): number;
}

export class AttachError extends Error {}

/** Whether a combined-text span lies inside the inserted device. */
export function insideDevice(spliced: SplicedDevice, span: Span): boolean {
  return span.start >= spliced.insertAt && span.end <= spliced.insertAt + (spliced.fragment.end - spliced.fragment.start);
}

/**
 * Whether an edit of the combined text changes the device only: an insertion right before or
 * after the element would add a sibling, which a device file cannot hold.
 */
export function editsDeviceOnly(spliced: SplicedDevice, edit: Span): boolean {
  const end = spliced.insertAt + (spliced.fragment.end - spliced.fragment.start);
  if (!insideDevice(spliced, edit)) return false;
  return edit.start !== edit.end || (edit.start !== spliced.insertAt && edit.start !== end);
}

/** A combined-text span inside the device, in the fragment's coordinates. */
export function toFragment(spliced: SplicedDevice, span: Span): Span {
  const shift = spliced.fragment.start - spliced.insertAt;
  return { start: span.start + shift, end: span.end + shift };
}

interface ParsedDomain {
  root: XElement & { endTag: NonNullable<XElement['endTag']> };
  domainModel: DomainModel;
}

/**
 * The last domain parsed for attaching, with its model: every device file of a run (or an
 * editor's, while the domain does not change) is attached to the same domain, which is then
 * parsed once, not once per device file. Parses and models never change once made.
 */
let lastDomain: { text: string; label: string; parsed: ParsedDomain | AttachError } | null = null;

/** The domain parsed and checked (throws AttachError when it cannot take a device). */
function domainOf(target: AttachTarget): ParsedDomain {
  if (lastDomain === null || lastDomain.text !== target.text || lastDomain.label !== target.label) {
    let parsed: ParsedDomain | AttachError;
    try {
      parsed = parseDomain(target);
    } catch (error) {
      if (!(error instanceof AttachError)) throw error;
      parsed = error;
    }
    lastDomain = { text: target.text, label: target.label, parsed };
  }
  if (lastDomain.parsed instanceof AttachError) throw lastDomain.parsed;
  return lastDomain.parsed;
}

function parseDomain(target: AttachTarget): ParsedDomain {
  const domainXml = parseXml(target.text);
  const err = domainXml.syntaxError;
  if (err) {
    const pos = domainXml.lines.positionAt(err.span.start);
    throw new AttachError(`${target.label} is not well-formed XML (line ${pos.line + 1}): ${err.message}`);
  }
  const root = domainXml.root;
  if (!root || root.name !== 'domain') {
    throw new AttachError(root ? `${target.label} is not a libvirt domain (its root element is <${root.name}>, not <domain>)` : `${target.label} has no root element`);
  }
  if (root.selfClosing || !root.endTag) throw new AttachError(`${target.label} is an empty <domain/>`);
  return { root: root as ParsedDomain['root'], domainModel: new DomainModel(domainXml, root) };
}

/**
 * Inserts the device element `device` (of `fragmentText`) into the domain. Throws AttachError
 * when the domain cannot take it: not well-formed, not a `<domain>`.
 */
export function spliceDevice(fragmentText: string, device: XElement, target: AttachTarget): SplicedDevice {
  const { root, domainModel } = domainOf(target);
  const deviceText = fragmentText.slice(device.start, device.end);
  const devices = root.child('devices');
  // The removed domain text [cutStart, cutEnd) and what replaces it around the device.
  let cutStart: number;
  let cutEnd: number;
  let head: string;
  let tail: string;
  if (devices && !devices.selfClosing && devices.endTag) {
    cutStart = cutEnd = devices.endTag.start;
    head = tail = '';
  } else if (devices) {
    // <devices/>: written out with the device inside
    cutStart = devices.start;
    cutEnd = devices.end;
    head = '<devices>';
    tail = '</devices>';
  } else {
    cutStart = cutEnd = root.endTag.start;
    head = '<devices>';
    tail = '</devices>';
  }
  const before = target.text.slice(0, cutStart) + head;
  const after = tail + target.text.slice(cutEnd);
  const insertAt = before.length;
  const text = before + deviceText + after;
  const xml = parseXml(text);
  // The device was well-formed alone and the domain too; the combination is, barring a device
  // that ends inside a comment or CDATA of its own (impossible for a parsed element).
  if (xml.syntaxError || !xml.root) throw new AttachError(`the device cannot be placed into ${target.label}: ${xml.syntaxError?.message ?? 'no root element'}`);
  const model = new DomainModel(xml, xml.root, { attachedAt: insertAt });
  const grown = text.length - target.text.length;
  const insertedEnd = insertAt + deviceText.length + tail.length;
  return {
    text,
    model,
    fragment: { start: device.start, end: device.end },
    insertAt,
    domainName: root.child('name')?.textContent().trim() || undefined,
    target,
    domainModel,
    toDomain: (offset) => (offset <= cutStart ? offset : offset >= insertedEnd ? offset - grown : cutStart),
  };
}

/**
 * The smallest domain libvirt accepts, for asking libvirt about a device file when no domain
 * is given: the device is checked by libvirt's parser as the only device of this domain.
 */
export const MINIMAL_DOMAIN: AttachTarget = {
  text: `<domain type='qemu'>
  <name>libvirt-xml-device-check</name>
  <memory unit='MiB'>128</memory>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
  </devices>
</domain>
`,
  label: 'a minimal domain',
};
