import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The gauge's sensor is switched off (Pfeiffer status 4; cold-cathode and full-range gauges).
 * Carries the gauge's status code in `status` (4).
 *
 * @example
 * throw new GaugeSensorOffError('sensor off (status 4)', { sensor: 'chamber_pressure', device: 'tpg261 /dev/ttyUSB0' });
 */
export class GaugeSensorOffError extends DeviceError {
  protected static override readonly marker: string = 'GaugeSensorOffError';
  override readonly name: string = 'GaugeSensorOffError';
  /** The gauge's status code. */
  readonly status: number = 4;
  static override isInstance(error: unknown): error is GaugeSensorOffError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
