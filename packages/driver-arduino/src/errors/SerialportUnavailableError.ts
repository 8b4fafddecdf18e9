import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The `serialport` package, which serial sources (`SerialAdc`, `Tpg261`) load when they first
 * open their port, is not installed or its native binding does not load on this platform.
 * The message says what to install; the TCP driver (`ArduinoAdc`) never needs it.
 *
 * @example
 * throw new SerialportUnavailableError('serialport is not installed', {
 *   device: 'tpg261 /dev/ttyUSB0', cause,
 * });
 */
export class SerialportUnavailableError extends DeviceError {
  protected static override readonly marker: string = 'SerialportUnavailableError';
  override readonly name: string = 'SerialportUnavailableError';
  static override isInstance(error: unknown): error is SerialportUnavailableError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, { retriable: false, ...context });
  }
}
