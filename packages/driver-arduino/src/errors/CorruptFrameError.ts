import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The board answered something that is not a valid frame: a short or long TCP answer,
 * a serial line with a bad CRC, a bad sequence number or a partial line. Nothing is
 * written for it; trying again next cycle may succeed.
 *
 * @example
 * throw new CorruptFrameError('answer has 20 bytes, expected 24', {
 *   device: 'arduino-adc 10.0.0.7:6574',
 * });
 */
export class CorruptFrameError extends DeviceError {
  protected static override readonly marker: string = 'CorruptFrameError';
  override readonly name: string = 'CorruptFrameError';
  static override isInstance(error: unknown): error is CorruptFrameError {
    return super.isInstance(error);
  }
  constructor(message: string, context: ErrorContext = {}) {
    super(message, { retriable: true, ...context });
  }
}
