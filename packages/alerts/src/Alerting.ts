import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AlertLogger } from './AlertLogger.js';
import { asyncScheduler, interval, map, type Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Reading } from '@expmon/core';
import { AlertDispatcher, type DispatcherState } from './AlertDispatcher.js';
import { AlertEngine, type AlertEvent } from './AlertEngine.js';
import { EmailNotifier } from './EmailNotifier.js';
import { describeDatabase, type HistoryDatabase, type SeriesKey } from './HistoryDatabase.js';
import { evaluateAlerts } from './evaluateAlerts.js';
import type { Notifier } from './Notifier.js';
import { readSeriesHistory } from './readSeriesHistory.js';
import { renderChart } from './renderChart.js';
import type { ResolvedAlerts, ResolvedRule } from './resolveAlerts.js';
import { SilenceFile } from './SilenceFile.js';
import { WebhookNotifier } from './WebhookNotifier.js';

/**
 * What {@link Alerting} needs from the runner.
 *
 * @example
 * const host: AlertingHost = { readings$: runner.readings$, writeReading: (r) => runner.writeReading(r) };
 */
export interface AlertingHost {
  readings$: Observable<{ reading: Reading; sensor: string }>;
  writeReading(reading: Reading, sensor?: string, device?: string): void;
}

/**
 * Options of {@link Alerting}.
 *
 * @example
 * const options: AlertingOptions = { dataDir: '/var/lib/expmon', log: pino(), database: { kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' } };
 */
export interface AlertingOptions {
  /** Folder of `silences.json` and `alerts-state.json`. */
  dataDir: string;
  log: AlertLogger;
  /** The config file (for error messages about secrets). */
  configFile?: string;
  /** Notifiers to use instead of the configured ones. */
  notifiers?: Notifier[];
  /**
   * The database the readings go to: at start, the series the rules watch are read back
   * from it for the chart span (and the rate rules' look-back), so a restart does not empty
   * the charts. Undefined (readings go to files): the window starts empty.
   */
  database?: HistoryDatabase;
  /** How long reading the history back may take; default 10 s. */
  historyTimeoutMs?: number;
  /** How often no-data rules, silences, digests and held messages are checked; default 1 s. */
  checkEveryMs?: number;
  scheduler?: SchedulerLike;
}

/**
 * Builds the notifiers of an `alerts` config (reading their secrets now, so a missing
 * password fails at start).
 *
 * @example
 * const notifiers = createNotifiers(config.alerts, config.file);
 */
export function createNotifiers(alerts: ResolvedAlerts, configFile?: string): Notifier[] {
  const out: Notifier[] = [];
  if (alerts.email) out.push(new EmailNotifier(alerts.email, configFile));
  if (alerts.webhook) out.push(new WebhookNotifier(alerts.webhook, configFile));
  return out;
}

/**
 * Alerts of a running runner: evaluates the rules on `runner.readings$`, stores every
 * change as a reading (`expmon_alert,rule=…,sensor=… state="firing",value=…`) so Grafana
 * can show it, and sends notifications (with a chart of the series) through the
 * dispatcher's silences, rate limits and digests. Rate-limit windows and firing alerts are
 * kept in `<dataDir>/alerts-state.json`, so a restart neither repeats nor floods.
 *
 * @example
 * const alerting = new Alerting(config.alerts, runner, { dataDir: config.dataDir, log });
 * alerting.start();
 * // ...
 * await runner.stop();
 * await alerting.stop();
 */
export class Alerting {
  readonly engine: AlertEngine;
  readonly dispatcher: AlertDispatcher;
  readonly silences: SilenceFile;
  /**
   * Settles when the window has been filled from the database (or that failed, which is
   * logged): the number of points read back. Set by {@link start}.
   */
  windowFilled: Promise<number> = Promise.resolve(0);
  private readonly scheduler: SchedulerLike;
  private readonly statePath: string;
  private readonly notifiers: Notifier[];
  private subs: Subscription[] = [];
  private silenceError: string | undefined;

