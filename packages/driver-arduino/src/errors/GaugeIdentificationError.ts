import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The controller cannot identify the connected sensor (Pfeiffer status 6).
 * Carries the gauge's status code in `status` (6).
 *
 * @example
 * throw new GaugeIdentificationError('identification error (status 6)', { sensor: 'chamber_pressure', device: 'tpg261 /dev/ttyUSB0' });
 */
export class GaugeIdentificationError extends DeviceError {
  protected static override readonly marker: string = 'GaugeIdentificationError';
  override readonly name: string = 'GaugeIdentificationError';
  /** The gauge's status code. */
  readonly status: number = 6;
  static override isInstance(error: unknown): error is GaugeIdentificationError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
