import { IntegerValue, type FieldValue, type Reading } from '@expmon/core';
import { formatDuration } from './formatDuration.js';
import type { ResolvedRule } from './resolveAlerts.js';
import { SeriesWindow } from './SeriesWindow.js';

/** A rule's state: `pending` while its condition holds for less than its `for`. */
export type AlertState = 'ok' | 'pending' | 'firing';

/** A rule changed state: it fired, or it is resolved (a recovery). */
export interface AlertEvent {
  kind: 'firing' | 'resolved';
  rule: ResolvedRule;
  /** The rule's measurement. */
  sensor: string;
  /** Latest value of the rule's field (undefined when the sensor sent nothing). */
  value: number | undefined;
  unit: string | undefined;
  /** When the change happened (ms epoch): the reading's time, or the check's for no-data. */
  time: number;
  /** Firing: when the condition started to hold. Resolved: when the rule had fired. */
  since: number;
  /** What happened, for people: `lab_temp = 31.2 °C, above 30 °C`. */
  reason: string;
}

/** A firing alert, as kept across restarts. */
export interface FiringAlert {
  rule: string;
  since: number;
  firedAt: number;
  reason: string;
}

type Condition = 'above' | 'below' | 'outside' | 'rate' | 'onBattery' | 'batteryLow' | 'noData';

interface RuleState {
  state: AlertState;
  /** When each condition started to hold (pending clocks). */
  holding: Map<Condition, number>;
  firedAt: number;
  since: number;
  lastTime: number;
  value: number | undefined;
  unit: string | undefined;
}

/** Options of {@link AlertEngine}. */
export interface AlertEngineOptions {
  /** When the engine starts (ms epoch): the no-data clocks start here. */
  now: number;
  /** History kept per series (chart span); default 1 h. Rate rules keep at least their `per`. */
  windowMs?: number;
}

/**
 * Evaluates alert rules, without side effects and without clocks of its own: feed it every
 * reading with {@link observe} and the time with {@link tick} (no-data rules); it answers with
 * the rules that fired or resolved. Value conditions (above, below, outside, rate, UPS) are
 * judged on readings, at the readings' times; `for` counts from the first reading that broke
 * the rule, and any reading that does not break it any more resets it. A firing rule resolves
 * when every condition is clear again, past its threshold by `hysteresis`.
 *
 * @example
 * const engine = new AlertEngine([{ name: 'hot', sensor: 'lab_temp', field: 'value', above: 30, forMs: 0, hysteresis: 1 }], { now: Date.now() });
 * engine.observe(createReading('lab_temp', 31, { unit: '°C' })); // [{ kind: 'firing', reason: 'lab_temp = 31 °C, above 30 °C', ... }]
 * engine.observe(createReading('lab_temp', 29.5, { unit: '°C' })); // [] (hysteresis: needs < 29)
 * engine.observe(createReading('lab_temp', 28, { unit: '°C' })); // [{ kind: 'resolved', ... }]
 */
export class AlertEngine {
  readonly window: SeriesWindow;
  private readonly states = new Map<string, RuleState>();
  private readonly bySensor = new Map<string, ResolvedRule[]>();

  constructor(
    readonly rules: readonly ResolvedRule[],
    options: AlertEngineOptions,
  ) {
    const span = Math.max(options.windowMs ?? 3_600_000, ...rules.map((r) => r.rate?.perMs ?? 0));
    this.window = new SeriesWindow(span);
    for (const rule of rules) {
      this.states.set(rule.name, {
        state: 'ok',
        holding: new Map(),
        firedAt: 0,
        since: 0,
        lastTime: options.now,
        value: undefined,
        unit: undefined,
      });
      const list = this.bySensor.get(rule.sensor) ?? [];
      list.push(rule);
      this.bySensor.set(rule.sensor, list);
    }
  }

  /** The state of a rule. */
  stateOf(rule: string): AlertState {
    return this.states.get(rule)?.state ?? 'ok';
  }

