import { isAbsolute, resolve, dirname } from 'node:path';
import { ConfigError } from '@expmon/core';
import type { GrafanaConfig, SecretRef } from './GrafanaConfig.js';

/** Query language of the data source: InfluxQL (1.x, or 2.x through its compatibility API) or Flux (2.x). */
export type GrafanaQueryLanguage = 'InfluxQL' | 'Flux';

/** The InfluxDB data source Grafana queries, as found in the config or the environment. */
export interface GrafanaDatasource {
  name: string;
  uid: string;
  url: string;
  language: GrafanaQueryLanguage;
  /** `v1`: InfluxDB 1.x (`/query`); `v2`: the v2 API (org, bucket, token). */
  api: 'v1' | 'v2';
  /** InfluxQL database (1.x) or the bucket mapped to it (2.x). */
  database?: string;
  org?: string;
  bucket?: string;
  user?: string;
  /** A Grafana reference to the secret (`$__env{NAME}` or `$__file{/path}`), never the secret. */
  password?: string;
  token?: string;
}

/** Options of {@link grafanaDatasource}. */
export interface GrafanaDatasourceOptions {
  /** Query language; default InfluxQL (what the seed lab's dashboards used). */
  language?: GrafanaQueryLanguage;
  /** Data source name; default `expmon InfluxDB`. */
  name?: string;
  /** Data source uid (the dashboard refers to it); default `expmon-influxdb`. */
  uid?: string;
}

/**
 * How Grafana reads a secret: `$__env{NAME}` or `$__file{/absolute/path}` (relative files are
 * taken from the config's folder, as the service runs there).
 *
 * @example
 * grafanaSecretRef({ env: 'INFLUX_TOKEN' }, '/srv/lab'); // '$__env{INFLUX_TOKEN}'
 * grafanaSecretRef({ file: 'influx.pw' }, '/srv/lab');   // '$__file{/srv/lab/influx.pw}'
 */
export function grafanaSecretRef(secret: SecretRef, configDir: string): string {
  if ('env' in secret) return `$__env{${secret.env}}`;
  return `$__file{${isAbsolute(secret.file) ? secret.file : resolve(configDir, secret.file)}}`;
}

/**
 * The InfluxDB that the runner writes to, as a Grafana data source. Like the runner, the
 * environment (`INFLUX_URL` with `INFLUX_DATABASE`, or with `INFLUX_ORG`/`INFLUX_BUCKET`) wins
 * over the config's `sinks`; otherwise the first InfluxDB sink is used. Passwords and tokens
 * become `$__env{...}`/`$__file{...}` references that Grafana resolves when it loads the file:
 * their values are never read.
 *
 * @example
 * grafanaDatasource(config, { INFLUX_URL: 'http://127.0.0.1:8086', INFLUX_DATABASE: 'lab' });
 * // { name: 'expmon InfluxDB', uid: 'expmon-influxdb', api: 'v1', language: 'InfluxQL', database: 'lab', ... }
 */
export function grafanaDatasource(
  config: Pick<GrafanaConfig, 'file' | 'sinks'>,
  env: NodeJS.ProcessEnv = process.env,
  options: GrafanaDatasourceOptions = {},
): GrafanaDatasource {
  const base = { name: options.name ?? 'expmon InfluxDB', uid: options.uid ?? 'expmon-influxdb' };
  const language = options.language ?? 'InfluxQL';
  const fromEnv = env.INFLUX_URL ? datasourceFromEnv(env) : undefined;
  const found = fromEnv ?? datasourceFromSinks(config);
  if (!found) {
    throw new ConfigError(
      'no InfluxDB to show: the config has no influx-v1/influx-v2 sink and INFLUX_URL is not set ' +
        '(set INFLUX_URL with INFLUX_DATABASE, or with INFLUX_ORG and INFLUX_BUCKET)',
      { file: config.file, field: 'sinks' },
    );
  }
  if (found.api === 'v1' && language === 'Flux') {
    throw new ConfigError('Flux needs the InfluxDB v2 API (org, bucket, token); InfluxDB 1.x sinks are queried with InfluxQL', {
      file: config.file,
      field: 'sinks',
    });
  }
  return { ...base, language, ...found, ...(found.api === 'v2' && language === 'InfluxQL' ? { database: found.bucket } : {}) };
}

