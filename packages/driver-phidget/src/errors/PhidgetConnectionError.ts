import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The Phidget Network Server could not be reached or refused us (connection refused,
 * authentication failed, no route): reported as soon as phidget22 knows it, not after
 * `openTimeoutMs`. Retriable: phidget22 keeps reconnecting, and the runner resubscribes.
 *
 * @example
 * new PhidgetConnectionError('phid://127.0.0.1:5661', 'Connection Refused (code 56)', { sensor: 'tc_cold_head' });
 */
export class PhidgetConnectionError extends DeviceError {
  protected static override readonly marker: string = 'PhidgetConnectionError';
  override readonly name: string = 'PhidgetConnectionError';
  /** The server (`phid://127.0.0.1:5661`). */
  readonly server: string;
  /** What phidget22 said (`Connection Refused (code 56)`). */
  readonly reason: string;
  static override isInstance(error: unknown): error is PhidgetConnectionError {
    return super.isInstance(error);
  }
  constructor(server: string, reason: string, context: ErrorContext = {}) {
    super(`cannot connect to Phidget Network Server ${server}: ${reason}`, { retriable: true, disconnected: true, ...context });
    this.server = server;
    this.reason = reason;
  }
}
