import { Backoff } from '@expmon/core';
import type { DeadLetterFile } from './DeadLetterFile.js';
import { joinLines, type DurableQueue, type QueueBatch } from './DurableQueue.js';
import type { QueueEntry } from './QueueEntry.js';
import { SinkRejectedError } from './errors/SinkRejectedError.js';
import { DeadLetterWriteError } from './errors/DeadLetterWriteError.js';
import { FaultLog, type StoreLogger } from './FaultLog.js';
import type { Sink } from './sinks/Sink.js';

/** Options of {@link Shipper}. */
export interface ShipperOptions {
  /** Readings per request (whole frames; a frame is never split); default 5000. */
  batchSize?: number;
  /** Requests in flight at once (acknowledged in order); default 3. */
  maxInFlight?: number;
  /** Backoff of data retries after a failed write; default 1 s doubling to 30 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Period of the cheap probe (`/ping`) while the database is down; default 1 s. Shipping resumes at the first answer. */
  probeIntervalMs?: number;
  /** Longest time spent bisecting one refused batch; when over, the batch stays queued and is retried later. Default 60 s. */
  bisectDeadlineMs?: number;
  /** A failing dead-letter write is logged once, then at most once per this period; default 60 s. */
  faultLogPeriodMs?: number;
}

/** Counters a shipper keeps (exit line, `/metrics`, tests). */
export interface ShipperStats {
  /** Readings the database acknowledged. */
  shipped: number;
  /** Readings the database refused, moved to the dead-letter file. */
  deadLettered: number;
  failedWrites: number;
  lastWriteMs: number;
  lastError: string | undefined;
}

/** How a request ended: an error (retried later), or stored with some readings dead-lettered. */
interface Sent {
  error?: unknown;
  deadLettered: number;
}

/** A refused batch's bisection was cut short (shutdown or its deadline): retried later as a whole. */
class BisectionAborted extends Error {
  override readonly name = 'BisectionAborted';
}

/**
 * Moves batches from a durable queue to a sink, in order: read a batch (the stored bytes),
 * post it as is, acknowledge it only after the database did. While the database is down,
 * data retries back off (to 30 s) but a cheap probe runs every second, so the backlog ships
 * within about a second of its return. A refused batch (HTTP 400) is bisected (requests in
 * parallel, within a deadline) to dead-letter only the bad lines, with one log line per
 * refused batch.
 *
 * @example
 * const shipper = new Shipper(queue, new InfluxV1Sink({ url: 'http://127.0.0.1:8086', database: 'lab' }), deadLetters, log);
 * shipper.start();
 * // at exit
 * const waiting = await shipper.drain(Date.now() + 10_000);
 */
export class Shipper {
  readonly stats: ShipperStats = { shipped: 0, deadLettered: 0, failedWrites: 0, lastWriteMs: 0, lastError: undefined };
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly backoff: Backoff;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly probeIntervalMs: number;
  private readonly bisectDeadlineMs: number;
  private wake: (() => void) | undefined;
  private failingSince: number | undefined;
  /** Frames the database took while an earlier batch failed: acknowledged without being sent again. */
  private delivered = new WeakSet<QueueEntry>();
  /** Faults of the shipper's own files (the dead-letter file): logged once, then at most once a minute. */
  private readonly faults: FaultLog;