  /** The rules firing now. */
  firing(): FiringAlert[] {
    const out: FiringAlert[] = [];
    for (const rule of this.rules) {
      const s = this.states.get(rule.name)!;
      if (s.state === 'firing') out.push({ rule: rule.name, since: s.since, firedAt: s.firedAt, reason: '' });
    }
    return out;
  }

  /**
   * Marks rules as firing already (after a restart), so they are not announced again;
   * they resolve (with a recovery notice) as soon as a reading clears them.
   */
  restore(firing: readonly FiringAlert[]): void {
    for (const f of firing) {
      const s = this.states.get(f.rule);
      if (!s) continue;
      s.state = 'firing';
      s.since = f.since;
      s.firedAt = f.firedAt;
    }
  }

  /** Evaluates a reading against the rules of its measurement. */
  observe(reading: Reading): AlertEvent[] {
    const rules = this.bySensor.get(reading.measurement);
    if (!rules) return [];
    const events: AlertEvent[] = [];
    const fields = new Set(rules.map((r) => r.field));
    if (rules.some((r) => r.onBatteryForMs !== undefined)) fields.add('on_battery');
    if (rules.some((r) => r.batteryLow)) fields.add('battery_low');
    for (const f of fields) {
      const v = numberOf(reading.fields[f]);
      if (v !== undefined) this.window.push(reading.measurement, f, { time: reading.time, value: v });
    }
    for (const rule of rules) {
      const e = this.evaluate(rule, reading);
      if (e) events.push(e);
    }
    return events;
  }

  /** Checks the no-data rules at `now` (ms epoch). */
  tick(now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (const rule of this.rules) {
      if (rule.noDataForMs === undefined) continue;
      const s = this.states.get(rule.name)!;
      const silentFor = now - s.lastTime;
      if (silentFor < rule.noDataForMs || s.holding.has('noData')) continue;
      s.holding.set('noData', s.lastTime);
      if (s.state !== 'firing') {
        s.state = 'firing';
        s.since = s.lastTime;
        s.firedAt = now;
        events.push(this.event('firing', rule, s, now, `no reading from ${rule.sensor} for ${formatDuration(silentFor)}`));
      }
    }
    return events;
  }

