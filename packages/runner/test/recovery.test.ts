import { createServer, connect, type Server, type Socket } from 'node:net';
import { Observable } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createReading, DeviceError, SimulatedSource, type PushSource, type Reading } from '@expmon/core';
import { ArduinoAdc } from '@expmon/driver-arduino';
import { AdcTcpSimulator } from '@expmon/driver-arduino/simulator';
import { waitFor } from '@expmon/test-servers';
import { validateConfig } from '../src/config/loadConfig.js';
import type { PollOutcome } from '../src/pollSource.js';
import { Runner } from '../src/Runner.js';
import { SourceHealth } from '../src/status/SourceHealth.js';
import { capturedLines, capturedLog } from './capturedOutput.js';

const INTERVAL_MS = 500;
const tickOf = (ms: number) => Math.floor(ms / INTERVAL_MS);

/** The runner in process, in dry-run mode (line protocol to `lines`), its JSON logs in `logs`. */
function runnerFor(sources: unknown[], cycles?: number) {
  const { out, lines } = capturedLines();
  const { log, logs } = capturedLog('debug');
  const config = validateConfig({ interval: `${INTERVAL_MS}ms`, sources, status: { healthEvery: '1m' } }, '/lab/recovery.config.ts');
  const outcomes: Array<PollOutcome & { at: number }> = [];
  const runner = new Runner(config, [], log, {
    dryRun: true,
    out,
    cycles,
    onOutcome: (o) => outcomes.push({ ...o, at: Date.now() }),
  });
  const health = new SourceHealth(runner, { store: true });
  return { runner, health, lines, logs, outcomes };
}

let cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('a polled device that fails and comes back (the Arduino TCP simulator, stopped and restarted)', () => {
  it('is tried at most every other tick while down, read again within 2 intervals of its return, and "recovered" is logged once', async () => {
    let sim = new AdcTcpSimulator();
    const { port } = await sim.start();
    sim.setVolts(0, 1.5);
    const adc = new ArduinoAdc({ host: '127.0.0.1', port, connectTimeoutMs: 150, readTimeoutMs: 150 });
    const { runner, health, lines, logs, outcomes } = runnerFor([adc.channel(0, { name: 'magnet', unit: 'V' })]);
    cleanup.push(() => sim.stop(), () => health.stop(), () => runner.stop());
    health.start();
    await runner.start();

    await waitFor(async () => (outcomes.filter((o) => o.ok).length >= 2 ? true : undefined), { what: 'two good reads' });
    await sim.stop();
    const downAt = Date.now();
    await waitFor(async () => (outcomes.filter((o) => !o.ok).length >= 4 ? true : undefined), { what: 'four failed reads', timeoutMs: 20_000 });
    sim = new AdcTcpSimulator({ port });
    await sim.start();
    sim.setVolts(0, 2.5);
    const backAt = Date.now();
    const back = await waitFor(async () => outcomes.find((o) => o.ok && o.at >= backAt), { what: 'a good read after the return', timeoutMs: 20_000 });
    await runner.stop();
    health.stop();

    // Read again within 2 intervals (in ticks) of the device's return.
    expect(back.tick - tickOf(backAt)).toBeLessThanOrEqual(2);
    expect(back.recovered).toMatchObject({ failures: expect.any(Number) });
    // Not hammered while down: at most one try every other tick (plus the first retry).
    const failed = outcomes.filter((o) => !o.ok);
    const downTicks = tickOf(backAt) - tickOf(downAt) + 1;
    expect(failed.length).toBeLessThanOrEqual(Math.ceil(downTicks / 2) + 1);
    expect(failed.every((o) => o.source === 'magnet')).toBe(true);
    // "recovered" once, with the number of failures and the time down.
    const recovered = logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('recovered after'));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ sensor: 'magnet', device: `arduino-adc 127.0.0.1:${port}`, failures: failed.length, level: 30 });
    expect(recovered[0]!.msg).toMatch(new RegExp(`^recovered after ${failed.length} failures / \\d+(\\.\\d)? s$`));
    // Exactly one reading per good read, nothing during the outage; the value after the return is the new one.
    const readings = lines.filter((l) => l.startsWith('magnet,'));
    expect(readings).toHaveLength(outcomes.filter((o) => o.ok).length);
    expect(readings.at(-1)).toMatch(/value=2\.5\d*/);
    // Health: ok, then the error once (not per failed poll), then ok again.
    const healthRows = lines.filter((l) => l.startsWith('expmon_source,'));
    expect(healthRows.map((l) => /error="(\w*)"/.exec(l)?.[1])).toEqual(['', 'DeviceError', '']);
  }, 60_000);
});

