import { describe, expect, it } from 'vitest';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createReading, type Reading } from '@expmon/core';
import { AlertEngine, type AlertEvent } from '../src/AlertEngine.js';
import { evaluateAlerts } from '../src/evaluateAlerts.js';
import { resolveAlerts, type ResolvedRule } from '../src/resolveAlerts.js';
import type { AlertRule } from '../src/AlertsConfig.js';

const T0 = Date.UTC(2025, 10, 28, 12, 0, 0);
const rule = (r: AlertRule): ResolvedRule => resolveAlerts({ rules: [r] }, '/').rules[0]!;
const at = (s: number, measurement: string, value: number, fields: Record<string, number | boolean> = {}): Reading =>
  createReading(measurement, value, { unit: '°C', time: T0 + s * 1000, fields });

/** Feeds `[seconds, value]` pairs; returns `seconds:kind` of each change. */
function run(r: AlertRule, values: Array<[number, number]>): string[] {
  const engine = new AlertEngine([rule(r)], { now: T0 });
  return values.flatMap(([s, v]) => engine.observe(at(s, r.sensor, v)).map((e) => `${s}:${e.kind}`));
}

describe('AlertEngine', () => {
  it('above: fires at once without `for`, resolves only past the hysteresis', () => {
    const engine = new AlertEngine([rule({ name: 'hot', sensor: 'lab_temp', above: 30, hysteresis: 1 })], { now: T0 });
    expect(engine.observe(at(0, 'lab_temp', 29))).toEqual([]);
    const [fired] = engine.observe(at(5, 'lab_temp', 31.25));
    expect(fired).toMatchObject({ kind: 'firing', sensor: 'lab_temp', value: 31.25, unit: '°C', time: T0 + 5000, since: T0 + 5000 });
    expect(fired!.reason).toBe('lab_temp = 31.25 °C, above 30 °C');
    expect(engine.observe(at(10, 'lab_temp', 29.5))).toEqual([]); // below 30 but not below 29
    expect(engine.stateOf('hot')).toBe('firing');
    const [back] = engine.observe(at(15, 'lab_temp', 28.9));
    expect(back).toMatchObject({ kind: 'resolved', since: T0 + 5000, time: T0 + 15000 });
    expect(back!.reason).toBe('back to normal: lab_temp = 28.9 °C (fired 10s ago)');
    expect(engine.stateOf('hot')).toBe('ok');
  });

  it('`for`: the condition must hold that long; a good reading in between resets it', () => {
    const r: AlertRule = { name: 'hot', sensor: 't', above: 30, for: '20s' };
    expect(run(r, [[0, 31], [10, 31], [15, 29], [20, 31], [30, 31], [39, 31], [40, 31], [45, 31]])).toEqual(['40:firing']);
  });

  it('below and outside', () => {
    expect(run({ name: 'cold', sensor: 't', below: 4 }, [[0, 5], [1, 3.9], [2, 3], [3, 4.1]])).toEqual(['1:firing', '3:resolved']);
    expect(
      run({ name: 'band', sensor: 't', outside: [10, 20], hysteresis: 0.5 }, [[0, 15], [1, 21], [2, 19.8], [3, 19.4], [4, 9], [5, 10.2], [6, 11]]),
    ).toEqual(['1:firing', '3:resolved', '4:firing', '6:resolved']);
  });

  it('rate: a change larger than the limit within `per`, either way', () => {
    const r: AlertRule = { name: 'leak', sensor: 'p', rate: { above: 2, per: '60s' } };
    // 0→1.5 in 30 s: fine; 1.5→3.1 at 40 s: 3.1 - 0 = 3.1 within 60 s → fires.
    // At 120 s only points from 60 s on count: 3.3 vs 3.2 → resolves.
    expect(run(r, [[0, 0], [30, 1.5], [40, 3.1], [60, 3.2], [120, 3.3], [150, 0.5]])).toEqual(['40:firing', '120:resolved', '150:firing']);
    const engine = new AlertEngine([rule(r)], { now: T0 });
    engine.observe(at(0, 'p', 10));
    expect(engine.observe(at(10, 'p', 7))[0]!.reason).toBe('p changed by -3 °C within 1m (limit 2 °C); now 7 °C');
  });

  it('noDataFor: fires on the clock when the sensor is silent, resolves with the next reading', () => {
    const engine = new AlertEngine([rule({ name: 'silent', sensor: 'pump', noDataFor: '5m' })], { now: T0 });
    expect(engine.tick(T0 + 299_000)).toEqual([]);
    const [e] = engine.tick(T0 + 300_000);
    expect(e).toMatchObject({ kind: 'firing', value: undefined, since: T0 });
    expect(e!.reason).toBe('no reading from pump for 5m');
    expect(engine.tick(T0 + 400_000)).toEqual([]); // once
    expect(engine.observe(at(450, 'pump', 1)).map((x) => x.kind)).toEqual(['resolved']);
    expect(engine.tick(T0 + 700_000)).toEqual([]); // 250 s after the reading
    expect(engine.tick(T0 + 750_000).map((x) => x.kind)).toEqual(['firing']);
  });

  it('UPS: on battery for longer than onBatteryFor, battery low at once', () => {
    const ups = (s: number, onBattery: boolean, low = false): Reading => ({
      measurement: 'ups',
      fields: { on_battery: onBattery, battery_low: low, battery_charge_percent: 90 - s / 10, runtime_remaining_minutes: 40 },
      tags: {},
      time: T0 + s * 1000,
    });
    const engine = new AlertEngine(
      [rule({ name: 'on_battery', sensor: 'ups', onBatteryFor: '2m' }), rule({ name: 'battery_low', sensor: 'ups', batteryLow: true })],
      { now: T0 },
    );
    const seen: string[] = [];
    const feed = (r: Reading): void => {
      for (const e of engine.observe(r)) seen.push(`${(r.time - T0) / 1000}:${e.rule.name}:${e.kind}`);
    };
    feed(ups(0, false));
    feed(ups(10, true));
    feed(ups(60, true));
    feed(ups(125, true));
    feed(ups(130, true));
    feed(ups(200, true, true));
    feed(ups(300, false));
    expect(seen).toEqual(['130:on_battery:firing', '200:battery_low:firing', '300:on_battery:resolved', '300:battery_low:resolved']);
    const engine2 = new AlertEngine([rule({ name: 'on_battery', sensor: 'ups', onBatteryFor: '2m' })], { now: T0 });
    engine2.observe(ups(10, true));
    expect(engine2.observe(ups(130, true))[0]!.reason).toBe('UPS ups on battery for 2m (charge 77 %, 40 min left)');
  });

  it('ignores other measurements and readings without the field', () => {
    const engine = new AlertEngine([rule({ name: 'hot', sensor: 't', field: 'temp', above: 30 })], { now: T0 });
    expect(engine.observe(at(0, 'other', 99, { temp: 99 }))).toEqual([]);
    expect(engine.observe(at(1, 't', 99))).toEqual([]); // no `temp` field
    expect(engine.observe(at(2, 't', 0, { temp: 31 })).map((e) => e.kind)).toEqual(['firing']);
    expect(engine.observe(at(3, 't', 0))).toEqual([]); // still no `temp`: neither breaks nor clears
    expect(engine.stateOf('hot')).toBe('firing');
  });

  it('restore(): a rule firing before a restart is not announced again, and resolves', () => {
    const engine = new AlertEngine([rule({ name: 'hot', sensor: 't', above: 30 })], { now: T0 });
    engine.restore([{ rule: 'hot', since: T0 - 60_000, firedAt: T0 - 50_000, reason: '' }]);
    expect(engine.observe(at(0, 't', 35))).toEqual([]);
    expect(engine.observe(at(1, 't', 20))).toMatchObject([{ kind: 'resolved', since: T0 - 50_000 }]);
  });

  it('keeps the recent values of watched series for the chart', () => {
    const engine = new AlertEngine([rule({ name: 'hot', sensor: 't', above: 30 })], { now: T0, windowMs: 60_000 });
    for (let s = 0; s <= 120; s += 10) engine.observe(at(s, 't', s));
    expect(engine.window.points('t', 'value').map((p) => p.value)).toEqual([60, 70, 80, 90, 100, 110, 120]);
  });
});

describe('evaluateAlerts (virtual time)', () => {
  it('evaluates readings and checks no-data rules on the scheduler’s clock', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      const engine = new AlertEngine(
        [rule({ name: 'hot', sensor: 't', above: 30 }), rule({ name: 'silent', sensor: 't', noDataFor: '50ms' })],
        { now: 0 },
      );
      // Readings at 0, 10 (hot), 20 (cool), then silence: no-data fires at the 80 ms check (last at 20 + 50 ≤ 80).
      const readings = cold('a 9ms b 9ms c 99ms |', { a: 20, b: 35, c: 25 }).pipe(map((v) => createReading('t', v, { time: scheduler.now() })));
      const out = readings.pipe(
        evaluateAlerts(engine, { checkEveryMs: 20 }, scheduler),
        map((e: AlertEvent) => `${e.rule.name}:${e.kind}`),
      );
      expectObservable(out).toBe('10ms x 9ms y 59ms z 39ms |', { x: 'hot:firing', y: 'hot:resolved', z: 'silent:firing' });
    });
  });
});
