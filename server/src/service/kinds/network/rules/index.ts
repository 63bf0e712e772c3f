import type { NetworkRule } from './common';
import { networkBridgeNameLength } from './network-bridge-name-length';
import { networkBridgeSettingsMode } from './network-bridge-settings-mode';
import { networkDhcpHosts } from './network-dhcp-hosts';
import { networkDhcpRange } from './network-dhcp-range';
import { networkDnsDisabledRecords } from './network-dns-disabled-records';
import { networkForwardDevices } from './network-forward-devices';
import { networkForwardPoolMode } from './network-forward-pool-mode';
import { networkForwardNeedsIp } from './network-forward-needs-ip';
import { networkIpAddress } from './network-ip-address';
import { networkModeHostSettings } from './network-mode-host-settings';
import { networkMultipleDhcp } from './network-multiple-dhcp';
import { networkNameChars } from './network-name-chars';
import { networkNatOutsideNatMode } from './network-nat-outside-nat-mode';
import { networkNatRange } from './network-nat-range';

/** The rules of `<network>` documents, one line each. */
export const networkRules: readonly NetworkRule[] = [
  networkNameChars,
  networkForwardNeedsIp,
  networkNatOutsideNatMode,
  networkNatRange,
  networkModeHostSettings,
  networkBridgeSettingsMode,
  networkForwardDevices,
  networkForwardPoolMode,
  networkIpAddress,
  networkDhcpRange,
  networkDhcpHosts,
  networkMultipleDhcp,
  networkDnsDisabledRecords,
  networkBridgeNameLength,
];
