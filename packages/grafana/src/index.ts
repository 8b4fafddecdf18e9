export type { GrafanaConfig, GrafanaSinkConfig, GrafanaSourceConfig, SecretRef } from './GrafanaConfig.js';
export { grafanaProvisioning, writeProvisioningFiles, type GrafanaProvisioningOptions, type ProvisioningFile } from './grafanaProvisioning.js';
export {
  grafanaDatasource,
  datasourceProvisioning,
  grafanaSecretRef,
  type GrafanaDatasource,
  type GrafanaDatasourceOptions,
  type GrafanaQueryLanguage,
} from './grafanaDatasource.js';
export { grafanaUnit } from './grafanaUnit.js';
export { influxqlQueries, fluxQueries, influxqlLastWithin, fluxLastWithin, type SensorQueries } from './sensorQueries.js';
export { BACKUP_MEASUREMENT, BACKUP_LOOK_BACK } from './backupPanels.js';
export { panelThresholds, thresholdRules, type ThresholdRule, type ThresholdStep, type PanelThresholds } from './alertThresholds.js';
