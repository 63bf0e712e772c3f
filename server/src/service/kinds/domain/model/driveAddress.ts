import type { XElement } from '../../../parse/xmlTree';
import { parseIntAttr } from './ints';

/**
 * Drive addresses (`<address type='drive' controller bus target unit>`): the buses that use
 * them, the geometry libvirt assumes when it derives one from a target name, and the one key
 * and one spelling every rule and fix uses for them.
 */
export interface DriveAddress {
  controller: number;
  bus: number;
  target: number;
  unit: number;
}

/** Disk buses whose devices sit on a controller at a drive address (the others are PCI, USB or ccw devices). */
export const DRIVE_ADDRESS_BUSES: ReadonlySet<string> = new Set(['scsi', 'ide', 'sata', 'fdc']);

/**
 * On a wide SCSI bus libvirt keeps unit 7 for the controller itself when it assigns addresses
 * (virDomainDiskDefAssignAddress); new addresses skip it too.
 */
export const SCSI_CONTROLLER_UNIT = 7;

/**
 * The address virDomainDiskDefAssignAddress derives from a disk's name index when no address
 * is written: narrow SCSI 7 units a controller, IDE 2 buses × 2 units, SATA 6 units, FDC 2 units.
 */
export function derivedDriveAddress(bus: string | undefined, index: number): DriveAddress | undefined {
  switch (bus) {
    case 'scsi':
      return { controller: Math.floor(index / 7), bus: 0, target: 0, unit: index % 7 };
    case 'ide':
      return { controller: Math.floor(index / 4), bus: Math.floor((index % 4) / 2), target: 0, unit: index % 2 };
    case 'sata':
      return { controller: Math.floor(index / 6), bus: 0, target: 0, unit: index % 6 };
    case 'fdc':
      return { controller: Math.floor(index / 2), bus: 0, target: 0, unit: index % 2 };
    default:
      return undefined;
  }
}

/** The address a wide SCSI controller (virtio-scsi: 16 units, unit 7 kept free) gives a name index. */
export function wideScsiAddress(index: number): DriveAddress {
  const unit = index % 15;
  return { controller: Math.floor(index / 15), bus: 0, target: 0, unit: unit >= SCSI_CONTROLLER_UNIT ? unit + 1 : unit };
}

/** A written `<address type='drive'>`, with libvirt's defaults (0) for missing attributes. */
export function explicitDriveAddress(el: XElement | undefined): DriveAddress | undefined {
  if (!el || el.attrValue('type') !== 'drive') return undefined;
  const n = (name: string) => parseIntAttr(el.attrValue(name)) ?? 0;
  return { controller: n('controller'), bus: n('bus'), target: n('target'), unit: n('unit') };
}

/** One key for an address on a bus: two devices with the same key collide. */
export function driveKey(bus: string, a: DriveAddress): string {
  return `${bus}:${a.controller}:${a.bus}:${a.target}:${a.unit}`;
}

/** An address as libvirt writes its attributes, for messages. */
export function formatDriveAddress(a: DriveAddress): string {
  return `controller='${a.controller}' bus='${a.bus}' target='${a.target}' unit='${a.unit}'`;
}
