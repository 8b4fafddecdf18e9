import type { AlertLogger } from './AlertLogger.js';
import type { AlertEvent } from './AlertEngine.js';
import { buildAlertMessage, type AlertChart, type AlertMessage } from './AlertMessage.js';
import type { Notifier } from './Notifier.js';
import { RateLimiter } from './RateLimiter.js';
import type { ResolvedLimit } from './resolveAlerts.js';
import type { SilenceFile } from './SilenceFile.js';

/** What the dispatcher keeps across restarts. */
export interface DispatcherState {
  /** Send times inside the rate-limit windows. */
  global: number[];
  perRule: Record<string, number[]>;
  /** Rules firing, and whether their firing was announced. */
  firing: Array<{ rule: string; since: number; firedAt: number; announced: boolean }>;
}

/** Options of {@link AlertDispatcher}. */
export interface AlertDispatcherOptions {
  notifiers: Notifier[];
  perRule: ResolvedLimit;
  global: ResolvedLimit;
  /** At most one message per this period (the first change goes at once). */
  digestMs?: number;
  silences?: SilenceFile;
  /** Renders the chart of a firing event (undefined: no chart). */
  chart?: (event: AlertEvent) => Promise<Buffer | undefined>;
  /** Charts per message at most; default 4. */
  maxCharts?: number;
  origin: string;
  log: AlertLogger;
  /** Restored state (rate-limit windows, announced alerts). */
  state?: DispatcherState;
  /** Called after every change of the state to keep (persist it). */
  onState?: (state: DispatcherState) => void;
  /** Retry delays of a failed delivery; default 1 min, 5 min, 15 min. */
  retryDelaysMs?: number[];
}

interface Firing {
  event: AlertEvent;
  announced: boolean;
  /** Kept quiet by a silence (rather than held by a rate limit or a restart). */
  silenced?: boolean;
}

interface Retry {
  message: AlertMessage;
  notifier: Notifier;
  attempt: number;
  at: number;
}

/**
 * Decides which alert changes become messages, and when: silenced rules and sensors are
 * kept quiet (and announced when the silence ends if they still fire); a recovery is sent
 * only for an announced firing; a per-rule and a global sliding-window budget hold back what
 * exceeds them, and what was held goes out as one digest when the budget allows; with
 * `digestMs`, changes are grouped into at most one message per period. Each message goes to
 * every notifier; a failed delivery is retried a few times. Time comes from the caller.
 *
 * @example
 * const d = new AlertDispatcher({ notifiers: [mail], perRule: { count: 4, perMs: 3600_000 }, global: { count: 12, perMs: 3600_000 }, origin: 'labpi', log });
 * d.handle(event, Date.now());
 * await d.flush(Date.now());
 */
export class AlertDispatcher {
  private readonly queue: AlertEvent[] = [];
  private readonly firing = new Map<string, Firing>();
  private readonly global: RateLimiter;
  private readonly perRule = new Map<string, RateLimiter>();
  private readonly retries: Retry[] = [];
  private lastSent = -Infinity;
  private busy: Promise<void> | undefined;
  private heldLogged = false;
  /** Messages sent (to at least one notifier), for tests and logs. */
  sentMessages = 0;

  constructor(private readonly options: AlertDispatcherOptions) {
    const s = options.state;
    this.global = new RateLimiter(options.global, s?.global ?? []);
    for (const [rule, times] of Object.entries(s?.perRule ?? {})) this.perRule.set(rule, new RateLimiter(options.perRule, times));
    if (s?.global.length) this.lastSent = Math.max(...s.global);
  }

  /** Restored firing alerts, so a restart does not announce them again. */
  restoreFiring(events: Array<{ event: AlertEvent; announced: boolean }>): void {
    for (const f of events) this.firing.set(f.event.rule.name, { event: f.event, announced: f.announced });
  }

  /** How many changes wait to be sent. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Takes an alert change (call {@link flush} to send). */
  handle(event: AlertEvent, now: number): void {
    const name = event.rule.name;
    if (event.kind === 'firing') {
      const silence = this.options.silences?.matching(name, event.sensor, now);
      this.firing.set(name, { event, announced: false, silenced: silence !== undefined });
      if (silence) {
        this.options.log.info({ rule: name, sensor: event.sensor, silence: silence.id, reason: silence.reason }, 'alert firing (silenced)');
      } else {
        this.queue.push(event);
      }
    } else {
      const f = this.firing.get(name);
      this.firing.delete(name);
      const queuedFiring = this.queue.some((e) => e.rule.name === name && e.kind === 'firing');
      if (f?.announced || queuedFiring) this.queue.push(event);
      else this.options.log.info({ rule: name, sensor: event.sensor }, 'alert resolved (its firing was never announced: silenced)');
    }
    this.emitState(now);
  }

  /** Sends what is due at `now`; one send at a time (a call during a send runs after it). */
  flush(now: number): Promise<void> {
    // During a send, flush again after it: what came meanwhile is not left waiting.
    if (this.busy) return this.busy.then(() => this.flush(now));
    this.busy = this.doFlush(now).finally(() => (this.busy = undefined));
    return this.busy;
  }

