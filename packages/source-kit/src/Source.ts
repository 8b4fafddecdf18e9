import type { Observable } from 'rxjs';
import type { Reading } from './Reading.js';
import type { ExpmonError } from './errors/ExpmonError.js';
import type { ProblemStream } from './ProblemStream.js';

/**
 * Options of a one-shot read.
 *
 * @example
 * await source.read({ signal: AbortSignal.timeout(2000) });
 */
export interface ReadOptions {
  /** Aborted when the caller gives up (timeout, shutdown); the driver should stop waiting. */
  signal?: AbortSignal;
}

/**
 * What every source has, polled or push.
 *
 * @example
 * function describe(s: SourceBase): string {
 *   return `${s.name} on ${s.device}`;
 * }
 */
export interface SourceBase {
  /** Unique name in a config; used in logs and errors (`cryostat_temp`, `ups`). */
  readonly name: string;
  /** The device it talks to, for logs and errors (`arduino-adc 10.0.0.7:6574`). */
  readonly device: string;
  /**
   * Reads once and resolves with this source's readings (one or several).
   * Rejects with a {@link DeviceError} when the device can't be read.
   */
  read(options?: ReadOptions): Promise<Reading[]>;
  /** Releases the device (sockets, ports, channels). Safe to call twice. */
  close?(): Promise<void>;
  /**
   * Problems that dropped a reading but did not stop the source (an invalid value, a
   * device error event, a corrupt frame). The runner logs them with the source's name.
   * An RxJS `Observable` or, in a driver that needs no RxJS, a {@link ProblemSubject}.
   */
  readonly problems?: ProblemStream<ExpmonError>;
}

/**
 * Timing hints a driver may give so that the runner (read timeouts, `check`, source health)
 * judges it by its own clock rather than by the runner's interval. All optional; a source
 * without them is judged by the runner's defaults.
 *
 * @example
 * class Ups implements PolledSource {
 *   // two SNMP attempts of 800 ms each
 *   readonly maxReadMs = 2 * 800;
 * }
 */
export interface SourceTiming {
  /**
   * Polled sources: the longest one `read()` can take with the driver's own timeouts and
   * retries. The runner fails at config load when this cannot fit in the source's read
   * timeout (the driver would always be cut off before its own error could say why).
   */
  readonly maxReadMs?: number;
  /**
   * Push sources: how long after subscribing the first reading arrives at the latest while
   * the device is healthy (open timeout + one data interval, say). `check` waits this long.
   */
  readonly firstReadingWithinMs?: number;
  /**
   * Push sources: the longest a healthy source stays silent between two readings (a
   * multiple of its data interval). `undefined`: no bound (a change-triggered channel that
   * is silent while nothing changes). Source health calls a source stale after this.
   */
  readonly maxSilenceMs?: number;
}

/**
 * A source the runner asks on every cycle (SNMP, Arduino ADC, serial gauges).
 * Each cycle calls {@link SourceBase.read}.
 *
 * @example
 * const fixed: PolledSource = {
 *   kind: 'polled', name: 'const', device: 'none',
 *   read: async () => [createReading('const', 1, { unit: 'V' })],
 * };
 */
export interface PolledSource extends SourceBase, SourceTiming {
  readonly kind: 'polled';
}

/**
 * A source that emits when the device does (Phidget change events).
 * The stream errors when the device is lost (detached); the runner resubscribes with backoff.
 * A bad single reading is not an error of the stream: it is reported on `problems`
 * and the stream goes on.
 *
 * @example
 * const ticks: PushSource = {
 *   kind: 'push', name: 'ticks', device: 'timer',
 *   readings: () => interval(1000).pipe(map((i) => createReading('ticks', i))),
 *   read: async () => [createReading('ticks', 0)],
 * };
 */
export interface PushSource extends SourceBase, SourceTiming {
  readonly kind: 'push';
  readings(): Observable<Reading>;
}

/**
 * Anything that yields readings: a {@link PolledSource} or a {@link PushSource}.
 *
 * @example
 * const sources: Source[] = [new SimulatedSource({ name: 'lab_temp' }), phidgetThermocouple];
 */
export type Source = PolledSource | PushSource;

/**
 * True when `value` looks like a {@link Source} (used by config validation).
 *
 * @example
 * if (!isSource(entry)) throw new ConfigError('is not a source', { field: 'sources[0]' });
 */
export function isSource(value: unknown): value is Source {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { name?: unknown; device?: unknown; read?: unknown; kind?: unknown; readings?: unknown };
  if (typeof v.name !== 'string' || typeof v.device !== 'string' || typeof v.read !== 'function') {
    return false;
  }
  if (v.kind === 'polled') return true;
  if (v.kind === 'push') return typeof v.readings === 'function';
  return false;
}
