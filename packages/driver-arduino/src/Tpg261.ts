import { Subject, type Observable } from 'rxjs';
import {
  type SourceTiming,
  ConfigError,
  createReading,
  DeviceError,
  DeviceTimeoutError,
  InvalidReadingError,
  type ExpmonError,
  type PolledSource,
  type ReadOptions,
  type Reading,
} from '@expmon/core';
import { CorruptFrameError } from './errors/CorruptFrameError.js';
import { parseTpg261Answer } from './parseTpg261Answer.js';
import { SerialLink } from './SerialLink.js';
import { SharedRequest } from './SharedRequest.js';

/** Options of {@link Tpg261}. */
export interface Tpg261Options {
  /** Serial port path (`/dev/ttyUSB0`). Required. */
  path: string;
  /** Source name, unique in a config; also the measurement unless `measurement` is set. */
  name: string;
  measurement?: string;
  /** The unit the controller is set to (it sends values in its display unit); default `mbar`. */
  unit?: string;
  tags?: Record<string, string>;
  /** Default 9600 (the controller's default). */
  baudRate?: number;
  /** Gauge channel: 1, or 2 on a TPG262; default 1. */
  gauge?: 1 | 2;
  /** Time for each of the two answers (ACK, then the value); default 1000 ms. */
  timeoutMs?: number;
}

const ACK = '\x06';
const NAK = '\x15';
const ENQ = '\x05';

/**
 * A Pfeiffer TPG261 (or TPG262) controller on RS-232 as a polled source. Each read sends
 * `PR1` (or `PR2`), waits for ACK, sends ENQ and decodes the `status,value` line.
 * Underrange and overrange are dropped and reported on `problems`; sensor error, sensor
 * off, no sensor and identification error fail the read with a typed error. The port is
 * reopened after it disappeared.
 *
 * @example
 * import { Tpg261 } from '@expmon/driver-arduino';
 * const gauge = new Tpg261({ path: '/dev/ttyUSB0', name: 'chamber_pressure' });
 * console.log(await gauge.read()); // [{ measurement: 'chamber_pressure', fields: { value: 1.2e-6 }, tags: { unit: 'mbar' }, … }]
 */
export class Tpg261 implements PolledSource, SourceTiming {
  readonly kind = 'polled' as const;
  readonly name: string;
  readonly device: string;
  /** 2 × `timeoutMs` (ACK, then the value; 2000 ms by default): the longest one read can take once the port is open. */
  readonly maxReadMs: number;
  readonly problems: Observable<ExpmonError>;
  /** Lines that came when none was expected (continuous mode left on, noise). */
  unexpectedLines = 0;
  private readonly problemSubject = new Subject<ExpmonError>();
  private readonly link: SerialLink;
  private readonly shared = new SharedRequest<Reading[]>(() => this.exchange());
  private readonly measurement: string;
  private readonly unit: string;
  private readonly tags: Record<string, string>;
  private readonly gauge: 1 | 2;
  private readonly timeoutMs: number;
  private waiter: { resolve(line: string): void; reject(error: unknown): void } | undefined;

  constructor(options: Tpg261Options) {
    if (!options || typeof options.name !== 'string' || options.name === '') {
      throw new ConfigError('must be a non-empty string', { field: 'Tpg261.name' });
    }
    const owner = `Tpg261(${options.name})`;
    if (typeof options.path !== 'string' || options.path === '') {
      throw new ConfigError('must be a serial port path such as /dev/ttyUSB0', { field: `${owner}.path` });
    }
    const baudRate = options.baudRate ?? 9600;
    if (!Number.isInteger(baudRate) || baudRate <= 0) {
      throw new ConfigError(`must be a positive integer, got ${String(options.baudRate)}`, { field: `${owner}.baudRate` });
    }
    this.gauge = options.gauge ?? 1;
    if (this.gauge !== 1 && this.gauge !== 2) {
      throw new ConfigError(`must be 1 or 2, got ${String(options.gauge)}`, { field: `${owner}.gauge` });
    }
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.maxReadMs = 2 * this.timeoutMs;
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs > 0)) {
      throw new ConfigError(`must be a positive number of milliseconds, got ${String(options.timeoutMs)}`, {
        field: `${owner}.timeoutMs`,
      });
    }
    this.name = options.name;
    this.measurement = options.measurement ?? options.name;
    this.unit = options.unit ?? 'mbar';
    this.tags = { ...options.tags };
    this.device = `tpg261 ${options.path}`;
    this.problems = this.problemSubject.asObservable();
    this.link = new SerialLink({
      path: options.path,
      baudRate,
      device: this.device,
      maxLineLength: 128,
      onLine: (line) => {
        const waiter = this.waiter;
        this.waiter = undefined;
        if (waiter) waiter.resolve(line);
        else if (line !== '') this.unexpectedLines++;
      },
      onOverflow: (start) => {
        const error = new CorruptFrameError(`line too long, starting ${JSON.stringify(start)}`, this.context());
        const waiter = this.waiter;
        this.waiter = undefined;
        if (waiter) waiter.reject(error);
        else this.problemSubject.next(error);
      },
      onDisconnect: (error) => {
        const waiter = this.waiter;
        this.waiter = undefined;
        if (waiter) waiter.reject(error);
        else this.problemSubject.next(error);
      },
    });
  }

  /** Reads the pressure once (concurrent calls share one exchange). */
  read(options: ReadOptions = {}): Promise<Reading[]> {
    return this.shared.run(options);
  }

  /** Closes the port. Safe to call twice. */
  async close(): Promise<void> {
    this.waiter?.reject(new DeviceError('closed', this.context()));
    this.waiter = undefined;
    await this.link.close();
  }

  private async exchange(): Promise<Reading[]> {
    await this.link.open();
    let first = await this.send(`PR${this.gauge}\r\n`, 'ACK');
    // A late measurement line of an exchange that timed out: skip it, wait for the ACK.
    while (/^\d,/.test(first)) {
      this.unexpectedLines++;
      first = await this.send(undefined, 'ACK');
    }
    if (first === NAK) throw new DeviceError(`the controller refused PR${this.gauge} (NAK)`, this.context());
    if (first !== ACK) {
      throw new CorruptFrameError(`expected ACK, got ${JSON.stringify(first.slice(0, 80))}`, this.context());
    }
    const line = await this.send(ENQ, 'measurement');
    const time = Date.now();
    const answer = parseTpg261Answer(line, this.context());
    if (answer.error) {
      if (InvalidReadingError.isInstance(answer.error)) {
        this.problemSubject.next(answer.error);
        return [];
      }
      throw answer.error;
    }
    return [createReading(this.measurement, answer.value, { unit: this.unit, tags: this.tags, time })];
  }

  /** Waits for the next line, after writing `data` (the waiter is set before the write). */
  private async send(data: string | undefined, what: string): Promise<string> {
    const line = this.nextLine(what);
    if (data !== undefined) {
      try {
        await this.link.write(data);
      } catch (error) {
        this.waiter = undefined;
        line.catch(() => undefined);
        throw error;
      }
    }
    return line;
  }

  private nextLine(what: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiter === waiter) this.waiter = undefined;
        reject(new DeviceTimeoutError(this.timeoutMs, this.context(), `no ${what}`));
      }, this.timeoutMs);
      const waiter = {
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiter = waiter;
    });
  }

  private context(): { sensor: string; device: string; address: string } {
    return { sensor: this.name, device: this.device, address: `gauge ${this.gauge}` };
  }
}