type Found = Omit<GrafanaDatasource, 'name' | 'uid' | 'language'>;

function datasourceFromEnv(env: NodeJS.ProcessEnv): Found | undefined {
  const url = env.INFLUX_URL!;
  if (env.INFLUX_DATABASE && !env.INFLUX_BUCKET) {
    return {
      api: 'v1',
      url,
      database: env.INFLUX_DATABASE,
      ...(env.INFLUX_USERNAME ? { user: env.INFLUX_USERNAME } : {}),
      ...(env.INFLUX_PASSWORD ? { password: '$__env{INFLUX_PASSWORD}' } : {}),
    };
  }
  if (env.INFLUX_ORG && env.INFLUX_BUCKET) {
    return {
      api: 'v2',
      url,
      org: env.INFLUX_ORG,
      bucket: env.INFLUX_BUCKET,
      ...(env.INFLUX_TOKEN ? { token: '$__env{INFLUX_TOKEN}' } : {}),
    };
  }
  throw new ConfigError('INFLUX_URL is set: also set INFLUX_DATABASE (InfluxDB 1.x) or INFLUX_ORG and INFLUX_BUCKET (v2 API)', {
    field: 'environment',
  });
}

function datasourceFromSinks(config: Pick<GrafanaConfig, 'file' | 'sinks'>): Found | undefined {
  const dir = dirname(config.file);
  for (const s of config.sinks) {
    if (s.type === 'influx-v1') {
      return {
        api: 'v1',
        url: s.url,
        database: s.database,
        ...(s.username ? { user: s.username } : {}),
        ...(s.password ? { password: grafanaSecretRef(s.password, dir) } : {}),
      };
    }
    if (s.type === 'influx-v2') {
      return { api: 'v2', url: s.url, org: s.org, bucket: s.bucket, ...(s.token ? { token: grafanaSecretRef(s.token, dir) } : {}) };
    }
  }
  return undefined;
}

/**
 * The data source as a Grafana provisioning document (`datasources/expmon.yaml`).
 *
 * @example
 * datasourceProvisioning(grafanaDatasource(config));
 * // { apiVersion: 1, datasources: [{ name: 'expmon InfluxDB', type: 'influxdb', access: 'proxy', ... }] }
 */
export function datasourceProvisioning(ds: GrafanaDatasource): Record<string, unknown> {
  const common = { name: ds.name, uid: ds.uid, type: 'influxdb', access: 'proxy', url: ds.url, editable: false };
  let entry: Record<string, unknown>;
  if (ds.api === 'v1') {
    entry = {
      ...common,
      ...(ds.user ? { user: ds.user } : {}),
      jsonData: { dbName: ds.database, httpMode: 'POST' },
      ...(ds.password ? { secureJsonData: { password: ds.password } } : {}),
    };
  } else if (ds.language === 'Flux') {
    entry = {
      ...common,
      jsonData: { version: 'Flux', organization: ds.org, defaultBucket: ds.bucket },
      ...(ds.token ? { secureJsonData: { token: ds.token } } : {}),
    };
  } else {
    // InfluxQL on the v2 API: the bucket needs a DBRP mapping (automatic for buckets made by the 1.x API).
    entry = {
      ...common,
      jsonData: { version: 'InfluxQL', dbName: ds.database, httpMode: 'POST', ...(ds.token ? { httpHeaderName1: 'Authorization' } : {}) },
      ...(ds.token ? { secureJsonData: { httpHeaderValue1: `Token ${ds.token}` } } : {}),
    };
  }
  return { apiVersion: 1, datasources: [entry] };
}
