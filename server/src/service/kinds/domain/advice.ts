import type { CatalogKind } from '../../catalog/catalog';
import { levelOf } from '../../diagnostics';
import type { XAttr, XElement } from '../../parse/xmlTree';
import { RuleContext, subjectKey } from '../../rule';
import type { Finding } from '../../types';
import type { SuggestedValue, ValueQuery } from '../kind';
import { Controller } from './model/controller';
import { Disk } from './model/disk';
import type { DomainModel } from './model/domain';
import { BUS_OF_PREFIX, PREFIX_OF_BUS, prefixOf } from './model/names';
import { type DeviceRule, deviceFindings, isDeviceRule } from './rules/common/deviceRule';
import { type DiskRule, diskFindings, type DomainContext, type DomainRule, isDiskRule } from './rules/common/diskRule';

/**
 * Completion's advice on values: the disk rules themselves, run on the disk (or, for a
 * controller, every disk) with the value written in; for other devices (interface, serial,
 * TPM, IOMMU …) the device rules, run on a copy of the device with the value written in. A value is unsafe when it gets a warning
 * or an error that another of the offered values would not get; findings every value gets are
 * not the value's doing. No rule is written twice: the check is the advice.
 */

/** An element seen with one attribute set to another value (the tree is shared, not copied). */
function withAttr(el: XElement, name: string, value: string): XElement {
  const copy = Object.create(el) as XElement;
  const old = el.attr(name);
  let attr: XAttr;
  if (old) {
    attr = Object.create(old) as XAttr;
    Object.defineProperty(attr, 'value', { value });
  } else {
    // Not written yet: anchored where the start tag's name ends, like a new attribute.
    const at = el.nameSpan.end;
    attr = { name, value, quote: "'", closed: true, nameSpan: { start: at, end: at }, valueSpan: { start: at, end: at }, span: { start: at, end: at } };
  }
  copy.attrs = old ? el.attrs.map((a) => (a === old ? attr : a)) : [...el.attrs, attr];
  return copy;
}

/** The same element with one child replaced (the child's copy gets the copy as parent). */
function withChild(el: XElement, oldChild: XElement, newChild: XElement): XElement {
  const copy = Object.create(el) as XElement;
  copy.children = el.children.map((c) => (c === oldChild ? newChild : c));
  newChild.parent = copy;
  return copy;
}

/** The device element (a child of `<devices>`, or a fragment's root) that holds an element. */
function deviceOf(el: XElement, devices: readonly XElement[]): XElement | undefined {
  for (let node: XElement | null = el; node; node = node.parent) if (devices.includes(node)) return node;
  return undefined;
}

/** A copy of `device`, with its descendant `el` replaced by `replacement` (copies along the path). */
function deviceWith(el: XElement, replacement: XElement, device: XElement): XElement {
  let node = el;
  let copy = replacement;
  while (node !== device && node.parent) {
    copy = withChild(node.parent, node, copy);
    node = node.parent;
  }
  return copy;
}

/**
 * The disks a controller's attribute can matter to, the same set for every value compared: those
 * whose bus is the controller's type as written or as one of the values would make it, at its
 * index (by written or derived drive address). The property test holds this to re-linting the
 * whole document.
 */
function disksOn(model: DomainModel, controller: Controller, attr: string, values: readonly string[]): readonly Disk[] {
  const types = new Set([controller.type, ...(attr === 'type' ? values : [])]);
  return model.disks.filter((d) => types.has(d.bus) && (d.driveController === controller.index || d.driveAddress?.controller === controller.index));
}

function concerned(rules: readonly DomainRule[], key: string): DiskRule[] {
  return rules.filter((r): r is DiskRule => isDiskRule(r) && r.subjects.some((s) => s === key || s.startsWith(key + '=')));
}

function concernedDeviceRules(rules: readonly DomainRule[], key: string, device: string): DeviceRule[] {
  return rules.filter((r): r is DeviceRule => isDeviceRule(r) && r.devices.includes(device) && r.subjects.some((s) => s === key || s.startsWith(key + '=')));
}

/** Per value, the findings of warning or error level by rule and place; values whose findings all share are not the value's doing. */
function markValues(values: readonly string[], perValue: readonly Map<string, Finding>[], advice: Map<string, string>): void {
  values.forEach((value, i) => {
    for (const [key, finding] of perValue[i]) {
      if (perValue.every((other) => other.has(key))) continue;
      advice.set(value, finding.message);
      break;
    }
  });
}

/** Adds a rule's findings of warning or error level (as the settings make them) to `serious`, by rule and place. */
function addSerious(rule: DomainRule, findings: readonly Finding[], settings: ValueQuery<DomainModel>['settings'], serious: Map<string, Finding>): void {
  for (const f of findings) {
    const level = levelOf(rule, f, settings);
    if (level === 'warning' || level === 'error') serious.set(`${rule.id}@${f.span.start}`, f);
  }
}