  constructor(
    readonly config: ResolvedAlerts,
    private readonly host: AlertingHost,
    private readonly options: AlertingOptions,
  ) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    const now = this.scheduler.now();
    this.statePath = join(options.dataDir, 'alerts-state.json');
    this.silences = new SilenceFile(join(options.dataDir, 'silences.json'));
    this.engine = new AlertEngine(config.rules, { now, windowMs: config.chartSpanMs });
    const state = this.readState();
    const known = new Map(config.rules.map((r) => [r.name, r]));
    const firing = (state?.firing ?? []).filter((f) => known.has(f.rule));
    this.engine.restore(firing.map((f) => ({ rule: f.rule, since: f.since, firedAt: f.firedAt, reason: '' })));
    this.notifiers = options.notifiers ?? createNotifiers(config, options.configFile);
    this.dispatcher = new AlertDispatcher({
      notifiers: this.notifiers,
      perRule: config.perRule,
      global: config.global,
      digestMs: config.digestMs,
      silences: this.silences,
      chart: (e) => this.chartOf(e),
      origin: hostname(),
      log: options.log,
      state: state && { global: state.global ?? [], perRule: state.perRule ?? {}, firing: [] },
      onState: (s) => this.writeState(s),
    });
    this.dispatcher.restoreFiring(
      firing.map((f) => ({ event: restoredEvent(known.get(f.rule)!, f.since, f.firedAt), announced: f.announced })),
    );
  }

  /**
   * Starts evaluating the readings and sending notifications, and reads the recent history
   * of the watched series back from the database (in the background: readings that arrive
   * meanwhile are kept, and nothing waits for a slow database).
   */
  start(): void {
    const checkEveryMs = this.options.checkEveryMs ?? 1000;
    this.windowFilled = this.fillWindow();
    this.subs.push(
      this.host.readings$
        .pipe(
          map((x) => x.reading),
          evaluateAlerts(this.engine, { checkEveryMs }, this.scheduler),
        )
        .subscribe((e) => this.onEvent(e)),
    );
    this.subs.push(interval(checkEveryMs, this.scheduler).subscribe(() => this.flush()));
    this.options.log.info(
      { rules: this.config.rules.length, notifiers: this.notifierNames(), silences: this.silences.path },
      'alerts on',
    );
  }

  /** Stops evaluating; sends what waits if the limits allow and waits for sends in progress (at most `timeoutMs`). */
  async stop(timeoutMs = 10_000): Promise<void> {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
    await Promise.race([this.dispatcher.flush(this.scheduler.now()), sleep(timeoutMs)]);
    this.writeState(this.dispatcher.state(this.scheduler.now()));
    for (const n of this.notifiers) n.close?.();
  }

  /** The series the rules look at (as the engine keeps them: UPS rules watch their flags). */
  private watchedSeries(): SeriesKey[] {
    const keys = new Map<string, SeriesKey>();
    const add = (measurement: string, field: string): void => void keys.set(`${measurement}\u0000${field}`, { measurement, field });
    for (const r of this.config.rules) {
      add(r.sensor, r.field);
      if (r.onBatteryForMs !== undefined) add(r.sensor, 'on_battery');
      if (r.batteryLow) add(r.sensor, 'battery_low');
    }
    return [...keys.values()];
  }

  private async fillWindow(): Promise<number> {
    const db = this.options.database;
    const spanMs = this.engine.window.spanMs;
    if (!db) {
      this.options.log.info({ spanMs }, 'alert charts start empty: no database to read the recent readings back from (readings go to files)');
      return 0;
    }
    const series = this.watchedSeries();
    const to = this.scheduler.now();
    const from = to - spanMs;
    const signal = AbortSignal.timeout(this.options.historyTimeoutMs ?? 10_000);
    try {
      const { points: found, api } = await readSeriesHistory(db, series, from, to, signal);
      let points = 0;
      series.forEach((s, i) => {
        const pts = found[i] ?? [];
        points += pts.length;
        this.engine.window.fill(s.measurement, s.field, pts);
      });
      this.options.log.info({ database: describeDatabase(db), api, series: series.length, points, spanMs }, 'alert charts filled from the database');
      return points;
    } catch (err) {
      this.options.log.warn(
        { database: describeDatabase(db), err: (err as Error)?.message ?? String(err), spanMs },
        'cannot read the recent readings back from the database: alert charts and rate rules start empty and fill as readings come',
      );
      return 0;
    }
  }

  private flush(): void {
    this.dispatcher.flush(this.scheduler.now()).catch((err: unknown) => this.options.log.error({ err: String(err) }, 'alert notifications failed'));
    const error = this.silences.error;
    if (error !== this.silenceError) {
      this.silenceError = error;
      if (error) this.options.log.error({ file: this.silences.path }, `${error}; the silences read before stay in force`);
    }
  }

  private onEvent(e: AlertEvent): void {
    try {
      this.handleEvent(e);
    } catch (err) {
      // One bad change must not stop the alerts.
      this.options.log.error({ rule: e.rule.name, err: String(err) }, 'alert change could not be handled');
    }
  }

  private handleEvent(e: AlertEvent): void {
    const level = e.kind === 'firing' ? 'warn' : 'info';
    this.options.log[level]({ rule: e.rule.name, sensor: e.sensor, value: e.value, reason: e.reason }, `alert ${e.kind}`);
    const fields: Record<string, string | number> = { state: e.kind, reason: e.reason };
    if (e.value !== undefined) fields.value = e.value;
    // Not createReading(): a no-data alert has no value, and a made-up 0 would chart as one.
    this.host.writeReading({ measurement: 'expmon_alert', fields, tags: { rule: e.rule.name, sensor: e.sensor }, time: e.time }, 'expmon_alert');
    this.dispatcher.handle(e, this.scheduler.now());
    this.flush();
  }

  private async chartOf(e: AlertEvent): Promise<Buffer> {
    const r = e.rule;
    const field = r.onBatteryForMs !== undefined && r.field === 'value' ? 'on_battery' : r.batteryLow && r.field === 'value' ? 'battery_low' : r.field;
    const thresholds = [r.above, r.below, ...(r.outside ?? [])].filter((v): v is number => v !== undefined);
    const unit = e.unit ? ` (${e.unit})` : '';
    return renderChart({
      points: this.engine.window.points(r.sensor, field),
      to: Math.max(e.time, this.scheduler.now()),
      spanMs: this.config.chartSpanMs,
      title: `${r.name}: ${r.sensor}${field === 'value' ? '' : ` ${field}`}${unit}`,
      unit: e.unit,
      thresholds,
      marker: e.time,
      font: this.config.chartFont,
    });
  }

  private notifierNames(): string[] {
    return this.notifiers.map((n) => n.name);
  }

  private readState(): DispatcherState | undefined {
    try {
      return JSON.parse(readFileSync(this.statePath, 'utf8')) as DispatcherState;
    } catch {
      return undefined;
    }
  }

  private writeState(state: DispatcherState): void {
    try {
      mkdirSync(this.options.dataDir, { recursive: true });
      const tmp = `${this.statePath}.tmp`;
      writeFileSync(tmp, JSON.stringify(state));
      renameSync(tmp, this.statePath);
    } catch (err) {
      this.options.log.warn({ err: String(err), file: this.statePath }, 'cannot save the alert state');
    }
  }
}

function restoredEvent(rule: ResolvedRule, since: number, firedAt: number): AlertEvent {
  return { kind: 'firing', rule, sensor: rule.sensor, value: undefined, unit: undefined, time: firedAt, since, reason: `firing since ${new Date(since).toISOString()}, before a restart` };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
