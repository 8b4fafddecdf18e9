import { ConfigError, DeviceError, DeviceTimeoutError } from '@expmon/core';
import { AdcBoardBase } from './AdcBoardBase.js';
import { adcConversion, type AdcConversion } from './AdcConversion.js';
import { CorruptFrameError } from './errors/CorruptFrameError.js';
import { MAX_SERIAL_SEQ, parseSerialAdcFrame, SerialFrameSyntaxError } from './serialAdcFrame.js';
import { SerialLink } from './SerialLink.js';

/** Options of {@link SerialAdc}. */
export interface SerialAdcOptions extends Partial<AdcConversion> {
  /** Serial port path (`/dev/ttyACM0`, better a stable `/dev/serial/by-id/…`). Required. */
  path: string;
  /** Default 115200 (what `adc_serial.ino` uses). */
  baudRate?: number;
  /** Pins in a frame; default 12 (A0..A11, as the sketch sends). */
  pins?: number;
  /** Time for the answer to a request; default 1000 ms. */
  readTimeoutMs?: number;
  /** Requests sent again in the same read after a corrupt answer; default 1. */
  retries?: number;
}

/** Counters of a {@link SerialAdc}, for monitoring the link's health. */
export interface SerialAdcStats {
  /** Valid frames that answered a request. */
  frames: number;
  /** Lines rejected: bad CRC, partial, malformed, too long. */
  corrupt: number;
  /** Valid frames with an old sequence number (answers to requests already given up). */
  stale: number;
  /** Hello frames (board (re)booted). */
  hellos: number;
  /** Times the port went away. */
  disconnects: number;
}

interface Pending {
  seq: number;
  resolve(value: { raw: number[]; time: number }): void;
  reject(error: unknown): void;
  retriesLeft: number;
}

/**
 * An Arduino on USB serial running `firmware/adc_serial/adc_serial.ino`: the host sends
 * `?<seq>\n`, the board answers `$A,<seq>,<A0>,…,<A11>*<CRC16>\r\n` (see
 * firmware/PROTOCOL.md). Corrupt and partial lines are rejected and counted in
 * {@link SerialAdc.stats}; when the port disappears the reads fail with a
 * `disconnected` error and the port is reopened on the next read.
 *
 * @example
 * import { SerialAdc } from '@expmon/driver-arduino';
 * const adc = new SerialAdc({ path: '/dev/serial/by-id/usb-Arduino_Due-if00' });
 * const magnet = adc.channel(0, { name: 'magnet_voltage' });
 */
export class SerialAdc extends AdcBoardBase {
  readonly device: string;
  readonly path: string;
  readonly stats: SerialAdcStats = { frames: 0, corrupt: 0, stale: 0, hellos: 0, disconnects: 0 };
  /** `readTimeoutMs` (retries after a corrupt answer happen within it): the longest one read can take once the port is open. */
  readonly maxReadMs: number;
  private readonly link: SerialLink;
  private readonly readTimeoutMs: number;
  private readonly retries: number;
  private seq = 0;
  private pending: Pending | undefined;

  constructor(options: SerialAdcOptions) {
    const pins = options?.pins ?? 12;
    if (!Number.isInteger(pins) || pins < 1 || pins > 64) {
      throw new ConfigError(`must be an integer from 1 to 64, got ${String(pins)}`, { field: 'SerialAdc.pins' });
    }
    super(pins, adcConversion(options ?? {}, 'SerialAdc'));
    if (!options || typeof options.path !== 'string' || options.path === '') {
      throw new ConfigError('must be a serial port path such as /dev/ttyACM0', { field: 'SerialAdc.path' });
    }
    const baudRate = options.baudRate ?? 115200;
    if (!Number.isInteger(baudRate) || baudRate <= 0) {
      throw new ConfigError(`must be a positive integer, got ${String(options.baudRate)}`, { field: 'SerialAdc.baudRate' });
    }
    this.readTimeoutMs = options.readTimeoutMs ?? 1000;
    if (!(Number.isFinite(this.readTimeoutMs) && this.readTimeoutMs > 0)) {
      throw new ConfigError(`must be a positive number of milliseconds, got ${String(options.readTimeoutMs)}`, {
        field: 'SerialAdc.readTimeoutMs',
      });
    }
    this.maxReadMs = this.readTimeoutMs;
    this.retries = options.retries ?? 1;
    if (!Number.isInteger(this.retries) || this.retries < 0) {
      throw new ConfigError(`must be a non-negative integer, got ${String(options.retries)}`, {
        field: 'SerialAdc.retries',
      });
    }
    this.path = options.path;
    this.device = `arduino-adc-serial ${this.path}`;
    this.link = new SerialLink({
      path: this.path,
      baudRate,
      device: this.device,
      onLine: (line) => this.onLine(line),
      onOverflow: (start) => this.corrupt(`line longer than the limit, starting ${JSON.stringify(start)}`),
      onDisconnect: (error) => {
        this.stats.disconnects++;
        this.problemSubject.next(error);
        this.failPending(error);
      },
    });
  }

  protected async fetchRaw(): Promise<{ raw: number[]; time: number }> {
    await this.link.open();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.failPending(new DeviceTimeoutError(this.readTimeoutMs, { device: this.device }, 'no valid frame'));
      }, this.readTimeoutMs);
      this.pending = {
        seq: 0,
        retriesLeft: this.retries,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.request();
    });
  }

  protected async release(): Promise<void> {
    this.failPending(new DeviceError('closed', { device: this.device }));
    await this.link.close();
  }

  private request(): void {
    const pending = this.pending;
    if (!pending) return;
    this.seq = (this.seq + 1) % (MAX_SERIAL_SEQ + 1);
    pending.seq = this.seq;
    this.link.write(`?${pending.seq}\n`).catch((error: unknown) => this.failPending(error));
  }

  private onLine(line: string): void {
    if (line === '') return;
    // A partial frame followed by a whole one on the same line: reject the partial part, keep the rest.
    const start = line.lastIndexOf('$');
    if (start > 0) {
      this.corrupt(`partial frame ${JSON.stringify(line.slice(0, Math.min(start, 40)))}`);
      line = line.slice(start);
    }
    let frame;
    try {
      frame = parseSerialAdcFrame(line, this.pins, 2 ** this.conversion.bits - 1);
    } catch (error) {
      if (!(error instanceof SerialFrameSyntaxError)) throw error;
      this.corrupt(`${error.message}: ${JSON.stringify(line.slice(0, 80))}`);
      return;
    }
    if (frame.type === 'hello') {
      this.stats.hellos++;
      // The board rebooted (opening the port resets a Due): ask again.
      if (this.pending) this.request();
      return;
    }
    const pending = this.pending;
    if (!pending || frame.seq !== pending.seq) {
      this.stats.stale++;
      return;
    }
    this.stats.frames++;
    this.pending = undefined;
    pending.resolve({ raw: [...frame.raw], time: Date.now() });
  }

  private corrupt(message: string): void {
    this.stats.corrupt++;
    const error = new CorruptFrameError(`rejected line: ${message}`, { device: this.device });
    const pending = this.pending;
    if (pending && pending.retriesLeft > 0) {
      pending.retriesLeft--;
      this.problemSubject.next(error);
      this.request();
    } else if (pending) {
      this.failPending(error);
    } else {
      this.problemSubject.next(error);
    }
  }

  private failPending(error: unknown): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}