  constructor(
    readonly queue: DurableQueue,
    readonly sink: Sink,
    private readonly deadLetters: DeadLetterFile,
    private readonly log: StoreLogger,
    options: ShipperOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 3);
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
    this.bisectDeadlineMs = options.bisectDeadlineMs ?? 60_000;
    this.faults = new FaultLog(log, { sink: sink.description }, options.faultLogPeriodMs);
    this.backoff = new Backoff({ initialMs: options.initialBackoffMs ?? 1000, maxMs: options.maxBackoffMs ?? 30_000 });
  }

  /** Whether the last write failed (database unreachable). */
  get unavailable(): boolean {
    return this.failingSince !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the requests under way. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Ships until the queue is empty or `deadline` (epoch ms) passes; resolves with how many
   * readings still wait. Stops at the first failed write unless `untilDeadline` (the
   * `flush` command keeps retrying).
   */
  async drain(deadline: number, options: { untilDeadline?: boolean } = {}): Promise<number> {
    // A request under way (up to the sink's timeout) must not hold a shutdown past its deadline.
    const stopped = await Promise.race([this.stop().then(() => true), sleep(Math.max(0, deadline - Date.now())).then(() => false)]);
    if (!stopped) return this.queue.depth;
    await this.queue.sync();
    const more = (): boolean => Date.now() < deadline;
    while (this.queue.depth > 0 && more()) {
      let ok: boolean;
      try {
        ok = await this.shipWindow(0, more);
      } catch (e) {
        // A read of the local log failed (logged by the queue): the readings stay for the next start.
        this.stats.lastError = (e as Error).message;
        ok = false;
      }
      if (ok) continue;
      if (!options.untilDeadline) break;
      await this.waitForDatabase(Math.min(this.backoff.next(), Math.max(0, deadline - Date.now())), more);
    }
    return this.queue.depth;
  }

  private async run(): Promise<void> {
    const more = (): boolean => this.running;
    while (this.running) {
      let ok: boolean;
      try {
        ok = await this.shipWindow(500, more);
      } catch (e) {
        // A read of the local log failed (logged by the queue): try again shortly.
        this.stats.lastError = (e as Error).message;
        ok = false;
      }
      if (!ok && this.running) await this.waitForDatabase(this.backoff.next(), more);
    }
  }

  /** Waits `ms`, or less if the probe says the database answers again. */
  private async waitForDatabase(ms: number, more: () => boolean): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until && more()) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(this.probeIntervalMs, Math.max(0, until - Date.now())));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
      if (!this.sink.probe || !more()) continue;
      if (await this.sink.probe().catch(() => false)) return;
    }
  }

  /**
   * Ships what the queue holds, up to `maxInFlight` requests at once, acknowledging in
   * order, until the queue is empty or `more()` says stop. False when a write failed.
   */
  private async shipWindow(waitMs: number, more: () => boolean): Promise<boolean> {
    const inflight: Array<{ batch: QueueBatch; result: Promise<Sent> }> = [];
    let from = this.queue.ackedSeq;
    for (;;) {
      while (inflight.length < this.maxInFlight && more()) {
        if (inflight.length === 0) await this.queue.waitForData(from, waitMs);
        const batch = await this.queue.read(from, this.batchSize);
        if (batch.entries.length === 0) {
          if (batch.endSeq > from) {
            from = batch.endSeq;
            continue;
          }
          break;
        }
        const sent = this.withoutDelivered(batch);
        inflight.push({ batch: sent.batch, result: sent.skip ? Promise.resolve({ deadLettered: 0 }) : this.send(sent.batch, more) });
        from = sent.batch.endSeq;
      }
      const head = inflight.shift();
      if (!head) return true;
      const outcome = await head.result;
      if (outcome.error !== undefined) {
        // Remember the later batches the database took, then report the failure.
        for (const f of inflight) if ((await f.result).error === undefined) for (const e of f.batch.entries) this.delivered.add(e);
        if (DeadLetterWriteError.isInstance(outcome.error)) this.onDeadLetterFailure(outcome.error);
        else this.onFailure(outcome.error);
        return false;
      }
      const n = await this.queue.ack(head.batch);
      this.stats.shipped += n - outcome.deadLettered;
      this.stats.deadLettered += outcome.deadLettered;
      this.onSuccess();
    }
  }

  /** The batch up to its first frame already delivered, or that delivered prefix alone (to ack without sending). */
  private withoutDelivered(batch: QueueBatch): { batch: QueueBatch; skip: boolean } {
    const n = batch.entries.length;
    let k = 0;
    while (k < n && this.delivered.has(batch.entries[k]!)) k++;
    const cut = (upTo: number, skip: boolean): { batch: QueueBatch; skip: boolean } => {
      const entries = batch.entries.slice(0, upTo);
      const parts = batch.parts.slice(0, upTo);
      const last = entries.at(-1)!;
      return { batch: { entries, parts, payload: joinLines(parts), count: entries.reduce((s, e) => s + e.count, 0), endSeq: last.seq + last.span }, skip };
    };
    if (k > 0) return k === n ? { batch, skip: true } : cut(k, true);
    let j = 1;
    while (j < n && !this.delivered.has(batch.entries[j]!)) j++;
    return j === n ? { batch, skip: false } : cut(j, false);
  }

  /** Posts a batch; resolves with the error instead of rejecting. */
  private async send(batch: QueueBatch, more: () => boolean): Promise<Sent> {
    const started = performance.now();
    try {
      let deadLettered = 0;
      try {
        if (this.sink.writePayload) await this.sink.writePayload(batch.payload, batch.count);
        else await this.sink.write(splitLines(batch.payload));
      } catch (e) {
        if (!SinkRejectedError.isInstance(e)) throw e;
        deadLettered = await this.bisect(splitLines(batch.payload), more);
      }
      this.stats.lastWriteMs = performance.now() - started;
      return { deadLettered };
    } catch (e) {
      return { error: e ?? new Error('write failed'), deadLettered: 0 };
    }
  }

  /**
   * Finds the refused lines of a batch by bisection, `maxInFlight` requests at a time,
   * within `bisectDeadlineMs` (and only while `more()`): the refused lines go to the
   * dead-letter file, the rest is stored; one log line for the batch.
   */
  private async bisect(lines: string[], more: () => boolean): Promise<number> {
    const deadline = Date.now() + this.bisectDeadlineMs;
    const bad: Array<{ line: string; reason: string }> = [];
    const half = Math.ceil(lines.length / 2);
    const pending: Array<[number, number]> = [
      [0, half],
      [half, lines.length],
    ];
    let good = 0;
    let active = 0;
    let done = false;
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => {
        if (!done) reject(e);
        done = true;
      };
      const pump = (): void => {
        if (done) return;
        if (pending.length === 0 && active === 0) {
          done = true;
          resolve();
          return;
        }
        while (active < this.maxInFlight && pending.length > 0) {
          if (!more() || Date.now() > deadline) {
            fail(new BisectionAborted(`bisection of a refused batch of ${lines.length} readings stopped (shutdown or deadline); retried later`));
            return;
          }
          const [a, b] = pending.shift()!;
          if (b === a) continue;
          active++;
          this.sink.write(lines.slice(a, b)).then(
            () => {
              good += b - a;
              active--;
              pump();
            },
            (e: unknown) => {
              active--;
              if (!SinkRejectedError.isInstance(e)) return fail(e);
              if (b - a === 1) bad.push({ line: lines[a]!, reason: e.message });
              else {
                const mid = a + Math.ceil((b - a) / 2);
                pending.push([a, mid], [mid, b]);
              }
              pump();
            },
          );
        }
      };
      pump();
    });
    if (bad.length === 0) {
      this.log.warn({ sink: this.sink.description, batch: lines.length }, 'database refused a batch, then took every part of it');
      return 0;
    }
    try {
      await this.deadLetters.addEach(bad.map((b) => ({ line: b.line, reason: this.sink.redact ? this.sink.redact(b.reason) : b.reason })));
    } catch (e) {
      throw new DeadLetterWriteError(this.deadLetters.path, bad.length, this.sink.description, e);
    }
    this.faults.ok('dead-letter write');
    this.log.error(
      {
        sink: this.sink.description,
        refused: bad.length,
        batch: lines.length,
        stored: good,
        reasons: [...new Set(bad.map((b) => b.reason))].slice(0, 3),
        file: this.deadLetters.path,
      },
      'database refused readings of a batch; moved them to the dead-letter file, stored the rest',
    );
    return bad.length;
  }

  private onFailure(e: unknown): void {
    this.stats.failedWrites++;
    const message = this.sink.redact ? this.sink.redact(String((e as Error)?.message ?? e)) : String((e as Error)?.message ?? e);
    this.stats.lastError = message;
    const first = this.failingSince === undefined;
    if (first) this.failingSince = Date.now();
    if (first || this.stats.failedWrites % 10 === 0) {
      this.log.warn({ sink: this.sink.description, waiting: this.queue.depth, failures: this.backoff.failures + 1, err: message }, 'database unavailable; readings wait in the local log');
    }
  }

  /** The database is fine, the dead-letter file is not: the batch stays queued; logged through the fault logger, not as "database unavailable". */
  private onDeadLetterFailure(e: DeadLetterWriteError): void {
    this.stats.lastError = e.message;
    this.faults.failed('dead-letter write', e.cause, { file: e.file, refused: e.refused });
  }

  private onSuccess(): void {
    if (this.failingSince !== undefined) {
      this.log.info(
        { sink: this.sink.description, failures: this.backoff.failures, downSeconds: Math.round((Date.now() - this.failingSince) / 100) / 10, waiting: this.queue.depth },
        `database reachable again after ${this.backoff.failures} failures / ${Math.round((Date.now() - this.failingSince) / 1000)} s; shipping the backlog`,
      );
    }
    this.failingSince = undefined;
    this.backoff.reset();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function splitLines(payload: Buffer): string[] {
  return payload.length === 0 ? [] : payload.toString('utf8').split('\n');
}
