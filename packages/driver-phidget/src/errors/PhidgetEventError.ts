import { InvalidReadingError, type ErrorContext } from '@expmon/core';

/**
 * An error event of a Phidget channel (phidget22 `onError`): open thermocouple, value
 * out of range, saturation, bad power. Nothing is written for it; the source reports it
 * on its `problems` observable and goes on.
 *
 * @example
 * new PhidgetEventError(4103, 'Thermocouple open', { sensor: 'tc_cold_head', address: 'serial 620000, hub port 4, channel 2' });
 */
export class PhidgetEventError extends InvalidReadingError {
  protected static override readonly marker: string = 'PhidgetEventError';
  override readonly name: string = 'PhidgetEventError';
  /** phidget22 `ErrorEventCode` (4103 `OUT_OF_RANGE`, 4105 `SATURATION`...). */
  readonly code: number;
  /** The library's description of the event. */
  readonly description: string;
  static override isInstance(error: unknown): error is PhidgetEventError {
    return super.isInstance(error);
  }
  constructor(code: number, description: string, context: ErrorContext = {}) {
    super(`error event ${code}: ${description}`, { retriable: true, ...context });
    this.code = code;
    this.description = description;
  }
}
