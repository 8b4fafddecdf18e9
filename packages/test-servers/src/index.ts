export { freePort } from './freePort.js';
export { waitFor } from './waitFor.js';
export { ServerProcess } from './ServerProcess.js';
export { InfluxDb1Server, startInfluxDb1, type InfluxRow } from './InfluxDb1Server.js';
export { VictoriaMetricsServer, startVictoriaMetrics, type ExportedSeries } from './VictoriaMetricsServer.js';
export { runRunner, spawnRunner, collect, RUNNER_CLI, type RunnerResult, type RunnerOptions } from './runRunner.js';
export { checkNode10SimulatorTypes, type Node10SimulatorNames } from './checkNode10SimulatorTypes.js';
export { buildPackageCopy } from './buildPackageCopy.js';
export { refuseImports } from './refuseImports.js';
