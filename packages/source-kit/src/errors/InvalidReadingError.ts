import { ExpmonError, type ErrorContext } from './ExpmonError.js';

/**
 * A single reading is unusable (NaN, out of range, floating pin, sensor status "overrange").
 * The reading is dropped and reported; the source's stream goes on.
 *
 * @example
 * new InvalidReadingError('3.61 V is outside 0..3.25 V (pin floating?)', {
 *   sensor: 'pressure_gauge', device: 'arduino-adc 10.0.0.7:6574', address: 'A3',
 * });
 */
export class InvalidReadingError extends ExpmonError {
  protected static override readonly marker: string = 'InvalidReadingError';
  override readonly name: string = 'InvalidReadingError';
  static override isInstance(error: unknown): error is InvalidReadingError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, context);
  }
}
