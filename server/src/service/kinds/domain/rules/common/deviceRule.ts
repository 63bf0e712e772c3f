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
  /** Pushes the findings about the domain as a whole (not asked by completion). */
  checkDomain?(ctx: DomainContext, out: Finding[]): void;
}

export type DeviceRuleSpec = Omit<DeviceRule, 'check'>;

export function deviceRule(spec: DeviceRuleSpec): DeviceRule {
  return {
    ...spec,
    check(ctx) {
      if (this.appliesTo && !this.appliesTo(ctx)) return [];
      const out: Finding[] = [];
      for (const el of ctx.model.deviceElements) if (this.devices.includes(el.name)) this.checkDevice(el, ctx, out);
      this.checkDomain?.(ctx, out);
      return out;
    },
  };
}

export function isDeviceRule(rule: DomainRule): rule is DeviceRule {
  return typeof (rule as Partial<DeviceRule>).checkDevice === 'function';
}

/** The findings a device rule makes about one device (none when the rule does not apply). */
export function deviceFindings(rule: DeviceRule, el: XElement, ctx: DomainContext): Finding[] {
  if (rule.appliesTo && !rule.appliesTo(ctx)) return [];
  const out: Finding[] = [];
  rule.checkDevice(el, ctx, out);
  return out;
}

/** The device element a span lies in (to find a finding's device again in a fix). */
export function deviceAt(ctx: DomainContext, start: number): XElement | undefined {
  return ctx.model.deviceElements.find((el) => el.start <= start && start < el.end);
}
