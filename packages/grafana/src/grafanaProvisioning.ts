import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { GrafanaConfig } from './GrafanaConfig.js';
import { thresholdRules } from './alertThresholds.js';
import { buildDashboard } from './buildDashboard.js';
import { datasourceProvisioning, grafanaDatasource, type GrafanaQueryLanguage } from './grafanaDatasource.js';
import { BACKUP_LOOK_BACK, BACKUP_MEASUREMENT } from './backupPanels.js';
import { fluxLastWithin, fluxQueries, influxqlLastWithin, influxqlQueries } from './sensorQueries.js';

/**
 * Options of {@link grafanaProvisioning}.
 *
 * @example
 * grafanaProvisioning(config, { outDir: 'grafana', language: 'Flux', backups: false });
 */
export interface GrafanaProvisioningOptions {
  /** Folder the files are written to (its `dashboards/` is where Grafana finds the JSON). */
  outDir: string;
  /** Where Grafana will read the dashboard JSON from; default `<outDir>/dashboards` (absolute). */
  dashboardsPath?: string;
  /** Query language; default InfluxQL. */
  language?: GrafanaQueryLanguage;
  /** Dashboard title; default `expmon: <config file name>`. */
  title?: string;
  /** Dashboard uid; default `expmon-<config file name>`. */
  uid?: string;
  /** Grafana folder of the dashboard; default `expmon`. */
  folder?: string;
  /** A `backups` row on the last run of `expmon-runner backup` (`expmon_backup`); default true. */
  backups?: boolean;
  /** Environment with `INFLUX_*` (wins over the config's sinks); default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** One file to write, relative to the output folder. */
export interface ProvisioningFile {
  path: string;
  content: string;
}

/**
 * Grafana provisioning files for a config: `datasources/expmon.yaml` (the InfluxDB the runner
 * writes to), `dashboards/expmon.yaml` (a file provider) and `dashboards/expmon.json` (a
 * time series and a gauge per source, in rows by group, with units, descriptions and alert
 * thresholds, and a row on the last backup). Secrets appear only as `$__env{...}`/`$__file{...}` references.
 *
 * @example
 * const files = grafanaProvisioning(await loadConfig('lab.config.ts'), { outDir: 'grafana' });
 * files.map((f) => f.path); // ['datasources/expmon.yaml', 'dashboards/expmon.yaml', 'dashboards/expmon.json']
 */
export function grafanaProvisioning(config: GrafanaConfig, options: GrafanaProvisioningOptions): ProvisioningFile[] {
  const ds = grafanaDatasource(config, options.env ?? process.env, { language: options.language });
  const slug = basename(config.file).replace(/\.(config\.)?[cm]?[jt]s$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').toLowerCase() || 'lab';
  const datasourceRef = { type: 'influxdb', uid: ds.uid };
  const dashboard = buildDashboard({
    title: options.title ?? `expmon: ${slug}`,
    uid: (options.uid ?? `expmon-${slug}`).slice(0, 40),
    language: ds.language,
    datasource: datasourceRef,
    queries: ds.language === 'Flux' ? (m) => fluxQueries(ds.bucket!, m) : (m) => influxqlQueries(m),
    ...(options.backups === false
      ? {}
      : {
          backupQuery:
            ds.language === 'Flux'
              ? (f: string) => fluxLastWithin(ds.bucket!, BACKUP_MEASUREMENT, f, BACKUP_LOOK_BACK)
              : (f: string) => influxqlLastWithin(BACKUP_MEASUREMENT, f, BACKUP_LOOK_BACK),
        }),
    rules: thresholdRules(config),
    intervalMs: config.intervalMs,
    sensors: config.sources.map((s) => ({
      measurement: s.source.name,
      group: s.group,
      ...(s.description ? { description: s.description } : {}),
      ...(s.unit ? { unit: s.unit } : {}),
    })),
  });
  const provider = {
    apiVersion: 1,
    providers: [
      {
        name: 'expmon',
        orgId: 1,
        folder: options.folder ?? 'expmon',
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: resolve(options.dashboardsPath ?? join(options.outDir, 'dashboards')), foldersFromFilesStructure: false },
      },
    ],
  };
  const header = '# Written by `expmon-runner grafana` from ' + config.file + '; generate again after changing the config.\n';
  return [
    { path: 'datasources/expmon.yaml', content: header + stringify(datasourceProvisioning(ds)) },
    { path: 'dashboards/expmon.yaml', content: header + stringify(provider) },
    { path: 'dashboards/expmon.json', content: `${JSON.stringify(dashboard, null, 2)}\n` },
  ];
}

/**
 * Writes provisioning files under a folder (each replaced atomically; mode 0644: they hold
 * no secret).
 *
 * @example
 * await writeProvisioningFiles('/etc/grafana/provisioning', grafanaProvisioning(config, { outDir: '/etc/grafana/provisioning' }));
 */
export async function writeProvisioningFiles(outDir: string, files: readonly ProvisioningFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const f of files) {
    const path = join(outDir, f.path);
    await mkdir(join(path, '..'), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(tmp, f.content, { mode: 0o644 });
    await rename(tmp, path);
    written.push(path);
  }
  return written;
}
