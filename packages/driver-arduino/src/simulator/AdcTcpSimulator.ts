import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeInChunks, type SplitOptions } from './writeInChunks.js';

/** How the simulator answers one connection; the default is the current values in one write. */
export interface AdcTcpAnswer extends SplitOptions {
  /** Bytes to send instead of the 24-byte answer (short, long, garbage). */
  bytes?: Uint8Array;
  /** Wait before answering, ms. */
  delayMs?: number;
  /** Do not close after answering (a hung board). */
  hang?: boolean;
}

/** Options of {@link AdcTcpSimulator}. */
export interface AdcTcpSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). Use 6574 to pose as a real board. */
  port?: number;
  /** Initial raw counts of A0..A11; default all 0. */
  raw?: readonly number[];
  /** For {@link AdcTcpSimulator.setVolts}; default 3.25. */
  fullScaleVolts?: number;
}

/**
 * A TCP server speaking the `adc.ino` protocol: waits for one byte, answers A0..A11 as
 * 24 bytes (high, low) and closes. Values are settable; {@link AdcTcpSimulator.script}
 * queues special answers (split writes, pauses, short/long/late answers, hangs).
 *
 * @example
 * import { AdcTcpSimulator } from '@expmon/driver-arduino/simulator';
 * const sim = new AdcTcpSimulator();
 * const { port } = await sim.start();
 * sim.setVolts(3, 1.2);
 * const adc = new ArduinoAdc({ host: '127.0.0.1', port });
 */
export class AdcTcpSimulator {
  /** Connections accepted so far. */
  connections = 0;
  private readonly raw: number[];
  private readonly queue: AdcTcpAnswer[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private readonly fullScaleVolts: number;

  constructor(private readonly options: AdcTcpSimulatorOptions = {}) {
    this.raw = Array.from({ length: 12 }, (_, i) => options.raw?.[i] ?? 0);
    this.fullScaleVolts = options.fullScaleVolts ?? 3.25;
  }

  /** Starts listening; resolves with the address. */
  async start(): Promise<{ host: string; port: number }> {
    const host = this.options.host ?? '127.0.0.1';
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return { host, port: address.port };
  }

  /** Sets the raw count (0..4095) of a pin. */
  setRaw(pin: number, raw: number): void {
    this.raw[pin] = raw;
  }

  /** Sets a pin to the count that reads as `volts`. */
  setVolts(pin: number, volts: number): void {
    this.raw[pin] = Math.max(0, Math.min(4095, Math.round((volts / this.fullScaleVolts) * 4096)));
  }

  /** The 24-byte answer for the current values. */
  answerBytes(): Buffer {
    const out = Buffer.alloc(24);
    this.raw.forEach((r, pin) => out.writeUInt16BE(r & 0xffff, pin * 2));
    return out;
  }

  /** Queues answers for the next connections, in order. */
  script(...answers: AdcTcpAnswer[]): void {
    this.queue.push(...answers);
  }

  /** Closes the server and every open connection. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      const answer = this.queue.shift() ?? {};
      void this.answer(socket, answer);
    });
  }

  private async answer(socket: Socket, a: AdcTcpAnswer): Promise<void> {
    // Like adc.ino: read every pin (the sketch reads twice, keeps the second), then send.
    const bytes = a.bytes ?? this.answerBytes();
    if (a.delayMs) await sleep(a.delayMs);
    if (socket.destroyed) return;
    await writeInChunks((b) => socket.write(b), bytes, a);
    if (!a.hang) socket.end();
  }
}
