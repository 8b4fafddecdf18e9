import type { StarterDriver } from './starterDrivers.js';

/**
 * The `.env` template `expmon-runner init` writes next to the starter config: every setting
 * commented out, so the config runs against its simulators as written. Secrets belong here
 * (or in files), never in the config. The systemd unit of `expmon-runner service install`
 * reads such a file; in a shell, `set -a; . ./.env; set +a` loads it.
 *
 * @example
 * writeFileSync('.env', envTemplate(['eaton']), { mode: 0o600 });
 */
export function envTemplate(drivers: readonly StarterDriver[]): string {
  const lines = [
    '# expmon environment for lab.config.ts. Uncomment what you have; unset devices are simulated.',
    '# Load it in a shell with: set -a; . ./.env; set +a   (systemd: EnvironmentFile=)',
    '# Keep this file private (chmod 600): it holds secrets.',
    '',
  ];
  if (drivers.includes('phidget')) {
    lines.push('# Phidget Network Server', '# PHIDGET_SERVER_HOST=pi-lab.local', '# PHIDGET_SERVER_PORT=5661', '# PHIDGET_SERVER_PASSWORD=', '# PHIDGET_HUB_SERIAL=620000', '');
  }
  if (drivers.includes('arduino')) lines.push('# Arduino ADC (adc.ino)', '# ARDUINO_HOST=10.0.0.7', '');
  if (drivers.includes('eaton')) lines.push('# Eaton UPS, SNMPv3', '# UPS_HOST=10.0.0.3', '# UPS_USER=exp_monitor', '# UPS_AUTH_KEY=', '');
  lines.push(
    '# Database (wins over the config\'s sinks). InfluxDB 1.x:',
    '# INFLUX_URL=http://127.0.0.1:8086',
    '# INFLUX_DATABASE=lab',
    '# INFLUX_USERNAME=',
    '# INFLUX_PASSWORD=',
    '# or the InfluxDB v2 write API (2.x, 3.x, 1.8+, VictoriaMetrics):',
    '# INFLUX_TOKEN=',
    '# INFLUX_ORG=',
    '# INFLUX_BUCKET=',
    '',
  );
  return lines.join('\n');
}
