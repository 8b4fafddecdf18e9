import { DeviceTimeoutError, type ErrorContext } from '@expmon/core';

/**
 * An attached Phidget channel sent no value (and no error event) for several of its data
 * intervals: the server or the device hangs. Reported on `problems` and ends the stream,
 * which the runner resubscribes (reopening the channel). Retriable.
 *
 * @example
 * new PhidgetStaleError(3000, 1000, { sensor: 'tc_cold_head', device: 'phidget phid://127.0.0.1:5661' });
 */
export class PhidgetStaleError extends DeviceTimeoutError {
  protected static override readonly marker: string = 'PhidgetStaleError';
  override readonly name: string = 'PhidgetStaleError';
  /** The channel's data interval (ms). */
  readonly dataIntervalMs: number;
  static override isInstance(error: unknown): error is PhidgetStaleError {
    return super.isInstance(error);
  }
  constructor(silentMs: number, dataIntervalMs: number, context: ErrorContext = {}) {
    super(silentMs, { retriable: true, ...context }, `no value (data interval ${dataIntervalMs} ms)`);
    this.dataIntervalMs = dataIntervalMs;
  }
}
