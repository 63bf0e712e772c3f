import type { XElement } from '../../../../parse/xmlTree';
import type { Finding } from '../../../../types';
import type { DomainContext, DomainRule } from './diskRule';

/**
 * A rule that judges devices other than disks one at a time (`<interface>`, `<tpm>`,
 * `<iommu>`, `<serial>` …) from the device element and the domain around it, and optionally
 * the domain as a whole (`checkDomain`, e.g. two devices where libvirt allows one). Completion
 * runs the same `checkDevice` on a copy of the device with a value written in, so the values it
 * marks are those the rule reports.
 */
export interface DeviceRule extends DomainRule {
  /** The device element names `checkDevice` judges. */
  readonly devices: readonly string[];
  appliesTo?(ctx: DomainContext): boolean;
  /** Pushes the findings about one device. */
  checkDevice(el: XElement, ctx: DomainContext, out: Finding[]): void;
  /**
   * Pushes the findings about the devices together (e.g. two where libvirt allows one), from
   * `devices`: the domain's device elements, or for completion the same with one device replaced.
   */
  checkDomain?(ctx: DomainContext, devices: readonly XElement[], out: Finding[]): void;
}

export type DeviceRuleSpec = Omit<DeviceRule, 'check'>;

export function deviceRule(spec: DeviceRuleSpec): DeviceRule {
  return {
    ...spec,
    check(ctx) {
      if (this.appliesTo && !this.appliesTo(ctx)) return [];
      const out: Finding[] = [];
      const elements = ctx.model.deviceElements;
      for (let i = 0; i < elements.length; i++) if (this.devices.includes(elements[i].name)) this.checkDevice(elements[i], ctx, out);
      this.checkDomain?.(ctx, ctx.model.deviceElements, out);
      return out;
    },
  };
}

export function isDeviceRule(rule: DomainRule): rule is DeviceRule {
  return typeof (rule as Partial<DeviceRule>).checkDevice === 'function';
}

/**
 * The findings a device rule makes about one device and about the devices together, with
 * `el` standing in for the device it is a view of (none when the rule does not apply).
 */
export function deviceFindings(rule: DeviceRule, el: XElement, ctx: DomainContext, replaces: XElement = el): Finding[] {
  if (rule.appliesTo && !rule.appliesTo(ctx)) return [];
  const out: Finding[] = [];
  rule.checkDevice(el, ctx, out);
  rule.checkDomain?.(ctx, ctx.model.deviceElements.map((d) => (d === replaces ? el : d)), out);
  return out;
}

/** The device element a span lies in (to find a finding's device again in a fix). */
export function deviceAt(ctx: DomainContext, start: number): XElement | undefined {
  return ctx.model.deviceElements.find((el) => el.start <= start && start < el.end);
}
