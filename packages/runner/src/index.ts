export { defineConfig } from './config/defineConfig.js';
export type {
  ExpmonConfig,
  SourceEntry,
  SinkConfig,
  InfluxV1SinkConfig,
  InfluxV2SinkConfig,
  FileSinkConfig,
} from './config/defineConfig.js';
export type { Secret } from './config/Secret.js';
export { parseDuration, type Duration } from './config/parseDuration.js';
export { loadConfig, validateConfig, type ResolvedConfig, type ResolvedSource, type ConfigOverrides } from './config/loadConfig.js';
export { resolveSinks, type NamedSink } from './config/resolveSinks.js';
export { Runner, type RunnerOptions, type RunnerStats } from './Runner.js';
export { checkSources, type CheckRow } from './checkSources.js';
export { flushQueues } from './flushQueues.js';
export { pollSource, readWithTimeout, type PollOutcome, type PollSourceOptions } from './pollSource.js';
export { alignedTicks } from './alignedTicks.js';
export { createLogger } from './createLogger.js';
export { SourceHealth, HEALTH_MEASUREMENT, type SourceState } from './status/SourceHealth.js';
export { StatusServer, type StatusServerOptions } from './status/StatusServer.js';
export { cleanSpikes, type CleanSpikesOptions, type CleanSpikesReport, type SeriesSpikes } from './spikes/cleanSpikes.js';
export { findSpikes, type FoundSpike, type SpikeSearchOptions } from './spikes/findSpikes.js';
export type { SpikeStore, StoredSeries, StoredPoint, SeriesQuery } from './spikes/SpikeStore.js';
export { InfluxV1SpikeStore, type InfluxV1SpikeStoreOptions } from './spikes/InfluxV1SpikeStore.js';
export { InfluxV2SpikeStore, type InfluxV2SpikeStoreOptions } from './spikes/InfluxV2SpikeStore.js';
export { resolveSpikeStores } from './spikes/resolveSpikeStores.js';
export { parseTimeArg } from './spikes/parseTimeArg.js';
export { parseRfc3339Nano, formatNanoTime } from './spikes/nanoTime.js';
export type { AlertsConfig, AlertRule, EmailNotifyConfig, WebhookNotifyConfig, RateLimitConfig } from './alerts/AlertsConfig.js';
export { resolveAlerts, type ResolvedAlerts, type ResolvedRule, type ResolvedLimit } from './alerts/resolveAlerts.js';
export { AlertEngine, type AlertEvent, type AlertState, type AlertEngineOptions, type FiringAlert } from './alerts/AlertEngine.js';
export { evaluateAlerts } from './alerts/evaluateAlerts.js';
export { AlertDispatcher, type AlertDispatcherOptions, type DispatcherState } from './alerts/AlertDispatcher.js';
export { Alerting, createNotifiers, type AlertingHost, type AlertingOptions } from './alerts/Alerting.js';
export { buildAlertMessage, type AlertMessage, type AlertChart } from './alerts/AlertMessage.js';
export type { Notifier } from './alerts/Notifier.js';
export { EmailNotifier } from './alerts/EmailNotifier.js';
export { WebhookNotifier, type WebhookPayload } from './alerts/WebhookNotifier.js';
export { RateLimiter } from './alerts/RateLimiter.js';
export { SilenceFile, type Silence } from './alerts/SilenceFile.js';
export { SeriesWindow, type SeriesPoint } from './alerts/SeriesWindow.js';
export { renderChart, type ChartSpec } from './alerts/renderChart.js';
export { grafanaProvisioning, writeProvisioningFiles, type GrafanaProvisioningOptions, type ProvisioningFile } from './grafana/grafanaProvisioning.js';
export {
  grafanaDatasource,
  datasourceProvisioning,
  grafanaSecretRef,
  type GrafanaDatasource,
  type GrafanaDatasourceOptions,
  type GrafanaQueryLanguage,
} from './grafana/grafanaDatasource.js';
export { grafanaUnit } from './grafana/grafanaUnit.js';
export { renderSystemdUnit, type SystemdUnitOptions } from './service/systemdUnit.js';
export { planService, type ServicePlan, type ServicePlanOptions } from './service/planService.js';
export { installService, type InstallServiceOptions } from './service/installService.js';
export { uninstallService, type UninstallServiceOptions } from './service/uninstallService.js';
