import type { Subscription } from 'rxjs';
import { createReading, ExpmonError, integer, type Reading } from '@expmon/core';
import type { PollOutcome } from '../pollSource.js';
import type { Runner } from '../Runner.js';

/**
 * What is known about one source's health right now.
 *
 * @example
 * const s: SourceState | undefined = health.states.get('cryostat_temp');
 * if (s && (s.stale || s.consecutiveFailures > 0)) console.log(`${s.source}: ${s.lastErrorClass}`);
 */
export interface SourceState {
  source: string;
  device: string;
  kind: 'polled' | 'push';
  /** Epoch ms of the last reading stored, if any. */
  lastReadingAt: number | undefined;
  /** Epoch ms of the last successful read (polled) or reading (push). */
  lastSuccessAt: number | undefined;
  lastError: string | undefined;
  lastErrorClass: string | undefined;
  consecutiveFailures: number;
  readings: number;
  errors: number;
  lastLatencyMs: number | undefined;
  /**
   * A push source silent for longer than its own `maxSilenceMs` (or without a first reading
   * after its `firstReadingWithinMs`): stored as `ok=false, error=NoData`.
   */
  stale: boolean;
}

/**
 * The measurement that source health is stored in.
 *
 * @example
 * await influx.query(`SELECT ok FROM ${HEALTH_MEASUREMENT} WHERE time > now() - 1h`);
 */
export const HEALTH_MEASUREMENT = 'expmon_source';

/**
 * Options of {@link SourceHealth}.
 *
 * @example
 * new SourceHealth(runner, { store: !dryRun, everyMs: 60_000 });
 */
export interface SourceHealthOptions {
  /** Write health rows (false: only track, for the status endpoint). Default true. */
  store?: boolean;
  /** An unchanged state is stored at most this often; default the config's `status.healthEvery` (1 min). */
  everyMs?: number;
  /** How often push sources are checked for staleness; default min(interval, 1 s). */
  checkMs?: number;
}

/**
 * Tracks every source's health and stores it as data, so that Grafana can show and alert on
 * a dead sensor: a reading `expmon_source,source=<name>,device=<device>` with fields `ok`
 * (boolean), `latency_ms` (polled), `error` (the error class, empty when ok),
 * `consecutive_failures` (integer) and `last_good_age_s` (age of the last good value; absent
 * before the first one).
 *
 * A row is stored when a source's state changes (ok ↔ failing, or another error class) and,
 * while it stays the same, at most once per `everyMs` (default 1 min): health never doubles
 * the data. A polled source's state comes from its polls. A push source is judged by its own
 * clock (core's `SourceTiming`): stale (`NoData`) after `maxSilenceMs` without a reading (no
 * bound when the driver gives none: a change-triggered channel may be silent), and before its
 * first reading only after `firstReadingWithinMs` (else `maxSilenceMs`) counted from the moment
 * the runner subscribed to it (after the local log opened, see `Runner.sourcesStartedAt`, not
 * from `start()` here); until then its state is unknown and nothing is stored.
 *
 * @example
 * const health = new SourceHealth(runner, { store: true });
 * health.start();
 * // ... health.states.get('cryostat_temp')?.stale
 * health.stop();
 */
