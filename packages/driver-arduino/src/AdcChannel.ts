import { merge, Subject, type Observable } from 'rxjs';
import {
  ConfigError,
  createReading,
  integer,
  InvalidReadingError,
  type ExpmonError,
  type PolledSource,
  type ReadOptions,
  type Reading,
  type SourceTiming,
} from '@expmon/core';
import type { AdcBoard } from './AdcSample.js';

/** Options of one ADC channel (`adc.channel(pin, options)`). */
export interface AdcChannelOptions {
  /** Source name, unique in a config; also the measurement unless `measurement` is set. */
  name: string;
  /** Measurement name; default `name`. */
  measurement?: string;
  /** Unit tag; default `V` (or the unit of `calibrate`'s result, which you should set). */
  unit?: string;
  /** Extra tags. */
  tags?: Record<string, string>;
  /**
   * Voltages outside `[min, max]` are dropped and reported as {@link InvalidReadingError}
   * (a floating, unwired pin; a broken sensor). Default `[0, fullScaleVolts]`.
   */
  validVolts?: readonly [number, number];
  /**
   * Turns volts into the physical value (for example a TPG300 curve from
   * `fitTpg300` of `@expmon/tpg300-fit`); the volts are then kept in field `raw`.
   */
  calibrate?: (volts: number) => number;
}

/**
 * One pin of an ADC board as a polled source. All channels of one board share one
 * read per cycle. Emits one reading: field `value` (volts, or the calibrated value),
 * `raw` (volts, when calibrated), `counts` (integer ADC counts); tag `unit`.
 *
 * @example
 * const adc = new ArduinoAdc({ host: '10.0.0.7' });
 * const magnet = adc.channel(0, { name: 'magnet_voltage' });
 * console.log(await magnet.read());
 */
export class AdcChannel implements PolledSource, SourceTiming {
  readonly kind = 'polled' as const;
  readonly name: string;
  readonly device: string;
  readonly pin: number;
  readonly problems: Observable<ExpmonError>;
  private readonly own = new Subject<ExpmonError>();
  private readonly measurement: string;
  private readonly unit: string;
  private readonly tags: Record<string, string>;
  private readonly validVolts: readonly [number, number];
  private readonly calibrateFn: ((volts: number) => number) | undefined;
  private closed = false;

  constructor(
    private readonly board: AdcBoard & { releaseChannel(channel: AdcChannel): Promise<void> },
    pin: number,
    options: AdcChannelOptions,
  ) {
    const owner = `channel(${pin})`;
    if (!Number.isInteger(pin) || pin < 0 || pin >= board.pins) {
      throw new ConfigError(`pin must be an integer from 0 to ${board.pins - 1}, got ${String(pin)}`, {
        field: `${owner}.pin`,
      });
    }
    if (!options || typeof options.name !== 'string' || options.name === '') {
      throw new ConfigError('must be a non-empty string', { field: `${owner}.name` });
    }
    const valid = options.validVolts ?? [0, board.conversion.fullScaleVolts];
    if (!Array.isArray(valid) || valid.length !== 2 || !valid.every(Number.isFinite) || valid[0] > valid[1]) {
      throw new ConfigError(`must be [min, max] volts with min <= max, got ${JSON.stringify(valid)}`, {
        field: `${owner}.validVolts`,
      });
    }
    if (options.calibrate !== undefined && typeof options.calibrate !== 'function') {
      throw new ConfigError('must be a function of the voltage', { field: `${owner}.calibrate` });
    }
    this.pin = pin;
    this.name = options.name;
    this.device = board.device;
    this.measurement = options.measurement ?? options.name;
    this.unit = options.unit ?? 'V';
    this.tags = { ...options.tags };
    this.validVolts = valid;
    this.calibrateFn = options.calibrate;
    this.problems = merge(board.problems, this.own);
  }

  /** The board's `maxReadMs`: the longest one read can take with the board's own timeouts. */
  get maxReadMs(): number | undefined {
    return this.board.maxReadMs;
  }

  /** Reads the board (sharing the cycle's request) and returns this pin's reading, or none when invalid. */
  async read(options: ReadOptions = {}): Promise<Reading[]> {
    const sample = await this.board.sample(options);
    const volts = sample.volts[this.pin];
    const raw = sample.raw[this.pin];
    if (volts === undefined || raw === undefined) {
      return this.invalid(`the board reported no value for A${this.pin}`);
    }
    const [min, max] = this.validVolts;
    if (!(volts >= min && volts <= max)) {
      return this.invalid(
        `${volts.toFixed(4)} V (${raw} counts) is outside ${min}..${max} V (pin floating or unwired?)`,
      );
    }
    const fields: Record<string, ReturnType<typeof integer> | number> = {};
    let value = volts;
    if (this.calibrateFn) {
      value = this.calibrateFn(volts);
      if (!Number.isFinite(value)) {
        return this.invalid(`calibration of ${volts.toFixed(4)} V gave ${String(value)}`);
      }
      fields.raw = volts;
    }
    fields.counts = integer(raw);
    return [createReading(this.measurement, value, { unit: this.unit, tags: this.tags, fields, time: sample.time })];
  }

  /** Stops this channel; the board's connection or port is released with its last channel. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.own.complete();
    await this.board.releaseChannel(this);
  }

  private invalid(message: string): Reading[] {
    this.own.next(
      new InvalidReadingError(message, { sensor: this.name, device: this.device, address: `A${this.pin}` }),
    );
    return [];
  }
}
