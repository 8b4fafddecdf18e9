export { PhidgetChannelSource, MIN_STALE_MS } from './PhidgetChannelSource.js';
export type { PhidgetChannelOptions } from './PhidgetChannelOptions.js';
export type { PhidgetChannelKind, PhidgetChannelSettings } from './PhidgetChannelKind.js';
export {
  PhidgetThermocouple,
  thermocoupleKind,
  type PhidgetThermocoupleOptions,
  type ThermocoupleTypeName,
} from './PhidgetThermocouple.js';
export { PhidgetHumiditySensor, humidityKind } from './PhidgetHumiditySensor.js';
export { PhidgetVoltageInput, voltageInputKind } from './PhidgetVoltageInput.js';
export { PhidgetVoltageRatioInput, voltageRatioInputKind } from './PhidgetVoltageRatioInput.js';
export {
  resolvePhidgetTransport,
  type PhidgetTransport,
  type PhidgetServerOptions,
  type ResolvedPhidgetTransport,
} from './PhidgetTransport.js';
export { openPhidgetConnections, type PhidgetConnectionLease } from './sharedPhidgetConnection.js';
export { PhidgetOpenTimeoutError } from './errors/PhidgetOpenTimeoutError.js';
export { PhidgetDetachedError } from './errors/PhidgetDetachedError.js';
export { PhidgetEventError } from './errors/PhidgetEventError.js';
export { PhidgetConnectionError } from './errors/PhidgetConnectionError.js';
export { PhidgetStaleError } from './errors/PhidgetStaleError.js';
export { PhidgetLibraryError } from './errors/PhidgetLibraryError.js';
export { routePhidgetLog, parsePhidgetLogLine, type PhidgetLogEntry, type PhidgetLogHandler, type PhidgetLogLevel } from './phidgetLog.js';