export class SourceHealth {
  readonly states = new Map<string, SourceState>();
  private readonly subscriptions: Subscription[] = [];
  private readonly stored = new Map<string, { key: string; at: number }>();
  private readonly push: Array<{ state: SourceState; maxSilenceMs: number | undefined; firstWithinMs: number | undefined }> = [];
  private readonly everyMs: number;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly runner: Runner,
    private readonly options: SourceHealthOptions = {},
  ) {
    this.everyMs = options.everyMs ?? runner.config.status?.healthEveryMs ?? 60_000;
    for (const { source } of runner.config.sources) {
      const state: SourceState = {
        source: source.name,
        device: source.device,
        kind: source.kind,
        lastReadingAt: undefined,
        lastSuccessAt: undefined,
        lastError: undefined,
        lastErrorClass: undefined,
        consecutiveFailures: 0,
        readings: 0,
        errors: 0,
        lastLatencyMs: undefined,
        stale: false,
      };
      this.states.set(source.name, state);
      if (source.kind === 'push') {
        this.push.push({ state, maxSilenceMs: source.maxSilenceMs, firstWithinMs: source.firstReadingWithinMs ?? source.maxSilenceMs });
      }
    }
  }

  start(): void {
    // Plain listeners, not readings$/outcomes$: this runs for every reading of every source.
    this.unlisten = this.runner.listen({
      reading: (reading, sensor) => {
        const s = this.states.get(sensor);
        if (!s) return;
        s.readings++;
        s.lastReadingAt = reading.time;
        if (s.kind === 'push') {
          s.lastSuccessAt = Date.now();
          s.consecutiveFailures = 0;
          s.lastErrorClass = undefined;
          s.stale = false;
          this.judged(s, true, undefined);
        }
      },
      outcome: (o) => this.onOutcome(o),
    });
    this.subscriptions.push(
      this.runner.streamErrors$.subscribe(({ sensor, error }) => this.onStreamError(sensor, error)),
    );
    if (this.push.length > 0) {
      this.timer = setInterval(() => this.checkPush(), this.options.checkMs ?? Math.min(this.runner.config.intervalMs, 1000));
      this.timer.unref();
    }
  }

  stop(): void {
    this.unlisten?.();
    for (const sub of this.subscriptions) sub.unsubscribe();
    if (this.timer) clearInterval(this.timer);
  }

  /** Push sources: staleness by each source's own bound, and the once-per-`everyMs` row. */
  private checkPush(): void {
    // Not subscribed yet (the runner is still opening its local log): nothing to judge.
    const subscribedAt = this.runner.sourcesStartedAt;
    if (subscribedAt === undefined) return;
    const now = Date.now();
    for (const { state: s, maxSilenceMs, firstWithinMs } of this.push) {
      if (s.consecutiveFailures > 0) {
        this.judged(s, false, undefined); // a stream error: stays failing until a reading
        continue;
      }
      const silentFor = s.lastSuccessAt !== undefined ? now - s.lastSuccessAt : now - subscribedAt;
      const bound = s.lastSuccessAt !== undefined ? maxSilenceMs : firstWithinMs;
      if (bound !== undefined && silentFor > bound) {
        s.stale = true;
        s.lastErrorClass = 'NoData';
        this.judged(s, false, undefined);
      } else if (s.lastSuccessAt !== undefined) {
        this.judged(s, true, undefined);
      }
      // No reading yet and still within its bound (or none): unknown, nothing stored.
    }
  }

  private onStreamError(source: string, error: unknown): void {
    const s = this.states.get(source);
    if (!s) return;
    s.errors++;
    s.consecutiveFailures++;
    s.lastError = message(error);
    s.lastErrorClass = errorClass(error);
    this.judged(s, false, undefined);
  }

  private onOutcome(o: PollOutcome): void {
    const s = this.states.get(o.source);
    if (!s) return;
    s.lastLatencyMs = o.latencyMs;
    if (o.ok) {
      s.lastSuccessAt = Date.now();
      s.consecutiveFailures = 0;
      s.lastErrorClass = undefined;
    } else {
      s.errors++;
      s.consecutiveFailures = o.failures;
      s.lastError = message(o.error);
      s.lastErrorClass = errorClass(o.error);
    }
    this.judged(s, o.ok, o.latencyMs);
  }

  /** Stores the state if it changed, or if the last row is `everyMs` old. */
  private judged(s: SourceState, ok: boolean, latencyMs: number | undefined): void {
    if (this.options.store === false) return;
    const key = ok ? '' : (s.lastErrorClass ?? 'Error');
    const now = Date.now();
    const last = this.stored.get(s.source);
    if (last && last.key === key && now - last.at < this.everyMs) return;
    this.stored.set(s.source, { key, at: now });
    const fields: Reading['fields'] = {
      ok,
      error: key,
      consecutive_failures: integer(s.consecutiveFailures),
      ...(latencyMs !== undefined ? { latency_ms: Math.round(latencyMs * 1000) / 1000 } : {}),
      ...(s.lastSuccessAt !== undefined ? { last_good_age_s: Math.max(0, (now - s.lastSuccessAt) / 1000) } : {}),
    };
    const r = createReading(HEALTH_MEASUREMENT, ok, { tags: { source: s.source, device: s.device }, time: now });
    this.runner.writeReading({ ...r, fields }, s.source, s.device);
  }
}

function errorClass(e: unknown): string {
  if (e instanceof Error || ExpmonError.isInstance(e)) return (e as Error).name;
  return 'Error';
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
