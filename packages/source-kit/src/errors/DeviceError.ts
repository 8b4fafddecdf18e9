import { ExpmonError, type ErrorContext } from './ExpmonError.js';

/**
 * A device could not be read or answered something unusable: connection refused,
 * short answer, bad checksum, SNMP error, detached channel.
 *
 * @example
 * throw new DeviceError('answer has 20 bytes, expected 24', {
 *   sensor: 'adc', device: 'arduino-adc 10.0.0.7:6574', retriable: true,
 * });
 */
export class DeviceError extends ExpmonError {
  protected static override readonly marker: string = 'DeviceError';
  override readonly name: string = 'DeviceError';
  static override isInstance(error: unknown): error is DeviceError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
