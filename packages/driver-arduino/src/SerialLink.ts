import type { SerialPort } from 'serialport';
import { DeviceError } from '@expmon/core';
import { LineBuffer } from './LineBuffer.js';
import { loadSerialport } from './loadSerialport.js';

/** Options of {@link SerialLink}. */
export interface SerialLinkOptions {
  /** Port path (`/dev/ttyACM0`, `/dev/serial/by-id/…`). */
  path: string;
  baudRate: number;
  /** For errors: `arduino-adc-serial /dev/ttyACM0`. */
  device: string;
  /** Longest line accepted before it is cut off as garbage; default 512. */
  maxLineLength?: number;
  /** Every complete line. */
  onLine(line: string): void;
  /** A run of bytes without a line end longer than `maxLineLength`. */
  onOverflow?(start: string): void;
  /** The port went away (USB unplugged) or failed. */
  onDisconnect?(error: DeviceError): void;
}

/**
 * A serial port that is opened on demand (loading `serialport` on the first open), split into lines, and reopened on the next
 * {@link SerialLink.open} after it disappeared (USB unplugged, socat killed).
 *
 * @example
 * const link = new SerialLink({ path: '/dev/ttyUSB0', baudRate: 9600, device: 'tpg261 /dev/ttyUSB0',
 *   onLine: (l) => console.log(l) });
 * await link.open();
 * await link.write('PR1\r\n');
 */
export class SerialLink {
  /** How many times the port was opened (1 + reopens). */
  opens = 0;
  private port: SerialPort | undefined;
  private opening: Promise<void> | undefined;
  private readonly lines: LineBuffer;
  private closedByUser = false;

  constructor(private readonly o: SerialLinkOptions) {
    this.lines = new LineBuffer(o.maxLineLength ?? 512);
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true;
  }

  /** Opens the port unless it is open; concurrent calls share one attempt. */
  open(): Promise<void> {
    this.closedByUser = false;
    if (this.isOpen) return Promise.resolve();
    this.opening ??= this.doOpen().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Writes and waits until the bytes were handed to the OS. */
  write(data: string | Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) {
      return Promise.reject(this.error('port is not open', true));
    }
    return new Promise((resolve, reject) => {
      port.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data), (err) => {
        if (err) reject(this.error(`write failed: ${err.message}`, true, err));
        else resolve();
      });
    });
  }

  /** Closes the port (safe to call twice); {@link SerialLink.open} opens it again. */
  async close(): Promise<void> {
    this.closedByUser = true;
    await this.opening?.catch(() => undefined);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
  }

  private async doOpen(): Promise<void> {
    const SerialPort = await loadSerialport(this.o.device);
    const port = new SerialPort({ path: this.o.path, baudRate: this.o.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (err) reject(this.error(`cannot open ${this.o.path}: ${err.message}`, true, err));
        else resolve();
      });
    });
    this.lines.reset();
    this.port = port;
    this.opens++;
    port.on('data', (chunk: Buffer) => {
      for (const item of this.lines.push(chunk)) {
        if (item.overflow) this.o.onOverflow?.(item.line);
        else this.o.onLine(item.line);
      }
    });
    port.on('error', (err: Error) => {
      if (this.port === port) this.o.onDisconnect?.(this.error(`port error: ${err.message}`, true, err));
    });
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (this.port !== port) return;
      this.port = undefined;
      if (this.closedByUser) return;
      this.o.onDisconnect?.(
        this.error(`port ${this.o.path} closed${err ? `: ${err.message}` : ''} (unplugged?)`, true, err ?? undefined),
      );
    });
    if (this.closedByUser) {
      this.port = undefined;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
  }

  private error(message: string, disconnected: boolean, cause?: unknown): DeviceError {
    return new DeviceError(message, { device: this.o.device, retriable: true, disconnected, cause });
  }
}
