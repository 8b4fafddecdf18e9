import { Command, Option } from 'commander';
import type { GrafanaQueryLanguage } from '@expmon/grafana';
import { loadConfig } from './config/loadConfig.js';

interface GrafanaFlags {
  out: string;
  language: 'influxql' | 'flux';
  dashboardsPath?: string;
  title?: string;
  uid?: string;
  folder: string;
  backups: boolean;
}

/**
 * Adds `grafana CONFIG --out DIR` to the CLI: Grafana provisioning files (data source,
 * dashboard provider, dashboard) generated from a config.
 *
 * @example
 * registerGrafanaCommand(program);
 * // expmon-runner grafana lab.config.ts --out /etc/grafana/provisioning
 */
export function registerGrafanaCommand(program: Command): Command {
  return program
    .command('grafana')
    .description('write Grafana provisioning files from a config: the InfluxDB data source and a dashboard (time series + gauge per sensor, alert thresholds, last backup)')
    .argument('<config>', 'config file (lab.config.ts)')
    .requiredOption('-o, --out <dir>', 'output folder (e.g. /etc/grafana/provisioning): datasources/expmon.yaml, dashboards/expmon.yaml, dashboards/expmon.json')
    .addOption(new Option('--language <language>', 'query language').choices(['influxql', 'flux']).default('influxql'))
    .option('--dashboards-path <dir>', 'where Grafana reads the dashboard JSON (default: <out>/dashboards)')
    .option('--title <title>', 'dashboard title (default: expmon: <config name>)')
    .option('--uid <uid>', 'dashboard uid, at most 40 characters (default: expmon-<config name>)')
    .option('--folder <folder>', 'Grafana folder of the dashboard', 'expmon')
    .option('--no-backups', 'leave out the row on the last backup (expmon_backup, written by the backup command)')
    .addHelpText(
      'after',
      `
The data source is the InfluxDB of INFLUX_URL (with INFLUX_DATABASE, or INFLUX_ORG and INFLUX_BUCKET),
else the config's first influx-v1/influx-v2 sink. Passwords and tokens are written as Grafana
references ($__env{INFLUX_TOKEN}, $__file{/path}), never as values.`,
    )
    .action(async (config: string, flags: GrafanaFlags) => {
      const cfg = await loadConfig(config);
      const { grafanaProvisioning, writeProvisioningFiles } = await import('@expmon/grafana');
      const files = grafanaProvisioning(cfg, {
        outDir: flags.out,
        dashboardsPath: flags.dashboardsPath,
        language: (flags.language === 'flux' ? 'Flux' : 'InfluxQL') satisfies GrafanaQueryLanguage,
        title: flags.title,
        uid: flags.uid,
        folder: flags.folder,
        backups: flags.backups,
      });
      for (const path of await writeProvisioningFiles(flags.out, files)) process.stdout.write(`wrote ${path}\n`);
      await Promise.allSettled(cfg.sources.map((e) => e.source.close?.()));
      process.exit(0);
    });
}
