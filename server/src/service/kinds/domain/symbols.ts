import { Controller } from './model/controller';
import { Disk } from './model/disk';
import type { XmlDocument } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';

import { elementSymbol as sym, nameSymbol, type OutlineSymbol, textSymbol } from '../../outline';

const SEP = ' — ';

function join(parts: (string | undefined)[], sep = SEP): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(sep);
}

/** "vda — virtio — /var/lib/libvirt/images/a.qcow2": what a user looks for in a long domain. */
function diskSymbol(el: XElement, index: number): OutlineSymbol {
  const d = new Disk(el, index);
  const where = d.sourcePath ?? (d.source?.attrValue('pool') ? `${d.source.attrValue('pool')}/${d.source.attrValue('volume') ?? ''}` : undefined) ?? d.source?.attrValue('path') ?? (d.isEmpty ? '(empty)' : undefined);
  const name = join([d.targetDev ?? 'disk', d.bus, where]);
  return sym(el, name, 'struct', join([d.device, d.type, d.isShareable ? 'shareable' : undefined, d.isReadonly ? 'readonly' : undefined], ', '));
}

function controllerSymbol(el: XElement): OutlineSymbol {
  const c = new Controller(el);
  return sym(el, join([`${c.type ?? 'controller'} ${el.attrValue('index') ?? ''}`.trim(), c.model]), 'class', 'controller');
}

function interfaceSymbol(el: XElement): OutlineSymbol {
  const src = el.child('source');
  const target = src?.attrValue('network') ?? src?.attrValue('bridge') ?? src?.attrValue('dev');
  const name = join([`${el.attrValue('type') ?? 'interface'}${target ? ' ' + target : ''}`, el.child('model')?.attrValue('type'), el.child('mac')?.attrValue('address')]);
  return sym(el, name, 'interface', 'interface');
}

/** Other devices: the element name and its distinguishing attribute. */
function deviceSymbol(el: XElement): OutlineSymbol {
  const key = el.attrValue('type') ?? el.attrValue('model') ?? el.child('model')?.attrValue('type') ?? el.child('model')?.attrValue('name');
  return sym(el, join([el.name, key]), 'object');
}


/** The outline of a domain: name, memory, CPUs, os, and every device with its identity. */
/** One device as the outline shows it (`index`: its position among the disks, for a disk). */
function deviceOutline(el: XElement, index: number): OutlineSymbol {
  if (el.name === 'disk') return diskSymbol(el, index);
  if (el.name === 'controller') return controllerSymbol(el);
  if (el.name === 'interface') return interfaceSymbol(el);
  return deviceSymbol(el);
}

/** The outline of a device written alone (a `virsh attach-device` fragment): the device itself. */
export function deviceSymbols(xml: XmlDocument): OutlineSymbol[] {
  return xml.root ? [deviceOutline(xml.root, 0)] : [];
}

export function documentSymbols(xml: XmlDocument): OutlineSymbol[] {
  const root = xml.root;
  if (!root || root.name !== 'domain') return [];
  const children: OutlineSymbol[] = [];
  for (const s of [nameSymbol(root), textSymbol(root.child('memory'), 'number', 'unit'), textSymbol(root.child('vcpu'), 'number'), textSymbol(root.child('iothreads'), 'number')]) if (s) children.push(s);
  const os = root.child('os');
  if (os) {
    const type = os.child('type');
    children.push(sym(os, 'os', 'namespace', join([type?.textContent(), type?.attrValue('arch'), type?.attrValue('machine'), os.attrValue('firmware')], ' ')));
  }
  const devices = root.child('devices');
  if (devices) {
    let diskIndex = 0;
    const devs = devices.children.map((el) => deviceOutline(el, el.name === 'disk' ? diskIndex++ : 0));
    children.push(sym(devices, 'devices', 'namespace', `${devs.length} device${devs.length === 1 ? '' : 's'}`, devs));
  }
  const name = root.child('name')?.textContent();
  return [sym(root, name ? `domain ${name}` : 'domain', 'module', root.attrValue('type'), children)];
}
