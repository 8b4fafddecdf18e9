import { encodeSerialAdcFrame } from '../serialAdcFrame.js';
import { SimulatedSerialDevice, type SimulatedSerialDeviceOptions } from './SimulatedSerialDevice.js';
import type { SplitOptions } from './writeInChunks.js';

/** How the simulator answers one request; the default is a correct frame in one write. */
export interface SerialAdcAnswer extends SplitOptions {
  /** Send nothing. */
  drop?: boolean;
  /** Flip the CRC. */
  corruptCrc?: boolean;
  /** Answer with this sequence number offset (a stale answer). */
  seqOffset?: number;
  /** Bytes sent before the frame (garbage, a partial frame without line end). */
  before?: string;
  /** Send this text instead of the frame (line end included if you want one). */
  text?: string;
}

/** Options of {@link SerialAdcSimulator}. */
export interface SerialAdcSimulatorOptions extends SimulatedSerialDeviceOptions {
  /** Initial raw counts of A0..A11; default all 0. */
  raw?: readonly number[];
  /** Send a hello frame on open, like the sketch at boot; default true. */
  hello?: boolean;
}

/**
 * A board running `adc_serial.ino`, on the device end of a socat pty pair: answers
 * `?<seq>\n` with `$A,<seq>,<A0>,…,<A11>*<CRC>\r\n`. Values are settable;
 * {@link SerialAdcSimulator.script} queues bad answers (garbage, bad CRC, partial
 * frames, stale sequence numbers, split writes, no answer).
 *
 * @example
 * const sim = new SerialAdcSimulator({ path: pair.devicePath, raw: [2048] });
 * await sim.start();
 * sim.script({ corruptCrc: true });
 */
export class SerialAdcSimulator extends SimulatedSerialDevice {
  /** Requests received. */
  requests = 0;
  private readonly raw: number[];
  private readonly queue: SerialAdcAnswer[] = [];
  private pending = '';

  constructor(private readonly o: SerialAdcSimulatorOptions) {
    super({ path: o.path, baudRate: o.baudRate ?? 115200 });
    this.raw = Array.from({ length: 12 }, (_, i) => o.raw?.[i] ?? 0);
  }

  override async start(): Promise<void> {
    await super.start();
    if (this.o.hello !== false) await this.sendHello();
  }

  /** Sends the boot frame `$H,adc_serial,1*…`, as the sketch does after a reset. */
  async sendHello(): Promise<void> {
    await this.send(`${encodeSerialAdcFrame({ type: 'hello', firmware: 'adc_serial', version: 1 })}\r\n`);
  }

  setRaw(pin: number, raw: number): void {
    this.raw[pin] = raw;
  }

  /** Queues answers for the next requests, in order. */
  script(...answers: SerialAdcAnswer[]): void {
    this.queue.push(...answers);
  }

  protected onData(chunk: Buffer): void {
    this.pending += chunk.toString('latin1');
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl).replace(/\r$/, '');
      this.pending = this.pending.slice(nl + 1);
      const m = /^\?(\d{1,5})$/.exec(line);
      if (m) void this.answer(Number(m[1]));
    }
  }

  private async answer(seq: number): Promise<void> {
    this.requests++;
    const a = this.queue.shift() ?? {};
    if (a.drop) return;
    let text = a.text;
    if (text === undefined) {
      const frame = encodeSerialAdcFrame({ type: 'sample', seq: (seq + (a.seqOffset ?? 0)) & 0xffff, raw: this.raw });
      const body = a.corruptCrc ? frame.slice(0, -4) + flip(frame.slice(-4)) : frame;
      text = `${body}\r\n`;
    }
    await this.send((a.before ?? '') + text, a);
  }
}

function flip(hex: string): string {
  return ((Number.parseInt(hex, 16) ^ 0x0001) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}