  /** The state to keep across restarts. */
  state(now: number): DispatcherState {
    const perRule: Record<string, number[]> = {};
    for (const [rule, l] of this.perRule) {
      const times = l.sent(now);
      if (times.length) perRule[rule] = times;
    }
    return {
      global: this.global.sent(now),
      perRule,
      firing: [...this.firing.values()].map((f) => ({ rule: f.event.rule.name, since: f.event.since, firedAt: f.event.time, announced: f.announced })),
    };
  }

  private async doFlush(now: number): Promise<void> {
    await this.runRetries(now);
    const silences = this.options.silences;
    // Silenced since queued: drop. Silence over and still firing unannounced: announce.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const e = this.queue[i]!;
      if (silences?.matching(e.rule.name, e.sensor, now)) {
        this.queue.splice(i, 1);
        const f = this.firing.get(e.rule.name);
        if (f) f.silenced = true;
      }
    }
    for (const [name, f] of this.firing) {
      if (f.announced || this.queue.some((e) => e.rule.name === name)) continue;
      if (silences?.matching(name, f.event.sensor, now)) continue;
      this.queue.push({ ...f.event, reason: `${f.silenced ? 'still firing after a silence' : 'still firing'}: ${f.event.reason}` });
      f.event = this.queue[this.queue.length - 1]!;
    }
    if (this.queue.length === 0) return;
    if (this.options.digestMs !== undefined && now < this.lastSent + this.options.digestMs) return;
    if (!this.global.allows(now)) {
      this.logHeld(now, 'global');
      return;
    }
    const limiterOf = (rule: string): RateLimiter => {
      let l = this.perRule.get(rule);
      if (!l) {
        l = new RateLimiter(this.options.perRule);
        this.perRule.set(rule, l);
      }
      return l;
    };
    const allowed = new Set<string>();
    for (const e of this.queue) if (limiterOf(e.rule.name).allows(now)) allowed.add(e.rule.name);
    const batch = this.queue.filter((e) => allowed.has(e.rule.name));
    if (batch.length === 0) {
      this.logHeld(now, 'perRule');
      return;
    }
    this.heldLogged = false;
    const held = this.queue.length - batch.length;
    this.queue.splice(0, this.queue.length, ...this.queue.filter((e) => !allowed.has(e.rule.name)));
    this.global.record(now);
    for (const rule of allowed) limiterOf(rule).record(now);
    this.lastSent = now;
    for (const e of batch) {
      const f = this.firing.get(e.rule.name);
      if (e.kind === 'firing' && f && f.event === e) f.announced = true;
    }
    // Only the latest firing event of a rule gets a chart.
    const charts: AlertChart[] = [];
    const maxCharts = this.options.maxCharts ?? 4;
    for (const e of [...batch].reverse()) {
      if (e.kind !== 'firing' || charts.length >= maxCharts || charts.some((c) => c.rule === e.rule.name)) continue;
      const png = await this.options.chart?.(e).catch((err: unknown) => {
        this.options.log.warn({ rule: e.rule.name, err: String(err) }, 'alert chart could not be drawn; sending without it');
        return undefined;
      });
      if (png) charts.push({ cid: `chart-${charts.length}@expmon`, filename: `${e.rule.name}.png`, rule: e.rule.name, png });
    }
    const note = held > 0 ? `${held} more alert change(s) held back by the per-rule rate limit; they follow in a digest.` : undefined;
    const message = buildAlertMessage(batch, { origin: this.options.origin, charts, note });
    this.sentMessages++;
    this.emitState(now);
    await Promise.all(this.options.notifiers.map((n) => this.deliver(message, n, 0, now)));
  }

  private async deliver(message: AlertMessage, notifier: Notifier, attempt: number, now: number): Promise<void> {
    const rules = [...new Set(message.events.map((e) => e.rule.name))];
    try {
      await notifier.send(message);
      this.options.log.info({ notifier: notifier.name, rules, changes: message.events.length, subject: message.subject }, 'alert notification sent');
    } catch (err) {
      const delays = this.options.retryDelaysMs ?? [60_000, 300_000, 900_000];
      const delay = delays[attempt];
      this.options.log.error(
        { notifier: notifier.name, rules, err: (err as Error)?.message ?? String(err), retryInMs: delay ?? null },
        delay === undefined ? 'alert notification failed; giving up' : 'alert notification failed; will retry',
      );
      if (delay !== undefined) this.retries.push({ message, notifier, attempt: attempt + 1, at: now + delay });
    }
  }

  private async runRetries(now: number): Promise<void> {
    const due = this.retries.filter((r) => r.at <= now);
    if (due.length === 0) return;
    this.retries.splice(0, this.retries.length, ...this.retries.filter((r) => r.at > now));
    await Promise.all(due.map((r) => this.deliver(r.message, r.notifier, r.attempt, now)));
  }

  private logHeld(now: number, limit: 'global' | 'perRule'): void {
    if (this.heldLogged) return;
    this.heldLogged = true;
    const next = limit === 'global' ? this.global.nextFree(now) : Math.min(...this.queue.map((e) => this.perRule.get(e.rule.name)?.nextFree(now) ?? now));
    this.options.log.warn(
      { waiting: this.queue.length, limit, sendAt: new Date(next).toISOString() },
      'alert notifications held back by the rate limit; they go out as one digest',
    );
  }

  private emitState(now: number): void {
    this.options.onState?.(this.state(now));
  }
}
