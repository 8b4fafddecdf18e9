import { CorruptFrameError } from './errors/CorruptFrameError.js';

/** Number of pins in an `adc.ino` answer (A0..A11). */
export const ADC_INO_PINS = 12;
/** Bytes in an `adc.ino` answer: two per pin, high byte first. */
export const ADC_INO_ANSWER_BYTES = ADC_INO_PINS * 2;

/**
 * Decodes a complete `adc.ino` answer: 24 bytes, A0..A11, each a 12-bit reading as two
 * bytes (high, low). Throws {@link CorruptFrameError} on a short or long answer or a
 * value above 12 bits.
 *
 * @example
 * parseAdcAnswer(Buffer.from([0x08, 0x00, ...new Array(22).fill(0)])); // [2048, 0, …]
 */
export function parseAdcAnswer(answer: Uint8Array, device?: string, bits = 12): number[] {
  if (answer.length !== ADC_INO_ANSWER_BYTES) {
    const kind = answer.length < ADC_INO_ANSWER_BYTES ? 'short' : 'long';
    throw new CorruptFrameError(`${kind} answer: ${answer.length} bytes, expected ${ADC_INO_ANSWER_BYTES}`, {
      device,
    });
  }
  const raw: number[] = [];
  const max = 2 ** bits - 1;
  for (let pin = 0; pin < ADC_INO_PINS; pin++) {
    const value = (answer[2 * pin]! << 8) | answer[2 * pin + 1]!;
    if (value > max) {
      throw new CorruptFrameError(`A${pin} reads ${value}, more than ${bits} bits (${max})`, { device });
    }
    raw.push(value);
  }
  return raw;
}
