import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MonoTypeOperatorFunction } from 'rxjs';
import { ConfigError, parseDuration, type Reading, type Source } from '@expmon/core';
import type { AlertsConfig } from '@expmon/alerts/config';
import { resolveAlerts, type ResolvedAlerts } from '@expmon/alerts/config';
import { configSchema, type ParsedConfig } from './configSchema.js';
import { importTypeScript } from './importTypeScript.js';
import { readTimeout } from './readTimeout.js';

/** A source ready to run. */
export interface ResolvedSource {
  source: Source;
  operators: MonoTypeOperatorFunction<Reading>[];
  intervalMs: number;
  timeoutMs: number;
  description: string | undefined;
  /** Dashboard group: the entry's `group`, else the source's device. */
  group: string;
  /** Unit of the stored `value`, for dashboards (the entry's `unit`). */
  unit: string | undefined;
}

/** A validated config with every default filled in. */
export interface ResolvedConfig {
  /** Absolute path of the config file. */
  file: string;
  intervalMs: number;
  sources: ResolvedSource[];
  sinks: NonNullable<ParsedConfig['sinks']>;
  dataDir: string;
  maxQueueBytes: number;
  batchSize: number;
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Alert rules and notifiers; undefined when the config has none. */
  alerts: ResolvedAlerts | undefined;
  status: {
    health: boolean;
    /** An unchanged health state is stored at most this often (a change is stored at once). */
    healthEveryMs: number;
    http: { port: number; host: string } | undefined;
  };
}

/** Settings from the command line that win over the file. */
export interface ConfigOverrides {
  interval?: string;
  dataDir?: string;
}

/**
 * Loads a TypeScript config (compiled by esbuild, see importTypeScript) or a JavaScript one,
 * validates its default export with zod and fills in defaults. Every problem is a {@link ConfigError} naming the file and
 * the field (`sources[2].interval`), thrown before anything starts.
 */
export async function loadConfig(path: string, overrides: ConfigOverrides = {}): Promise<ResolvedConfig> {
  const file = resolve(path);
  if (!existsSync(file)) throw new ConfigError('config file not found', { file });
  let exported: unknown;
  try {
    if (/\.m?js$/.test(file)) {
      // Plain JavaScript: Node's own loader (no TypeScript transform, less memory).
      exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    } else {
      exported = (await importTypeScript(file)).default;
    }
  } catch (cause) {
    if (ConfigError.isInstance(cause)) {
      throw new ConfigError((cause as Error).message, { file, cause });
    }
    throw new ConfigError(`cannot load: ${(cause as Error)?.stack ?? String(cause)}`, { file, cause });
  }
  return validateConfig(exported, file, overrides);
}

/** Validates a config object (the default export of a config file). */
export function validateConfig(exported: unknown, file: string, overrides: ConfigOverrides = {}): ResolvedConfig {
  if (exported === undefined || exported === null) {
    throw new ConfigError('has no default export (export default defineConfig({...}))', { file });
  }
  const parsed = configSchema.safeParse(exported);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    if (issues.length === 1) {
      throw new ConfigError(issues[0]!.message, { file, field: formatPath(issues[0]!.path) });
    }
    const lines = issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`);
    throw new ConfigError(`${issues.length} problems:\n${lines.join('\n')}`, { file });
  }
  const c = parsed.data;
  let intervalMs = parseDuration(c.interval ?? '5s')!;
  if (overrides.interval !== undefined) {
    const ms = parseDuration(overrides.interval);
    if (ms === undefined) throw new ConfigError(`--interval ${overrides.interval} is not a duration such as 5s or 200ms`, {});
    intervalMs = ms;
  }
  const sources = c.sources.map((e, i) => {
    // --interval wins over per-source intervals too: the same config on a test bench.
    const ms = overrides.interval !== undefined ? intervalMs : (parseDuration(e.interval) ?? intervalMs);
    return {
      source: e.source,
      operators: e.operators ?? [],
      intervalMs: ms,
      timeoutMs: readTimeout(e.source, parseDuration(e.timeout), ms, file, `sources[${i}]`, overrides.interval !== undefined),
      description: e.description,
      group: e.group ?? e.source.device,
      unit: e.unit,
    };
  });
  const dataDir = overrides.dataDir
    ? resolve(overrides.dataDir)
    : resolve(dirname(file), c.dataDir ?? 'expmon-data');
  return {
    file,
    intervalMs,
    sources,
    sinks: c.sinks ?? [],
    dataDir,
    maxQueueBytes: c.maxQueueBytes ?? 512 * 1024 * 1024,
    batchSize: c.batchSize ?? 5000,
    shutdownTimeoutMs: parseDuration(c.shutdownTimeout) ?? 10_000,
    logLevel: c.logLevel ?? 'info',
    alerts: c.alerts ? resolveAlerts(c.alerts as AlertsConfig, dirname(file)) : undefined,
    status: {
      health: c.status?.health ?? true,
      healthEveryMs: parseDuration(c.status?.healthEvery) ?? 60_000,
      http: c.status?.http ? { port: c.status.http.port, host: c.status.http.host ?? '127.0.0.1' } : undefined,
    },
  };
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(config)';
}
