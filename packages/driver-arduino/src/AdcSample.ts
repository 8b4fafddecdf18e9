import type { Observable } from 'rxjs';
import type { ExpmonError, ReadOptions } from '@expmon/core';
import type { AdcConversion } from './AdcConversion.js';

/**
 * One read of every pin of an ADC board.
 *
 * @example
 * const s: AdcSample = await adc.sample();
 * console.log(s.volts[3], s.raw[3]);
 */
export interface AdcSample {
  /** When the board answered, ms since the Unix epoch. */
  readonly time: number;
  /** Raw counts, A0 first. */
  readonly raw: readonly number[];
  /** Volts, A0 first. */
  readonly volts: readonly number[];
}

/**
 * What an ADC channel needs from its board (TCP or serial): one shared read of all pins.
 *
 * @example
 * const board: AdcBoard = new ArduinoAdc({ host: '10.0.0.7' });
 * const sample = await board.sample();
 */
export interface AdcBoard {
  /** For logs and errors: `arduino-adc 10.0.0.7:6574`, `arduino-adc-serial /dev/ttyACM0`. */
  readonly device: string;
  /** Number of pins the board reports. */
  readonly pins: number;
  readonly conversion: AdcConversion;
  /** The longest one board read can take with the board's own timeouts (ms). */
  readonly maxReadMs?: number;
  /** Board-level problems that did not fail a read (garbage between frames). */
  readonly problems: Observable<ExpmonError>;
  /** Reads all pins once; concurrent calls share one request. */
  sample(options?: ReadOptions): Promise<AdcSample>;
}
