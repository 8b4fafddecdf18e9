import { ConfigError } from '@expmon/core';
import type { PhidgetTransport } from './PhidgetTransport.js';

/**
 * Options of every Phidget channel source.
 *
 * @example
 * const options: PhidgetChannelOptions = { name: 'tc_cold_head', serialNumber: 620000, hubPort: 4, channel: 0, dataIntervalMs: 5000 };
 */
export interface PhidgetChannelOptions {
  /** Source name, and the measurement name unless `measurement` is given (`tc_cold_head`). */
  name: string;
  /** Measurement name. Default: `name`. */
  measurement?: string;
  /** Serial number of the device; for VINT boards, of the hub they are plugged into. */
  serialNumber: number;
  /** VINT hub port (0..5 on a HUB0000) the board is plugged into. Default: any port. */
  hubPort?: number;
  /** Channel number on the board. Default 0. */
  channel?: number;
  /** The channel is the hub port itself in VINT port mode (not a board on it). Default false. */
  isHubPortDevice?: boolean;
  /** USB or a Phidget Network Server. Default: the server in `$PHIDGET_SERVER_HOST` if set, else USB. */
  transport?: PhidgetTransport;
  /** Device data interval (ms): one reading per interval. Default 1000. */
  dataIntervalMs?: number;
  /** Only report a change of at least this much (in the channel's unit). Default 0: every interval. */
  changeTrigger?: number;
  /** How long to wait for the channel to attach before failing (ms). Default 5000. */
  openTimeoutMs?: number;
  /**
   * Stale-data watchdog: with `changeTrigger: 0`, an attached channel that sends no value
   * (and no error event) for this many data intervals (and at least 2 s) is reported as stale
   * (`PhidgetStaleError` on `problems`, and the stream errors). With a change trigger
   * a silent channel is normal; the connection's keep-alives judge it instead. Default 3.
   */
  staleAfterIntervals?: number;
  /** Extra tags on every reading. */
  tags?: Record<string, string>;
}

/**
 * `hubPort` when none is given: phidget22 matches the board on any port.
 *
 * @example
 * resolvePhidgetChannelOptions({ name: 't', serialNumber: 1 }).hubPort === ANY_HUB_PORT; // true
 */
export const ANY_HUB_PORT = -1;

/**
 * {@link PhidgetChannelOptions} validated, with every default filled in (transport apart).
 *
 * @example
 * const o: ResolvedPhidgetChannelOptions = resolvePhidgetChannelOptions({ name: 't', serialNumber: 1 });
 */
export type ResolvedPhidgetChannelOptions = Required<Omit<PhidgetChannelOptions, 'transport' | 'tags' | 'measurement'>> & {
  measurement: string;
  tags: Record<string, string>;
};

/**
 * Validates the options of a Phidget channel source and fills in the defaults. Throws a
 * {@link ConfigError} naming the option (`tc_cold_head.hubPort`).
 *
 * @example
 * resolvePhidgetChannelOptions({ name: 'tc', serialNumber: 620000, hubPort: 4 }).dataIntervalMs; // 1000
 */
export function resolvePhidgetChannelOptions(options: PhidgetChannelOptions): ResolvedPhidgetChannelOptions {
  if (typeof options.name !== 'string' || options.name === '') throw new ConfigError('must be a non-empty string', { field: 'name' });
  const integer = (field: keyof PhidgetChannelOptions, value: unknown, min: number, max: number): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`must be an integer ${min}..${max}, got ${JSON.stringify(value)}`, { field: `${options.name}.${field}` });
    }
  };
  integer('serialNumber', options.serialNumber, 1, 2 ** 31 - 1);
  // A VINT hub (HUB0000, HUB5000, the SBC's hub) has ports 0..5.
  if (options.hubPort !== undefined) integer('hubPort', options.hubPort, 0, 5);
  if (options.channel !== undefined) integer('channel', options.channel, 0, 63);
  if (options.dataIntervalMs !== undefined) integer('dataIntervalMs', options.dataIntervalMs, 1, 3_600_000);
  if (options.openTimeoutMs !== undefined) integer('openTimeoutMs', options.openTimeoutMs, 1, 3_600_000);
  if (options.staleAfterIntervals !== undefined) integer('staleAfterIntervals', options.staleAfterIntervals, 2, 1000);
  if (options.changeTrigger !== undefined && !(Number.isFinite(options.changeTrigger) && options.changeTrigger >= 0)) {
    throw new ConfigError(`must be a number >= 0, got ${String(options.changeTrigger)}`, { field: `${options.name}.changeTrigger` });
  }
  return {
    name: options.name,
    measurement: options.measurement ?? options.name,
    serialNumber: options.serialNumber,
    hubPort: options.hubPort ?? ANY_HUB_PORT,
    channel: options.channel ?? 0,
    isHubPortDevice: options.isHubPortDevice ?? false,
    dataIntervalMs: options.dataIntervalMs ?? 1000,
    changeTrigger: options.changeTrigger ?? 0,
    openTimeoutMs: options.openTimeoutMs ?? 5000,
    staleAfterIntervals: options.staleAfterIntervals ?? 3,
    tags: { ...options.tags },
  };
}
