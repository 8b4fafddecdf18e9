import { ConfigError, type ExpmonError, type Reading } from '@expmon/core';
import { firstValueFrom, filter, retry, take, timer, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openPhidgetConnections,
  PhidgetConnectionError,
  PhidgetDetachedError,
  PhidgetEventError,
  PhidgetHumiditySensor,
  PhidgetOpenTimeoutError,
  PhidgetThermocouple,
  PhidgetVoltageInput,
  PhidgetVoltageRatioInput,
  type PhidgetChannelSource,
  type PhidgetTransport,
} from '../src/index.js';
import { PhidgetNetworkServerSimulator } from '../src/simulator.js';

// The real phidget22 library (NetworkConnection, TemperatureSensor...) against the
// simulated Phidget Network Server on a loopback port. Nothing of phidget22 is mocked.
const HUB = 620000;

describe('Phidget channel sources over a Phidget Network Server', () => {
  let sim: PhidgetNetworkServerSimulator;
  let transport: PhidgetTransport;
  const sources: PhidgetChannelSource[] = [];
  const track = <S extends PhidgetChannelSource>(s: S): S => {
    sources.push(s as unknown as PhidgetChannelSource);
    return s;
  };

  beforeEach(async () => {
    sim = await PhidgetNetworkServerSimulator.start({
      password: 'lab-secret',
      hubs: [{ serialNumber: HUB, ports: { 0: 'HUM1001', 1: 'DAQ1500', 4: 'TMP1101', 5: 'TMP1101' } }],
    });
    process.env.TEST_PHIDGET_PASSWORD = 'lab-secret';
    transport = { host: sim.host, port: sim.port, passwordEnv: 'TEST_PHIDGET_PASSWORD' };
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.close()));
    await sim.close();
    delete process.env.TEST_PHIDGET_PASSWORD;
    expect(openPhidgetConnections()).toBe(0);
  });

  it('opens a thermocouple by hub serial, hub port and channel; readings come at the data interval', async () => {
    sim.setValue({ serialNumber: HUB, hubPort: 4, channel: 2 }, 77.25);
    const tc = track(
      new PhidgetThermocouple({
        name: 'tc_cold_head',
        serialNumber: HUB,
        hubPort: 4,
        channel: 2,
        transport,
        dataIntervalMs: 20,
        tags: { lab: 'seed' },
      }),
    );
    const readings = await firstValueFrom(tc.readings().pipe(take(3), toArray()));
    expect(readings.map((r) => r.fields.value)).toEqual([77.25, 77.25, 77.25]);
    expect(readings[0]).toMatchObject({ measurement: 'tc_cold_head', tags: { unit: '°C', lab: 'seed' } });
    expect(tc.address).toBe('serial 620000, hub port 4, channel 2');
    expect(sim.openChannels).toBe(1);
  });

  it('read() opens, returns the next value and closes the channel and the connection', async () => {
    sim.setValue({ serialNumber: HUB, hubPort: 5, channel: 3 }, -12.5);
    const tc = new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 5, channel: 3, transport, dataIntervalMs: 20 });
    const [reading, ...rest] = await tc.read();
    expect(rest).toEqual([]);
    expect(reading?.fields.value).toBe(-12.5);
    await new Promise((resolve) => setImmediate(resolve));
    await tc.close();
    expect(openPhidgetConnections()).toBe(0);
  });

  it('sets the data interval, change trigger and thermocouple type on the device after attach', async () => {
    const where = { serialNumber: HUB, hubPort: 4, channel: 1 };
    expect(sim.channelSettings(where)).toEqual({ dataIntervalMs: 250, changeTrigger: 0, thermocoupleType: 2 });
    sim.setValue(where, 300);
    const tc = track(
      new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 4, channel: 1, transport, dataIntervalMs: 40, changeTrigger: 0.5, thermocoupleType: 'T' }),
    );
    const first = await firstValueFrom(tc.readings());
    expect(first.fields.value).toBe(300);
    expect(tc.thermocoupleType).toBe('T');
    expect(sim.channelSettings(where)).toEqual({ dataIntervalMs: 40, changeTrigger: 0.5, thermocoupleType: 4 });
  });

  it('reads several channels of one hub over one shared connection', async () => {
    const tcs = [4, 5].flatMap((hubPort) =>
      [0, 1, 2].map((channel) => {
        sim.setValue({ serialNumber: HUB, hubPort, channel }, hubPort * 10 + channel);
        return track(new PhidgetThermocouple({ name: `tc_${hubPort}_${channel}`, serialNumber: HUB, hubPort, channel, transport, dataIntervalMs: 20 }));
      }),
    );
    sim.setValue({ serialNumber: HUB, hubPort: 0, channelClass: 'HumiditySensor' }, 41.5);
    sim.setValue({ serialNumber: HUB, hubPort: 4, channel: 1, channelClass: 'VoltageInput' }, 0.0123);
    sim.setValue({ serialNumber: HUB, hubPort: 1, channel: 1, channelClass: 'VoltageRatioInput' }, 0.25);
    const rh = track(new PhidgetHumiditySensor({ name: 'rh', serialNumber: HUB, hubPort: 0, transport, dataIntervalMs: 50 }));
    const v = track(new PhidgetVoltageInput({ name: 'v', serialNumber: HUB, hubPort: 4, channel: 1, transport, dataIntervalMs: 20 }));
    const ratio = track(new PhidgetVoltageRatioInput({ name: 'ratio', serialNumber: HUB, hubPort: 1, channel: 1, transport, dataIntervalMs: 20 }));

    const all = [...tcs, rh, v, ratio];
    const firsts = await Promise.all(all.map((s) => firstValueFrom(s.readings())));
    expect(firsts.map((r) => [r.measurement, r.fields.value, r.tags.unit])).toEqual([
      ['tc_4_0', 40, '°C'],
      ['tc_4_1', 41, '°C'],
      ['tc_4_2', 42, '°C'],
      ['tc_5_0', 50, '°C'],
      ['tc_5_1', 51, '°C'],
      ['tc_5_2', 52, '°C'],
      ['rh', 41.5, '%'],
      ['v', 0.0123, 'V'],
      ['ratio', 0.25, 'V/V'],
    ]);
    expect(sim.connectedClients).toBe(1);
    expect(openPhidgetConnections()).toBe(1);
  });

  it('errors the stream on detach and recovers by itself when the board is plugged back in', async () => {
    const where = { serialNumber: HUB, hubPort: 4, channel: 1 };
    sim.setValue(where, 20);
    const tc = track(new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 4, channel: 1, transport, dataIntervalMs: 20, openTimeoutMs: 300 }));
    const errors: unknown[] = [];
    const seen: Reading[] = [];
    // What the runner does: resubscribe after an error, with a delay.
    const afterReattach = firstValueFrom(
      tc.readings().pipe(
        retry({ delay: (error: unknown) => (errors.push(error), timer(50)) }),
        filter((r) => {
          seen.push(r);
          if (seen.length === 1) sim.detach({ serialNumber: HUB, hubPort: 4 });
          return r.fields.value === 99;
        }),
      ),
    );
    // Detached: the stream errors, and resubscribing times out until the board is back.
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    sim.setValue(where, 99);
    sim.attach({ serialNumber: HUB, hubPort: 4 });
    const reading = await afterReattach;
    expect(reading.fields.value).toBe(99);
    expect(PhidgetDetachedError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as PhidgetDetachedError).disconnected).toBe(true);
    expect(PhidgetOpenTimeoutError.isInstance(errors[1])).toBe(true);
    expect(seen.filter((r) => r.fields.value === 20).length).toBeGreaterThanOrEqual(1);
  });

  it('a wrong serial number times out with an error naming serial, hub port and channel', async () => {
    const tc = track(new PhidgetThermocouple({ name: 'tc_wrong', serialNumber: 999999, hubPort: 4, channel: 3, transport, openTimeoutMs: 300 }));
    const error = await tc.read().catch((e: unknown) => e);
    expect(PhidgetOpenTimeoutError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('serial 999999');
    expect(message).toContain('hub port 4');
    expect(message).toContain('channel 3');
    expect(message).toContain('TemperatureSensor');
    expect(message).toContain('within 300 ms');
    expect((error as PhidgetOpenTimeoutError).retriable).toBe(true);
  });

  it('a wrong password fails at once with a connection error naming the server, never the password', async () => {
    process.env.TEST_PHIDGET_PASSWORD = 'not-it';
    // openTimeoutMs far beyond the test's own timeout: only the fail-fast path can answer in time.
    const tc = track(new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 4, transport, openTimeoutMs: 600_000 }));
    const error = await tc.read().catch((e: unknown) => e);
    expect(PhidgetConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/cannot connect to Phidget Network Server phid:\/\/127\.0\.0\.1:\d+: authentication failed/);
    expect((error as Error).message).not.toContain('not-it');
    expect((error as PhidgetConnectionError).retriable).toBe(true);
  });

  it('error events (open thermocouple) write nothing and are reported on problems', async () => {
    const where = { serialNumber: HUB, hubPort: 5, channel: 0 };
    sim.setValue(where, 25);
    const tc = track(new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 5, channel: 0, transport, dataIntervalMs: 20 }));
    const problems: ExpmonError[] = [];
    const readings: Reading[] = [];
    const p = tc.problems.subscribe((e) => problems.push(e));
    const r = tc.readings().subscribe((x) => readings.push(x));
    await expect.poll(() => readings.length).toBeGreaterThan(0);

    sim.setFault(where, { code: 4113, description: 'Thermocouple open' });
    await expect.poll(() => problems.length).toBeGreaterThanOrEqual(2);
    const during = readings.length;
    await expect.poll(() => problems.length).toBeGreaterThanOrEqual(4);
    // At most one reading already on the way when the fault started; none while it lasts.
    expect(readings.length - during).toBe(0);
    expect(PhidgetEventError.isInstance(problems[0])).toBe(true);
    expect((problems[0] as PhidgetEventError).code).toBe(4113);
    expect(problems[0]?.message).toContain('Thermocouple open');
    expect(problems[0]?.message).toContain('serial 620000, hub port 5, channel 0');

    sim.setFault(where, null);
    sim.setValue(where, 26);
    await expect.poll(() => readings.some((x) => x.fields.value === 26)).toBe(true);
    r.unsubscribe();
    p.unsubscribe();
  });

  it('read() rejects with the error event while the thermocouple is open', async () => {
    const where = { serialNumber: HUB, hubPort: 4, channel: 3 };
    sim.setFault(where, { code: 4113, description: 'Thermocouple open' });
    const tc = track(new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 4, channel: 3, transport, dataIntervalMs: 20 }));
    const error = await tc.read().catch((e: unknown) => e);
    expect(PhidgetEventError.isInstance(error)).toBe(true);
  });

  it('read() honours an AbortSignal', async () => {
    const tc = track(new PhidgetThermocouple({ name: 'tc', serialNumber: 1234, hubPort: 4, transport, openTimeoutMs: 60_000 }));
    const controller = new AbortController();
    const pending = tc.read({ signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(((await pending) as Error).message).toContain('read aborted');
  });

  it('rejects bad options at construction, naming the option', () => {
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 1.5, transport })).toThrow(ConfigError);
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 1.5, transport })).toThrow(/tc\.hubPort/);
    // A VINT hub has ports 0..5.
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 6, transport })).toThrow(/tc\.hubPort: must be an integer 0\.\.5, got 6/);
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, hubPort: 5, transport })).not.toThrow();
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, transport, staleAfterIntervals: 1 })).toThrow(/tc\.staleAfterIntervals/);
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, transport: { keepAliveTimeoutMs: 5 } })).toThrow(/transport\.keepAliveTimeoutMs/);
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: 0, transport })).toThrow(/tc\.serialNumber/);
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, transport, thermocoupleType: 'X' as 'K' })).toThrow(
      /tc\.thermocoupleType/,
    );
    expect(() => new PhidgetThermocouple({ name: 'tc', serialNumber: HUB, transport: { port: 70000 } })).toThrow(/transport\.port/);
  });
});
