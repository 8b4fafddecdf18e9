/**
 * The sandbox of every expmon systemd unit (the runner's and the backup's): everything
 * read-only but the paths the unit lists in `ReadWritePaths`/`StateDirectory`, a private
 * /tmp, no privileges to gain, no capabilities. Written once so that the units cannot drift
 * apart. `addressFamilies`: AF_UNIX and AF_INET* always; the runner adds AF_NETLINK (libusb/udev
 * hot-plug events of Phidgets).
 *
 * @example
 * const lines = ['[Service]', 'Type=oneshot', ...sandboxLines()];
 */
export function sandboxLines(options: { netlink?: boolean } = {}): string[] {
  return [
    '# Hardening: everything read-only but the paths above; no privileges to gain.',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'ProtectHome=read-only',
    'PrivateTmp=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectHostname=yes',
    'RestrictSUIDSGID=yes',
    'RestrictRealtime=yes',
    'RestrictNamespaces=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    // AF_INET*: InfluxDB, VictoriaMetrics, SNMP, Arduino TCP.
    `RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6${options.netlink ? ' AF_NETLINK' : ''}`,
    'CapabilityBoundingSet=',
  ];
}