describe('a hanging device', () => {
  it('is given up before the next tick (default timeout 80 % of the interval): no overrun, the other sources read every cycle', async () => {
    const hanging = new SimulatedSource({ name: 'stuck', hangProbability: 1 });
    const fine = new SimulatedSource({ name: 'fine', latencyMs: 20 });
    const { runner, lines, logs, outcomes } = runnerFor([hanging, fine], 6);
    cleanup.push(() => runner.stop());
    await runner.start();
    await runner.finished;
    await runner.stop();
    // 6 cycles: the one at start and 5 aligned ticks.
    expect(lines.filter((l) => /^fine[, ]/.test(l))).toHaveLength(6);
    const stuck = outcomes.filter((o) => o.source === 'stuck');
    // Tried at start, then at least every other tick (the tick right after start may find the
    // start read still running, depending on where in the period the run started), each a timeout at 400 ms.
    const ticks = stuck.map((o) => o.tick - outcomes[0]!.tick);
    expect(ticks[0]).toBe(0);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < ticks.length; i++) expect([1, 2]).toContain(ticks[i]! - ticks[i - 1]!);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(4);
    for (const o of stuck) expect(String(o.error)).toBe('DeviceTimeoutError: sensor stuck, device simulator: no answer within 400 ms');
    expect(hanging.reads).toBe(stuck.length);
    expect(logs.filter((l) => /overrun/.test(String(l.msg)))).toEqual([]);
  }, 30_000);
});

/** A device that pushes a line every 50 ms to whoever connects (a stand-in made for this test: no driver pushes over TCP). */
class LineDevice {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private n = 0;
  constructor(public port = 0) {}
  async start(): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      const timer = setInterval(() => socket.write(`${++this.n}\n`), 50);
      socket.on('close', () => {
        clearInterval(timer);
        this.sockets.delete(socket);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((r) => server.close(r));
  }
}

/** A push source reading that device: the stream errors when the connection is refused or lost. */
function lineSource(port: () => number): PushSource {
  const ctx = { sensor: 'flow', device: 'line-device 127.0.0.1' };
  return {
    kind: 'push',
    name: 'flow',
    device: ctx.device,
    read: async () => [],
    readings: () =>
      new Observable<Reading>((sub) => {
        const socket = connect(port(), '127.0.0.1');
        let buffer = '';
        socket.on('data', (d) => {
          buffer += String(d);
          const parts = buffer.split('\n');
          buffer = parts.pop()!;
          for (const p of parts) sub.next(createReading('flow', Number(p), { unit: 'l/min' }));
        });
        socket.on('error', (e) => sub.error(new DeviceError(`connection failed: ${e.message}`, { ...ctx, disconnected: true })));
        socket.on('close', () => sub.error(new DeviceError('connection closed', { ...ctx, disconnected: true })));
        return () => socket.destroy();
      }),
  };
}

describe('a push source whose stream errors (its device goes away) and comes back', () => {
  it('is resubscribed at most one interval apart, reads again within 2 intervals of the return, and logs "recovered" once', async () => {
    let device = new LineDevice();
    await device.start();
    const port = device.port;
    const { runner, health, lines, logs } = runnerFor([lineSource(() => port)]);
    const errors: number[] = [];
    runner.streamErrors$.subscribe(() => errors.push(Date.now()));
    cleanup.push(() => device.stop(), () => health.stop(), () => runner.stop());
    health.start();
    await runner.start();

    await waitFor(async () => (lines.filter((l) => l.startsWith('flow,')).length >= 3 ? true : undefined), { what: 'three readings' });
    await device.stop();
    await waitFor(async () => (errors.length >= 4 ? true : undefined), { what: 'four stream errors', timeoutMs: 20_000 });
    const before = lines.filter((l) => l.startsWith('flow,')).length;
    device = new LineDevice(port);
    await device.start();
    const backAt = Date.now();
    const firstLine = await waitFor(async () => lines.filter((l) => l.startsWith('flow,'))[before], { what: 'a reading after the return', timeoutMs: 20_000 });
    // When that reading was taken (its own timestamp), not when this poll (every 100 ms) saw it.
    const firstAt = Number(firstLine.split(' ').at(-1));
    expect(firstAt).toBeGreaterThanOrEqual(backAt);
    await runner.stop();
    health.stop();

    expect(tickOf(firstAt) - tickOf(backAt)).toBeLessThanOrEqual(2);
    const restarts = logs.filter((l) => l.msg === 'source stream failed; restarting it');
    expect(restarts.length).toBe(errors.length);
    // The backoff is capped at the interval (+10 % jitter).
    for (const r of restarts) expect(r.retryInMs as number).toBeLessThanOrEqual(INTERVAL_MS * 1.1);
    const recovered = logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('recovered after'));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ sensor: 'flow', failures: errors.length });
    // Health of a push source: ok, failing once (not per error), ok again; never NoData (no maxSilenceMs).
    const healthRows = lines.filter((l) => l.startsWith('expmon_source,'));
    expect(healthRows.map((l) => /error="(\w*)"/.exec(l)?.[1])).toEqual(['', 'DeviceError', '']);
  }, 60_000);
});
