import { SimulatedSerialDevice, type SimulatedSerialDeviceOptions } from './SimulatedSerialDevice.js';
import type { SplitOptions } from './writeInChunks.js';

/** How the simulator answers one `PRx` request; the default is ACK, then the current value. */
export interface Tpg261ScriptedAnswer extends SplitOptions {
  /** Text sent instead of `\x06\r\n` (a NAK `\x15\r\n`, garbage). */
  ack?: string;
  /** Text sent instead of the measurement line on ENQ (line end included if you want one). */
  line?: string;
  /** Send nothing on ENQ. */
  drop?: boolean;
}

/** Options of {@link Tpg261Simulator}. */
export interface Tpg261SimulatorOptions extends SimulatedSerialDeviceOptions {
  /** Pressure of gauge 1 in mbar; default 1e-6. */
  pressure?: number;
  /** Status code 0..6; default 0. */
  status?: number;
}

/**
 * A Pfeiffer TPG261 on the device end of a socat pty pair (9600 baud): `PR1<CR><LF>` is
 * answered with ACK, then ENQ with `status,±x.xxxxE±xx<CR><LF>`. Status and pressure are
 * settable; {@link Tpg261Simulator.script} queues NAKs, garbage, split or missing answers.
 *
 * @example
 * const gauge = new Tpg261Simulator({ path: pair.devicePath, pressure: 2.5e-7 });
 * await gauge.start();
 * gauge.status = 2; // overrange
 */
export class Tpg261Simulator extends SimulatedSerialDevice {
  pressure: number;
  status: number;
  /** PRx requests received. */
  requests = 0;
  private readonly queue: Tpg261ScriptedAnswer[] = [];
  private current: Tpg261ScriptedAnswer | undefined;
  private pending = '';

  constructor(o: Tpg261SimulatorOptions) {
    super({ path: o.path, baudRate: o.baudRate ?? 9600 });
    this.pressure = o.pressure ?? 1e-6;
    this.status = o.status ?? 0;
  }

  /** Queues answers for the next requests, in order. */
  script(...answers: Tpg261ScriptedAnswer[]): void {
    this.queue.push(...answers);
  }

  protected onData(chunk: Buffer): void {
    for (const ch of chunk.toString('latin1')) {
      if (ch === '\x05') {
        void this.onEnq();
        continue;
      }
      if (ch !== '\n') {
        this.pending += ch;
        continue;
      }
      const command = this.pending.replace(/\r$/, '').trim();
      this.pending = '';
      if (/^PR[12X]$/.test(command)) {
        this.requests++;
        this.current = this.queue.shift() ?? {};
        void this.send(this.current.ack ?? '\x06\r\n');
      } else {
        void this.send('\x15\r\n');
      }
    }
  }

  private async onEnq(): Promise<void> {
    const a = this.current ?? {};
    this.current = undefined;
    if (a.drop) return;
    await this.send(a.line ?? `${this.status},${formatPfeiffer(this.pressure)}\r\n`, a);
  }
}

/** `1.23e-6` → `+1.2300E-06`, the controller's exponential format. */
function formatPfeiffer(value: number): string {
  const [mantissa, exponent] = value.toExponential(4).split('e') as [string, string];
  const sign = value < 0 ? '' : '+';
  const e = Number(exponent);
  return `${sign}${mantissa}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
