import { DeviceTimeoutError, type ErrorContext } from '@expmon/core';

/**
 * A Phidget channel did not attach in time: no channel of that class at that hub
 * serial number, hub port and channel (wrong address, board unplugged, server down).
 * Retriable: the runner tries again, and the channel attaches when the board shows up.
 *
 * @example
 * new PhidgetOpenTimeoutError(5000, 'TemperatureSensor at hub serial 620000, hub port 4, channel 2 did not attach', {
 *   sensor: 'tc_cold_head', device: 'phidget phid://127.0.0.1:5661', address: 'serial 620000, hub port 4, channel 2',
 * });
 */
export class PhidgetOpenTimeoutError extends DeviceTimeoutError {
  protected static override readonly marker: string = 'PhidgetOpenTimeoutError';
  override readonly name: string = 'PhidgetOpenTimeoutError';
  static override isInstance(error: unknown): error is PhidgetOpenTimeoutError {
    return super.isInstance(error);
  }
  constructor(timeoutMs: number, what: string, context: ErrorContext = {}) {
    super(timeoutMs, { retriable: true, ...context }, what);
  }
}
