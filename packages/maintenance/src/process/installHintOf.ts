/** The package that ships each tool the maintenance commands run. */
const HINTS: Record<string, string> = {
  influxd: 'the Debian package influxdb (apt-get install influxdb), which ships influxd with its backup and restore commands',
  influx: "InfluxDB 2's CLI, the package influxdb2-cli from InfluxData's repository (https://docs.influxdata.com/influxdb/v2/tools/influx-cli/)",
  vmbackup: 'the Debian package victoria-metrics (apt-get install victoria-metrics), which ships vmbackup and vmrestore',
  vmrestore: 'the Debian package victoria-metrics (apt-get install victoria-metrics), which ships vmbackup and vmrestore',
  'victoria-metrics': 'the Debian package victoria-metrics (apt-get install victoria-metrics)',
};

/**
 * How to install a tool, for a {@link MissingToolError}.
 *
 * @example
 * installHintOf('vmbackup'); // 'the Debian package victoria-metrics (apt-get install victoria-metrics), which ships …'
 */
export function installHintOf(tool: string): string {
  return HINTS[tool] ?? `${tool} (it is not on PATH)`;
}