/** A device other than a disk or controller: its device rules run on a copy with the value written in. */
function adviseDevice(q: ValueQuery<DomainModel>, values: readonly string[], device: XElement, key: string, advice: Map<string, string>): Map<string, string> {
  const rules = concernedDeviceRules(q.rules, key, device.name);
  if (!rules.length) return advice;
  const ctx: DomainContext = new RuleContext(q.text, q.model, q.settings);
  const perValue = values.map((value) => {
    const changed = deviceWith(q.element, withAttr(q.element, q.attr, value), device);
    const serious = new Map<string, Finding>();
    for (const rule of rules) {
      if (q.settings.rules?.[rule.id] === 'off') continue;
      addSerious(rule, deviceFindings(rule, changed, ctx, device), q.settings, serious);
    }
    return serious;
  });
  markValues(values, perValue, advice);
  return advice;
}

export function adviseDomainValues(q: ValueQuery<DomainModel>, values: readonly string[]): Map<string, string> {
  const advice = new Map<string, string>();
  const { model, element, attr } = q;
  if (values.length < 2) return advice;
  const device = deviceOf(element, model.deviceElements);
  if (!device) return advice;
  // A device file's root has no parent in the file; inside a domain its parent is <devices>.
  const parentName = element.parent?.name ?? (element === device ? 'devices' : undefined);
  const key = subjectKey(parentName, element.name, attr);
  if (device.name !== 'disk' && device.name !== 'controller') return adviseDevice(q, values, device, key, advice);
  const rules = concerned(q.rules, key);
  if (!rules.length) return advice;
  const atDevice = device.name === 'disk' ? model.diskAt(device.nameSpan) : undefined;
  const disk = atDevice?.el === device ? atDevice : undefined;
  const controller = device.name === 'controller' ? model.controllers.find((c) => c.el === device) : undefined;
  if (!disk && !controller) return advice;

  // A controller's models share the disks (withDevice replaces only the controller).
  const affected = controller ? disksOn(model, controller, attr, values) : [];
  // Per value: the findings of warning or error level, by rule and place.
  const perValue = values.map((value) => {
    const changed = deviceWith(element, withAttr(element, attr, value), device);
    const hypothetical = disk ? new Disk(changed, disk.index) : new Controller(changed);
    const m = model.withDevice(hypothetical);
    const ctx = new RuleContext(q.text, m, q.settings);
    const serious = new Map<string, Finding>();
    const disks = hypothetical instanceof Disk ? [hypothetical] : affected;
    for (const rule of rules) {
      if (q.settings.rules?.[rule.id] === 'off') continue;
      for (const d of disks) addSerious(rule, diskFindings(rule, d, ctx), q.settings, serious);
    }
    return serious;
  });
  markValues(values, perValue, advice);
  return advice;
}

/**
 * `<target dev>` of a disk: the first name of its bus's prefix that no other disk uses, since
 * libvirt refuses two disks with one target name.
 */
export function suggestDomainValues(q: ValueQuery<DomainModel>): SuggestedValue[] | undefined {
  const referenced = referenceSuggestions(q);
  if (referenced) return referenced;
  const target = q.element;
  const diskEl = target.parent;
  if (target.name !== 'target' || q.attr !== 'dev' || diskEl?.name !== 'disk') return undefined;
  const bus = target.attrValue('bus');
  const written = target.attrValue('dev') ?? '';
  const prefix = (bus && PREFIX_OF_BUS[bus]) ?? (diskEl.attrValue('device') === 'floppy' ? 'fd' : (prefixOf(written) ?? Object.keys(BUS_OF_PREFIX).find((p) => written !== '' && p.startsWith(written)) ?? 'vd'));
  const name = q.model.targetNames.suggestFor(prefix, written || undefined);
  return [
    {
      value: name,
      detail: `first free ${prefix}X name`,
      documentation: `No other disk of this domain uses \`${name}\`. The name only orders the disks: the guest may call it something else.`,
    },
  ];
}

/** The catalog kind a `<source>` attribute names: `interface/source@network`, `disk/source@pool`, `disk/source@volume`. */
function referencedKind(q: ValueQuery<DomainModel>): CatalogKind | undefined {
  const owner = q.element.parent?.name;
  if (q.element.name !== 'source') return undefined;
  if (owner === 'interface' && q.attr === 'network') return 'network';
  if (owner === 'disk' && (q.attr === 'pool' || q.attr === 'volume')) return q.attr;
  return undefined;
}

const KIND_WORDS: Record<CatalogKind, string> = { network: 'network', pool: 'storage pool', volume: 'volume' };

/** The networks, pools or volumes the host knows from other files, for a `<source>` that names one. */
function referenceSuggestions(q: ValueQuery<DomainModel>): SuggestedValue[] | undefined {
  const kind = referencedKind(q);
  const names = kind && q.settings.catalog?.[kind];
  if (!kind || !names || names.size === 0) return undefined;
  return [...names].sort(([a], [b]) => a.localeCompare(b)).map(([name, where]) => ({ value: name, detail: `${KIND_WORDS[kind]} defined in ${where}`, documentation: `The ${KIND_WORDS[kind]} \`${name}\`, defined by \`${where}\`.` }));
}
