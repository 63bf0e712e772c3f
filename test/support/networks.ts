/**
 * A routed network with a `<nat>` (network-nat-outside-nat-mode, error at 3:5-3:8) and a
 * reversed DHCP range (network-dhcp-range, error at 8:7-8:12), with a static host and a route.
 */
export const ROUTED_WITH_NAT = `<network>
  <name>lab</name>
  <forward mode='route'>
    <nat/>
  </forward>
  <bridge name='virbr9'/>
  <ip address='192.0.2.1' prefix='24'>
    <dhcp>
      <range start='192.0.2.100' end='192.0.2.10'/>
      <host mac='52:54:00:00:00:01' name='web' ip='192.0.2.5'/>
    </dhcp>
  </ip>
  <route address='198.51.100.0' prefix='24' gateway='192.0.2.2'/>
</network>
`;
