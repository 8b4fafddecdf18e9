import type { SerialPort } from 'serialport';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSerialport } from '../loadSerialport.js';
import { writeInChunks, type SplitOptions } from './writeInChunks.js';

/** Options of a simulated serial device. */
export interface SimulatedSerialDeviceOptions {
  /** The device end of a pty pair ({@link SocatPtyPair.devicePath}). */
  path: string;
  baudRate?: number;
}

/**
 * Base of the serial simulators: opens its end of a pty pair with serialport, and when
 * the port disappears (socat stopped) keeps trying to open it again until stopped, so a
 * restarted socat brings the device back.
 *
 * @example
 * class Echo extends SimulatedSerialDevice {
 *   protected onData(chunk: Buffer) { void this.send(chunk); }
 * }
 */
export abstract class SimulatedSerialDevice {
  /** Times the port was opened. */
  opens = 0;
  private port: SerialPort | undefined;
  private running = false;
  private reopening: Promise<void> | undefined;

  constructor(protected readonly options: SimulatedSerialDeviceOptions) {}

  /** Opens the port (and keeps reopening it after it disappears) until {@link stop}. */
  async start(): Promise<void> {
    this.running = true;
    await this.openOnce();
  }

  /** Closes the port and stops reopening it. */
  async stop(): Promise<void> {
    this.running = false;
    await this.reopening;
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Whether the device's port is open now. */
  get isOpen(): boolean {
    return this.port?.isOpen === true;
  }

  /** Resolves when the port is open (after a socat restart). */
  async waitOpen(timeoutMs = 5000): Promise<void> {
    for (let waited = 0; !this.isOpen; waited += 10) {
      if (waited > timeoutMs) throw new Error(`simulated device ${this.options.path} did not reopen`);
      await sleep(10);
    }
  }

  /** Sends bytes, split as asked. */
  async send(data: string | Uint8Array, split: SplitOptions = {}): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    await writeInChunks((b) => port.write(b), bytes, split);
  }

  /** Bytes from the host. */
  protected abstract onData(chunk: Buffer): void;

  private async openOnce(): Promise<void> {
    const SerialPort = await loadSerialport(`simulated device ${this.options.path}`);
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    this.port = port;
    this.opens++;
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port !== port) return;
      this.port = undefined;
      if (this.running) this.reopening = this.reopenLoop();
    });
  }

  private async reopenLoop(): Promise<void> {
    while (this.running) {
      await sleep(20);
      if (!this.running) return;
      try {
        await this.openOnce();
        return;
      } catch {
        // Not back yet.
      }
    }
  }
}