  private evaluate(rule: ResolvedRule, reading: Reading): AlertEvent | undefined {
    const s = this.states.get(rule.name)!;
    const t = reading.time;
    s.lastTime = Math.max(s.lastTime, t);
    s.holding.delete('noData');
    const raw = numberOf(reading.fields[rule.field]);
    if (raw !== undefined) s.value = raw;
    s.unit = reading.tags.unit ?? s.unit;

    // Which conditions break the rule now (triggered), and which are clear past the hysteresis.
    const triggered: Array<{ c: Condition; reason: string; holdMs: number }> = [];
    let allClear = true;
    const h = rule.hysteresis;
    const unit = s.unit ? ` ${s.unit}` : '';
    const shown = raw === undefined ? '' : `${rule.sensor} = ${fmt(raw)}${unit}`;
    if (raw !== undefined) {
      if (rule.above !== undefined) {
        if (raw > rule.above) triggered.push({ c: 'above', reason: `${shown}, above ${fmt(rule.above)}${unit}`, holdMs: rule.forMs });
        if (raw > rule.above - h) allClear = false;
      }
      if (rule.below !== undefined) {
        if (raw < rule.below) triggered.push({ c: 'below', reason: `${shown}, below ${fmt(rule.below)}${unit}`, holdMs: rule.forMs });
        if (raw < rule.below + h) allClear = false;
      }
      if (rule.outside !== undefined) {
        const [lo, hi] = rule.outside;
        if (raw < lo || raw > hi) {
          triggered.push({ c: 'outside', reason: `${shown}, outside ${fmt(lo)}…${fmt(hi)}${unit}`, holdMs: rule.forMs });
        }
        if (raw < lo + h || raw > hi - h) allClear = false;
      }
      if (rule.rate !== undefined) {
        const pts = this.window.points(rule.sensor, rule.field);
        let change = 0;
        for (const p of pts) {
          if (p.time >= t - rule.rate.perMs && p.time < t && Math.abs(raw - p.value) > Math.abs(change)) change = raw - p.value;
        }
        if (Math.abs(change) > rule.rate.above) {
          triggered.push({
            c: 'rate',
            reason: `${rule.sensor} changed by ${change > 0 ? '+' : ''}${fmt(change)}${unit} within ${formatDuration(rule.rate.perMs)} (limit ${fmt(rule.rate.above)}${unit}); now ${fmt(raw)}${unit}`,
            holdMs: rule.forMs,
          });
        }
        if (Math.abs(change) > rule.rate.above - h) allClear = false;
      }
    } else if (rule.above !== undefined || rule.below !== undefined || rule.outside !== undefined || rule.rate !== undefined) {
      // The reading lacks the field: it neither breaks nor clears the value conditions.
      allClear = false;
    }
    if (rule.onBatteryForMs !== undefined) {
      const onBattery = numberOf(reading.fields.on_battery);
      if (onBattery === 1) {
        const started = s.holding.get('onBattery') ?? t;
        triggered.push({
          c: 'onBattery',
          reason: `UPS ${rule.sensor} on battery for ${formatDuration(t - started)}${chargeOf(reading)}`,
          holdMs: Math.max(rule.onBatteryForMs, rule.forMs),
        });
      }
      if (onBattery !== 0) allClear = false;
    }
    if (rule.batteryLow) {
      const low = numberOf(reading.fields.battery_low);
      if (low === 1) triggered.push({ c: 'batteryLow', reason: `UPS ${rule.sensor}: battery low${chargeOf(reading)}`, holdMs: rule.forMs });
      if (low !== 0) allClear = false;
    }

    // Pending clocks: start when a condition starts to hold, stop when it does not.
    const now = new Set(triggered.map((x) => x.c));
    for (const c of [...s.holding.keys()]) if (!now.has(c)) s.holding.delete(c);
    for (const x of triggered) if (!s.holding.has(x.c)) s.holding.set(x.c, t);

    if (s.state !== 'firing') {
      const due = triggered.find((x) => t - s.holding.get(x.c)! >= x.holdMs);
      if (due) {
        s.state = 'firing';
        s.since = s.holding.get(due.c)!;
        s.firedAt = t;
        return this.event('firing', rule, s, t, due.reason);
      }
      s.state = triggered.length > 0 ? 'pending' : 'ok';
      return undefined;
    }
    if (triggered.length === 0 && allClear) {
      s.state = 'ok';
      const firedAt = s.firedAt;
      const back = raw === undefined ? 'back to normal' : `back to normal: ${shown}`;
      return { ...this.event('resolved', rule, s, t, `${back} (fired ${formatDuration(t - firedAt)} ago)`), since: firedAt };
    }
    return undefined;
  }

  private event(kind: AlertEvent['kind'], rule: ResolvedRule, s: RuleState, time: number, reason: string): AlertEvent {
    return { kind, rule, sensor: rule.sensor, value: s.value, unit: s.unit, time, since: s.since, reason };
  }
}

/** A field as a number: booleans as 1/0, integers unwrapped, anything else undefined. */
function numberOf(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof IntegerValue || (typeof v === 'object' && v !== null && 'value' in v)) return Number((v as IntegerValue).value);
  return undefined;
}

function chargeOf(reading: Reading): string {
  const charge = numberOf(reading.fields.battery_charge_percent);
  const minutes = numberOf(reading.fields.runtime_remaining_minutes);
  const parts: string[] = [];
  if (charge !== undefined) parts.push(`charge ${fmt(charge)} %`);
  if (minutes !== undefined) parts.push(`${fmt(minutes)} min left`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function fmt(n: number): string {
  return Number(n.toPrecision(6)).toString();
}
