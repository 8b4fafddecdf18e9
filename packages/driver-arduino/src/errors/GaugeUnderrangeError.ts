import { InvalidReadingError, type ErrorContext } from '@expmon/core';

/**
 * The gauge reads below its measuring range (Pfeiffer status 1). The reading is dropped and reported; the source goes on.
 * Carries the gauge's status code in `status` (1).
 *
 * @example
 * throw new GaugeUnderrangeError('underrange (status 1)', { sensor: 'chamber_pressure', device: 'tpg261 /dev/ttyUSB0' });
 */
export class GaugeUnderrangeError extends InvalidReadingError {
  protected static override readonly marker: string = 'GaugeUnderrangeError';
  override readonly name: string = 'GaugeUnderrangeError';
  /** The gauge's status code. */
  readonly status: number = 1;
  static override isInstance(error: unknown): error is GaugeUnderrangeError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
