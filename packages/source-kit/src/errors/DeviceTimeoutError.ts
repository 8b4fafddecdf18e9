import { DeviceError } from './DeviceError.js';
import type { ErrorContext } from './ExpmonError.js';

/**
 * The device did not answer in time. Always retriable.
 *
 * @example
 * throw new DeviceTimeoutError(2000, { sensor: 'ups', device: 'snmp 10.0.0.3:161' });
 */
export class DeviceTimeoutError extends DeviceError {
  protected static override readonly marker: string = 'DeviceTimeoutError';
  override readonly name: string = 'DeviceTimeoutError';
  readonly timeoutMs: number;
  static override isInstance(error: unknown): error is DeviceTimeoutError {
    return super.isInstance(error);
  }
  constructor(timeoutMs: number, context: ErrorContext = {}, what = 'no answer') {
    super(`${what} within ${timeoutMs} ms`, { retriable: true, ...context });
    this.timeoutMs = timeoutMs;
  }
}
