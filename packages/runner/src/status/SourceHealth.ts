import type { Subscription } from 'rxjs';
import { createReading, ExpmonError, integer, type Reading } from '@expmon/core';
import type { PollOutcome } from '../pollSource.js';
import type { Runner } from '../Runner.js';

/** What is known about one source's health right now. */
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
}

/** The measurement that source health is stored in. */
export const HEALTH_MEASUREMENT = 'expmon_source';

/**
 * Tracks every source's health and stores it as data, so that Grafana can show and alert on
 * a dead sensor: per poll of a polled source, and once per interval for a push source, a
 * reading `expmon_source,source=<name>,device=<device>` with fields `ok` (boolean),
 * `latency_ms`, `error` (the error class, empty when ok), `consecutive_failures` (integer) and
 * `last_good_age_s` (age of the last good value; absent before the first one).
 */
export class SourceHealth {
  readonly states = new Map<string, SourceState>();
  private readonly subscriptions: Subscription[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runner: Runner,
    private readonly options: { store?: boolean } = {},
  ) {
    for (const { source } of runner.config.sources) {
      this.states.set(source.name, {
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
      });
    }
  }

  start(): void {
    this.subscriptions.push(
      this.runner.readings$.subscribe(({ sensor, reading }) => {
        const s = this.states.get(sensor);
        if (!s) return;
        s.readings++;
        s.lastReadingAt = reading.time;
        if (s.kind === 'push') {
          s.lastSuccessAt = reading.time;
          s.consecutiveFailures = 0;
        }
      }),
      this.runner.outcomes$.subscribe((o) => this.onOutcome(o)),
      this.runner.streamErrors$.subscribe(({ sensor, error }) => this.onStreamError(sensor, error)),
    );
    // Push sources have no polls: report them once per interval.
    const push = [...this.states.values()].filter((s) => s.kind === 'push');
    if (push.length > 0 && this.options.store !== false) {
      this.timer = setInterval(() => {
        for (const s of push) {
          const stale = s.lastSuccessAt === undefined || Date.now() - s.lastSuccessAt > 3 * this.runner.config.intervalMs;
          if (stale && s.lastErrorClass === undefined) s.lastErrorClass = 'NoData';
          this.store(s, !stale, undefined);
        }
      }, this.runner.config.intervalMs);
      this.timer.unref();
    }
  }

  private onStreamError(source: string, error: unknown): void {
    const s = this.states.get(source);
    if (!s) return;
    s.errors++;
    s.consecutiveFailures++;
    s.lastError = message(error);
    s.lastErrorClass = errorClass(error);
  }

  stop(): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
    if (this.timer) clearInterval(this.timer);
  }

  private onOutcome(o: PollOutcome): void {
    const s = this.states.get(o.source);
    if (!s) return;
    s.lastLatencyMs = o.latencyMs;
    const now = Date.now();
    if (o.ok) {
      s.lastSuccessAt = now;
      s.consecutiveFailures = 0;
      s.lastErrorClass = undefined;
    } else {
      s.errors++;
      s.consecutiveFailures = o.failures;
      s.lastError = message(o.error);
      s.lastErrorClass = errorClass(o.error);
    }
    this.store(s, o.ok, o.latencyMs);
  }

  private store(s: SourceState, ok: boolean, latencyMs: number | undefined): void {
    if (this.options.store === false) return;
    const now = Date.now();
    const fields: Reading['fields'] = {
      ok,
      error: ok ? '' : (s.lastErrorClass ?? 'Error'),
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
