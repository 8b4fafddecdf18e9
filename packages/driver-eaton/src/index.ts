export { SnmpUps } from './SnmpUps.js';
export { EatonUps } from './EatonUps.js';
export type {
  SnmpUpsOptions,
  SnmpV3User,
  SnmpAuthProtocol,
  SnmpPrivProtocol,
  SnmpSecurityLevel,
} from './SnmpUpsOptions.js';
export { resolveSecret, type Secret } from '@expmon/source-kit';
export type { UpsStatus } from './UpsStatus.js';
export { decodeUpsStatus, type SnmpAnswer, type DecodeContext, type DecodedUps } from './decodeUpsStatus.js';
export { upsReadings, type UpsReadingsOptions } from './upsReadings.js';
export { UPS_MIB, upsMibOids, OUTPUT_SOURCE, BATTERY_STATUS, type UpsMibObject } from './upsMib.js';
export { XUPS_MIB, xupsMibOids, ABM_STATUS, type XupsMibObject } from './xupsMib.js';
export { SnmpError, type SnmpErrorDetails } from './errors/SnmpError.js';
export { SnmpAuthenticationError } from './errors/SnmpAuthenticationError.js';
export { SnmpValueTypeError } from './errors/SnmpValueTypeError.js';
export { SnmpTimeoutError } from './errors/SnmpTimeoutError.js';
