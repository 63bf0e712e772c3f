import { Controller } from './model/controller';
import { Disk } from './model/disk';
import type { XmlDocument } from '../../parse/parseXml';
import type { XElement } from '../../parse/xmlTree';

import type { OutlineKind, OutlineSymbol } from '../../outline';

const SEP = ' — ';

function sym(el: XElement, name: string, kind: OutlineKind, detail?: string, children: OutlineSymbol[] = []): OutlineSymbol {
  return { name: name.trim() || el.name, detail: detail?.trim() || undefined, kind, span: el.span, selectionSpan: el.nameSpan, children };
}

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

function textSymbol(el: XElement | undefined, kind: OutlineKind, unitAttr?: string): OutlineSymbol | undefined {
  if (!el) return undefined;
  const unit = unitAttr ? el.attrValue(unitAttr) : undefined;
  return sym(el, el.name, kind, [el.textContent(), unit].filter(Boolean).join(' '));
}

/** The outline of a domain: name, memory, CPUs, os, and every device with its identity. */
export function documentSymbols(xml: XmlDocument): OutlineSymbol[] {
  const root = xml.root;
  if (!root || root.name !== 'domain') return [];
  const children: OutlineSymbol[] = [];
  const nameEl = root.child('name');
  if (nameEl) children.push(sym(nameEl, 'name', 'string', nameEl.textContent()));
  for (const s of [textSymbol(root.child('memory'), 'number', 'unit'), textSymbol(root.child('vcpu'), 'number'), textSymbol(root.child('iothreads'), 'number')]) if (s) children.push(s);
  const os = root.child('os');
  if (os) {
    const type = os.child('type');
    children.push(sym(os, 'os', 'namespace', join([type?.textContent(), type?.attrValue('arch'), type?.attrValue('machine'), os.attrValue('firmware')], ' ')));
  }
  const devices = root.child('devices');
  if (devices) {
    let diskIndex = 0;
    const devs = devices.children.map((el) => {
      if (el.name === 'disk') return diskSymbol(el, diskIndex++);
      if (el.name === 'controller') return controllerSymbol(el);
      if (el.name === 'interface') return interfaceSymbol(el);
      return deviceSymbol(el);
    });
    children.push(sym(devices, 'devices', 'namespace', `${devs.length} device${devs.length === 1 ? '' : 's'}`, devs));
  }
  const name = nameEl?.textContent();
  return [sym(root, name ? `domain ${name}` : 'domain', 'module', root.attrValue('type'), children)];
}
