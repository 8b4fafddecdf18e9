// `@expmon/runner`: what a config file imports. Only `defineConfig`, `parseDuration` and
// types: importing it loads no runtime dependency (no zod, pino, commander, esbuild, alerts
// or Grafana), see docs/adr/0050-runner-public-api.md. A lab script that runs a config
// imports `@expmon/runner/script`; everything else is internal.
export { defineConfig } from './config/defineConfig.js';
export type {
  ExpmonConfig,
  SourceEntry,
  SinkConfig,
  InfluxV1SinkConfig,
  InfluxV2SinkConfig,
  FileSinkConfig,
} from './config/defineConfig.js';
export type { Secret } from '@expmon/core';
export type { Sink } from '@expmon/store';
export { parseDuration, type Duration } from '@expmon/source-kit/parseDuration';
export type { AlertsConfig, AlertRule, EmailNotifyConfig, WebhookNotifyConfig, RateLimitConfig } from '@expmon/alerts/config';
