import { InvalidReadingError, type ErrorContext } from '@expmon/core';

/**
 * The gauge reads above its measuring range (Pfeiffer status 2). The reading is dropped and reported; the source goes on.
 * Carries the gauge's status code in `status` (2).
 *
 * @example
 * throw new GaugeOverrangeError('overrange (status 2)', { sensor: 'chamber_pressure', device: 'tpg261 /dev/ttyUSB0' });
 */
export class GaugeOverrangeError extends InvalidReadingError {
  protected static override readonly marker: string = 'GaugeOverrangeError';
  override readonly name: string = 'GaugeOverrangeError';
  /** The gauge's status code. */
  readonly status: number = 2;
  static override isInstance(error: unknown): error is GaugeOverrangeError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
