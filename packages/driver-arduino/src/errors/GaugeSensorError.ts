import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The gauge reports a sensor error (Pfeiffer status 3): a broken filament or cable.
 * Carries the gauge's status code in `status` (3).
 *
 * @example
 * throw new GaugeSensorError('sensor error (status 3)', { sensor: 'chamber_pressure', device: 'tpg261 /dev/ttyUSB0' });
 */
export class GaugeSensorError extends DeviceError {
  protected static override readonly marker: string = 'GaugeSensorError';
  override readonly name: string = 'GaugeSensorError';
  /** The gauge's status code. */
  readonly status: number = 3;
  static override isInstance(error: unknown): error is GaugeSensorError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
