import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * No sensor is connected to the gauge channel (Pfeiffer status 5).
 * Carries the gauge's status code in `status` (5).
 *
 * @example
 * throw new GaugeNoSensorError('no sensor (status 5)', { sensor: 'chamber_pressure', device: 'tpg261 /dev/ttyUSB0' });
 */
export class GaugeNoSensorError extends DeviceError {
  protected static override readonly marker: string = 'GaugeNoSensorError';
  override readonly name: string = 'GaugeNoSensorError';
  /** The gauge's status code. */
  readonly status: number = 5;
  static override isInstance(error: unknown): error is GaugeNoSensorError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
