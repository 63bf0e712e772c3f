// Small networks and pools that libvirt's test driver accepts as they are (addresses from the
// documentation range 192.0.2.0/24), shared by the unit and end-to-end live tests.

export const NETWORK = `<network>
  <name>lab</name>
  <forward mode='nat'/>
  <bridge name='virbr7'/>
  <ip address='192.0.2.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.0.2.10' end='192.0.2.99'/>
    </dhcp>
  </ip>
</network>
`;

export const POOL = `<pool type='dir'>
  <name>images</name>
  <target>
    <path>/var/lib/libvirt/images</path>
  </target>
</pool>
`;

/** The DHCP range of NETWORK, after which a static host can be added. */
export const NETWORK_RANGE = "<range start='192.0.2.10' end='192.0.2.99'/>";
