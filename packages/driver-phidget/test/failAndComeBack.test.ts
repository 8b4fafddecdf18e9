import { type ExpmonError, type Reading } from '@expmon/core';
import { createServer, type AddressInfo } from 'node:net';
import { filter, firstValueFrom, retry, take, timer, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openPhidgetConnections,
  PhidgetConnectionError,
  PhidgetDetachedError,
  PhidgetStaleError,
  PhidgetThermocouple,
  type PhidgetChannelSource,
} from '../src/index.js';
import { PhidgetNetworkServerSimulator } from '../src/simulator.js';

// The real phidget22 library against the simulated Phidget Network Server (loopback).
// Nothing of phidget22 is mocked.
const HUB = 620000;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Phidget sources when the server fails and comes back', () => {
  let sim: PhidgetNetworkServerSimulator | undefined;
  const sources: PhidgetChannelSource[] = [];
  const track = <S extends PhidgetChannelSource>(s: S): S => {
    sources.push(s as unknown as PhidgetChannelSource);
    return s;
  };

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.close()));
    await sim?.close();
    sim = undefined;
    expect(openPhidgetConnections()).toBe(0);
  });

  it('emits the value of the open reply as the first reading, without waiting one data interval', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: HUB, ports: { 4: 'TMP1101' } }] });
    sim.setValue({ serialNumber: HUB, hubPort: 4, channel: 2 }, 4.25);
    const tc = track(
      new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 4, channel: 2, dataIntervalMs: 60_000, transport: { host: sim.host, port: sim.port } }),
    );
    const first = await firstValueFrom(tc.readings());
    expect(first.fields.value).toBe(4.25);
    expect(first.tags.unit).toBe('°C');
    // The simulator has sent no change event yet: the reading came from the open reply.
    expect(sim.valueEventsSent).toBe(0);
    expect(sim.channelSettings({ serialNumber: HUB, hubPort: 4, channel: 2 }).dataIntervalMs).toBe(60_000);
  });

  it('read() answers from the open reply too', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: HUB, ports: { 4: 'TMP1101' } }] });
    sim.setValue({ serialNumber: HUB, hubPort: 4, channel: 0 }, -3.5);
    const tc = track(new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 4, dataIntervalMs: 60_000, transport: { host: sim.host, port: sim.port } }));
    const readings = await tc.read();
    expect(readings.map((r) => r.fields.value)).toEqual([-3.5]);
    expect(sim.valueEventsSent).toBe(0);
  });

  it('a refused connection errors the stream at once with the server address, and the source reads once the server is up', async () => {
    const port = await closedPort();
    // openTimeoutMs beyond the test timeout: only the fail-fast path can report in time.
    const tc = track(
      new PhidgetThermocouple({ name: 'tc_refused', serialNumber: HUB, hubPort: 4, openTimeoutMs: 600_000, transport: { host: '127.0.0.1', port } }),
    );
    const error = await firstValueFrom(tc.readings()).catch((e: unknown) => e);
    expect(PhidgetConnectionError.isInstance(error)).toBe(true);
    const e = error as PhidgetConnectionError;
    expect(e.message).toContain(`cannot connect to Phidget Network Server phid://127.0.0.1:${port}`);
    expect(e.message).toContain('Connection Refused');
    expect(e.message).toContain('sensor tc_refused');
    expect(e.server).toBe(`phid://127.0.0.1:${port}`);
    expect(e.retriable).toBe(true);

    // Retried as the runner does (resubscribe after a delay): each attempt fails fast until the server is there.
    const errors: unknown[] = [];
    const reading = firstValueFrom(tc.readings().pipe(retry({ delay: (err: unknown) => (errors.push(err), timer(100)) })));
    await expect.poll(() => errors.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(errors.every((x) => PhidgetConnectionError.isInstance(x))).toBe(true);
    sim = await PhidgetNetworkServerSimulator.start({ port, hubs: [{ serialNumber: HUB, ports: { 4: 'TMP1101' } }] });
    sim.setValue({ serialNumber: HUB, hubPort: 4, channel: 0 }, 12.5);
    expect((await reading).fields.value).toBe(12.5);
  });

  it('stale-data watchdog: a frozen server is reported after staleAfterIntervals data intervals, once, on problems and as the stream error', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: HUB, ports: { 4: 'TMP1101' } }] });
    const tc = track(
      new PhidgetThermocouple({ name: 'tc_frozen', serialNumber: HUB, hubPort: 4, dataIntervalMs: 100, staleAfterIntervals: 10, transport: { host: sim.host, port: sim.port } }),
    );
    expect(tc.maxSilenceMs).toBe(2000); // 10 × 100 ms is below the 2 s floor
    const problems: ExpmonError[] = [];
    const p = tc.problems.subscribe((x) => problems.push(x));
    const readings: Reading[] = [];
    let streamError: unknown;
    const r = tc.readings().subscribe({ next: (x) => readings.push(x), error: (err: unknown) => (streamError = err) });
    await expect.poll(() => readings.length).toBeGreaterThanOrEqual(3);
    sim.freeze();
    await expect.poll(() => streamError, { timeout: 20_000 }).toBeDefined();
    expect(PhidgetStaleError.isInstance(streamError)).toBe(true);
    expect((streamError as Error).message).toBe(
      `sensor tc_frozen, device phidget phid://127.0.0.1:${sim.port}, at serial 620000, hub port 4, channel 0: no value (data interval 100 ms) within 2000 ms`,
    );
    const stale = problems.filter((x) => PhidgetStaleError.isInstance(x));
    expect(stale).toEqual([streamError]);
    r.unsubscribe();
    p.unsubscribe();

    // The server comes back: resubscribing (what the runner does) reads again.
    sim.unfreeze();
    sim.setValue({ serialNumber: HUB, hubPort: 4, channel: 0 }, 31.5);
    const again = await firstValueFrom(
      tc.readings().pipe(
        retry({ delay: () => timer(200) }),
        filter((x) => x.fields.value === 31.5),
      ),
    );
    expect(again.fields.value).toBe(31.5);
  });

  it('with a change trigger (silence is normal) the keep-alives judge the connection: a frozen server detaches the channel', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ keepAliveIntervalMs: 100, hubs: [{ serialNumber: HUB, ports: { 4: 'TMP1101' } }] });
    const tc = track(
      new PhidgetThermocouple({
        name: 'tc_trigger',
        serialNumber: HUB,
        hubPort: 4,
        dataIntervalMs: 50,
        changeTrigger: 0.5,
        transport: { host: sim.host, port: sim.port, keepAliveTimeoutMs: 2000 },
      }),
    );
    expect(tc.maxSilenceMs).toBeUndefined();
    const readings: Reading[] = [];
    let streamError: unknown;
    const r = tc.readings().subscribe({ next: (x) => readings.push(x), error: (err: unknown) => (streamError = err) });
    await expect.poll(() => readings.length).toBeGreaterThanOrEqual(1); // the open reply's value
    await firstValueFrom(timer(300));
    const settled = readings.length; // the open reply, and the device's first event after the trigger was set
    expect(settled).toBeLessThanOrEqual(2);
    // Keep-alives flow and nothing changes: the silent channel is healthy, no error, nothing new.
    await firstValueFrom(timer(1500));
    expect(streamError).toBeUndefined();
    expect(readings.length).toBe(settled);
    sim.freeze();
    await expect.poll(() => streamError, { timeout: 20_000 }).toBeDefined();
    expect(PhidgetDetachedError.isInstance(streamError)).toBe(true);
    expect((streamError as Error).message).toContain('KeepAlive timeout');
    r.unsubscribe();
  });

  it('channel 4 of a TMP1101 as a thermocouple says it is the board\'s own temperature sensor', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: HUB, ports: { 4: 'TMP1101' } }] });
    const tc = track(new PhidgetThermocouple({ name: 'tc4', serialNumber: HUB, hubPort: 4, channel: 4, transport: { host: sim.host, port: sim.port } }));
    const error = await firstValueFrom(tc.readings()).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/channel 4 of TMP1101 is its "Temperature Sensor \(IC\)", not a thermocouple input/);
    expect((error as Error).message).toContain("channel 4 is the board's own temperature sensor; thermocouples are channels 0..3");
    expect((error as Error).message).toContain('sensor tc4');
  });

  it('timing hints follow the options', () => {
    const tc = new PhidgetThermocouple({ name: 't', serialNumber: HUB, transport: { port: 5661 }, dataIntervalMs: 5000, openTimeoutMs: 3000 });
    expect(tc.firstReadingWithinMs).toBe(8000);
    expect(tc.maxSilenceMs).toBe(15_000);
    const defaults = new PhidgetThermocouple({ name: 't', serialNumber: HUB, transport: { port: 5661 } });
    expect([defaults.firstReadingWithinMs, defaults.maxSilenceMs]).toEqual([6000, 3000]);
    // A fast interval: the watchdog still waits 2 s (MIN_STALE_MS), not 3 × 20 ms.
    expect(new PhidgetThermocouple({ name: 't', serialNumber: HUB, transport: { port: 5661 }, dataIntervalMs: 20 }).maxSilenceMs).toBe(2000);
    const trigger = new PhidgetThermocouple({ name: 't', serialNumber: HUB, transport: { port: 5661 }, changeTrigger: 0.1 });
    expect(trigger.maxSilenceMs).toBeUndefined();
  });

  it('several readings in a row after the first come at the data interval', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: HUB, ports: { 5: 'TMP1101' } }] });
    const tc = track(new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 5, dataIntervalMs: 20, transport: { host: sim.host, port: sim.port } }));
    const readings = await firstValueFrom(tc.readings().pipe(take(4), toArray()));
    expect(readings).toHaveLength(4);
    expect(sim.valueEventsSent).toBeGreaterThanOrEqual(3);
  });
});
