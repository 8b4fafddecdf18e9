import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DeviceError, observeSource } from '@expmon/core';
import { ArduinoAdc } from '@expmon/driver-arduino';
import { AdcTcpSimulator } from '@expmon/driver-arduino/simulator';
import { firstValueFrom, take, toArray } from 'rxjs';

describe('ArduinoAdc', () => {
  const sim = new AdcTcpSimulator({ raw: [0, 1024, 4095] });
  let port = 0;
  beforeAll(async () => {
    ({ port } = await sim.start());
  });
  afterAll(() => sim.stop());

  it('makes one connection per cycle for all channels and a new one each cycle', async () => {
    const adc = new ArduinoAdc({ host: '127.0.0.1', port });
    const chans = Array.from({ length: 12 }, (_, pin) => adc.channel(pin, { name: `p${pin}` }));
    const before = sim.connections;
    const first = await Promise.all(chans.map((c) => c.read()));
    expect(sim.connections - before).toBe(1);
    expect(adc.requests).toBe(1);
    expect(first[1]![0]!.fields.value).toBeCloseTo(0.8125, 10);
    sim.setVolts(1, 2.0);
    const second = await Promise.all(chans.map((c) => c.read()));
    expect(sim.connections - before).toBe(2);
    expect(second[1]![0]!.fields.value).toBeCloseTo(2.0, 3);
    // Same answer time for every channel of one cycle.
    expect(new Set(second.map((r) => r[0]!.time)).size).toBe(1);
    sim.setRaw(1, 1024);
  });

  it('full scale and bits are configurable', async () => {
    const adc = new ArduinoAdc({ host: '127.0.0.1', port, fullScaleVolts: 3.3 });
    const s = await adc.sample();
    expect(s.volts[1]).toBeCloseTo(0.825, 10);
    expect(s.raw).toEqual([0, 1024, 4095, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('calibrates a channel and keeps volts as raw', async () => {
    const adc = new ArduinoAdc({ host: '127.0.0.1', port });
    const [r] = await adc.channel(1, { name: 'p', unit: 'mbar', calibrate: (v) => v * 10 }).read();
    expect(r!.fields.value).toBeCloseTo(8.125, 10);
    expect(r!.fields.raw).toBeCloseTo(0.8125, 10);
    expect(r!.tags.unit).toBe('mbar');
  });

  it('works with observeSource for scripts', async () => {
    const adc = new ArduinoAdc({ host: '127.0.0.1', port });
    const values = await firstValueFrom(observeSource(adc.channel(2, { name: 'x' }), { intervalMs: 10 }).pipe(take(3), toArray()));
    expect(values.map((v) => v.fields.value)).toEqual([3.24920654296875, 3.24920654296875, 3.24920654296875]);
  });

  it('a refused connection is a retriable DeviceError', async () => {
    const closed = createServer();
    const freePort = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const adc = new ArduinoAdc({ host: '127.0.0.1', port: freePort });
    const err = await adc.channel(0, { name: 'x' }).read().catch((e: unknown) => e);
    expect(DeviceError.isInstance(err)).toBe(true);
    expect((err as DeviceError).retriable).toBe(true);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('gives up when the caller aborts, without spoiling the shared read for others', async () => {
    sim.script({ delayMs: 150 });
    const adc = new ArduinoAdc({ host: '127.0.0.1', port });
    const controller = new AbortController();
    const a = adc.channel(0, { name: 'a' }).read({ signal: controller.signal });
    const b = adc.channel(2, { name: 'b' }).read();
    controller.abort(new Error('runner timeout'));
    await expect(a).rejects.toThrow('runner timeout');
    expect((await b)[0]!.fields.value).toBe(3.24920654296875);
  });

  it('bad options throw ConfigError naming the option', () => {
    expect(() => new ArduinoAdc({ host: '' })).toThrow(/ArduinoAdc.host/);
    expect(() => new ArduinoAdc({ host: 'x', port: 70000 })).toThrow(/ArduinoAdc.port/);
    expect(() => new ArduinoAdc({ host: 'x', readTimeoutMs: -1 })).toThrow(/ArduinoAdc.readTimeoutMs/);
    expect(() => new ArduinoAdc({ host: 'x', fullScaleVolts: 0 })).toThrow(/ArduinoAdc.fullScaleVolts/);
    const adc = new ArduinoAdc({ host: 'x' });
    expect(() => adc.channel(12, { name: 'a' })).toThrow(ConfigError);
    expect(() => adc.channel(1, { name: '' })).toThrow(/channel\(1\).name/);
    expect(() => adc.channel(1, { name: 'a', validVolts: [2, 1] })).toThrow(/validVolts/);
  });
});
