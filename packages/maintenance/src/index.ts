// @expmon/maintenance: the lab server's maintenance commands (none of which the 24/7 runner
// needs). `expmon-runner` loads this package only inside these commands' actions.
export { describeTarget, type DatabaseTarget } from './DatabaseTarget.js';
export { identifyDatabase } from './identifyDatabase.js';

export { MissingToolError } from './errors/MissingToolError.js';
export { ToolFailedError } from './errors/ToolFailedError.js';
export { NotSupportedError } from './errors/NotSupportedError.js';
export { DatabaseUnreachableError } from './errors/DatabaseUnreachableError.js';

export { backupCommand, type BackupCommandOptions, type BackupReport } from './backup/backupCommand.js';
export { readManifest, writeManifest, MANIFEST_FILE, type BackupManifest, type BackupEngine } from './backup/BackupManifest.js';
export { pruneBackups, type PruneResult } from './backup/pruneBackups.js';
export type { BackupRecord } from './backup/BackupRecord.js';
export { writeBackupRecord } from './backup/writeBackupRecord.js';
export type { EngineBackup } from './backup/EngineBackup.js';
export { engineBackupFor, type EngineBackupSettings } from './backup/engineBackupFor.js';
export { InfluxV1Backup, type InfluxV1BackupOptions } from './backup/InfluxV1Backup.js';
export { InfluxV2Backup, type InfluxV2BackupOptions } from './backup/InfluxV2Backup.js';
export { VictoriaMetricsBackup, type VictoriaMetricsBackupOptions } from './backup/VictoriaMetricsBackup.js';
export { compareCounts } from './backup/compareCounts.js';
export { countInfluxV1, type InfluxV1CountTarget } from './backup/countInfluxV1.js';
export { countInfluxV2, type InfluxV2CountTarget } from './backup/countInfluxV2.js';
export { countVictoriaMetrics } from './backup/countVictoriaMetrics.js';

export { renameSeriesCommand, type RenameSeriesOptions, type RenameSeriesReport } from './rename/renameSeriesCommand.js';
export { seriesKey, type RenameStore, type SeriesCount } from './rename/RenameStore.js';
export { InfluxV1RenameStore, type InfluxV1RenameStoreOptions } from './rename/InfluxV1RenameStore.js';
export { InfluxV2RenameStore, type InfluxV2RenameStoreOptions } from './rename/InfluxV2RenameStore.js';

export { spikesCommand, type SpikesCommandOptions } from './spikes/spikesCommand.js';
export { cleanSpikes, type CleanSpikesOptions, type CleanSpikesReport, type SeriesSpikes } from './spikes/cleanSpikes.js';
export { findSpikes, type FoundSpike, type SpikeSearchOptions } from './spikes/findSpikes.js';
export type { SpikeStore, StoredSeries, StoredPoint, SeriesQuery } from './spikes/SpikeStore.js';
export { InfluxV1SpikeStore, type InfluxV1SpikeStoreOptions } from './spikes/InfluxV1SpikeStore.js';
export { InfluxV2SpikeStore, type InfluxV2SpikeStoreOptions } from './spikes/InfluxV2SpikeStore.js';
export { spikeStoreFor } from './spikes/spikeStoreFor.js';
export { parseTimeArg } from './spikes/parseTimeArg.js';
export { parseRfc3339Nano, formatNanoTime } from './spikes/nanoTime.js';

export {
  serviceInstallCommand,
  serviceStatusCommand,
  serviceLogsCommand,
  serviceUninstallCommand,
  type ServiceInstallCommandOptions,
  type CommandOutput,
} from './service/serviceCommand.js';
export { renderSystemdUnit, type SystemdUnitOptions } from './service/systemdUnit.js';
export { renderBackupUnits, type BackupUnits, type BackupUnitsOptions } from './service/backupUnits.js';
export { planService, type ServicePlan, type ServicePlanOptions, type ServiceBackupOptions } from './service/planService.js';
export { installService, type InstallServiceOptions } from './service/installService.js';
export { uninstallService, type UninstallServiceOptions } from './service/uninstallService.js';
export { parseEnvironmentFile, renderEnvironmentFile, maskEnvironment } from './service/environmentFile.js';
export { systemdEscape, systemdValue } from './service/systemdEscape.js';
export { runSystemTool, type SystemToolResult } from './service/runSystemTool.js';
export { BackupAgeSource, type BackupAgeSourceOptions } from './backup/BackupAgeSource.js';
