import { Subject, type Observable } from 'rxjs';
import type { ExpmonError, ReadOptions } from '@expmon/core';
import { AdcChannel, type AdcChannelOptions } from './AdcChannel.js';
import type { AdcConversion } from './AdcConversion.js';
import { rawToVolts } from './AdcConversion.js';
import type { AdcBoard, AdcSample } from './AdcSample.js';
import { SharedRequest } from './SharedRequest.js';

/**
 * What the TCP and the serial ADC boards have in common: channels, the shared
 * per-cycle request, raw → volts, board-level problems. Subclasses fetch raw counts.
 *
 * @example
 * class MyBoard extends AdcBoardBase {
 *   protected async fetchRaw() { return new Array(12).fill(0); }
 *   protected async release() {}
 * }
 */
export abstract class AdcBoardBase implements AdcBoard {
  abstract readonly device: string;
  /** The longest one board read can take with the board's own timeouts (ms); the channels' `maxReadMs`. */
  abstract readonly maxReadMs: number;
  readonly pins: number;
  readonly conversion: AdcConversion;
  protected readonly problemSubject = new Subject<ExpmonError>();
  readonly problems: Observable<ExpmonError> = this.problemSubject.asObservable();
  private readonly shared = new SharedRequest<AdcSample>(() => this.fetchSample());
  private readonly channels = new Set<AdcChannel>();

  protected constructor(pins: number, conversion: AdcConversion) {
    this.pins = pins;
    this.conversion = conversion;
  }

  /** Requests made to the board so far (reads of one cycle share one). */
  get requests(): number {
    return this.shared.started;
  }

  /**
   * A source for one pin; all channels share one board read per cycle.
   *
   * @example
   * adc.channel(3, { name: 'chamber_pressure', unit: 'mbar', calibrate: powerOfTenCurve(fit.coefficients) });
   */
  channel(pin: number, options: AdcChannelOptions): AdcChannel {
    const channel = new AdcChannel(this, pin, options);
    this.channels.add(channel);
    return channel;
  }

  /**
   * Reads every pin once. Concurrent calls (the channels of one cycle) share one request.
   *
   * @example
   * const { volts } = await adc.sample();
   */
  sample(options: ReadOptions = {}): Promise<AdcSample> {
    return this.shared.run(options);
  }

  /** @internal Called by a channel's `close()`; the board is released with its last channel. */
  async releaseChannel(channel: AdcChannel): Promise<void> {
    this.channels.delete(channel);
    if (this.channels.size === 0) await this.close();
  }

  /** Releases the board's connection or port. Safe to call twice. */
  async close(): Promise<void> {
    await this.release();
  }

  /** Reads raw counts of every pin (A0 first). */
  protected abstract fetchRaw(): Promise<{ raw: number[]; time: number }>;
  /** Releases sockets or ports. */
  protected abstract release(): Promise<void>;

  private async fetchSample(): Promise<AdcSample> {
    const { raw, time } = await this.fetchRaw();
    return { time, raw, volts: raw.map((r) => rawToVolts(r, this.conversion)) };
  }
}
