import type { Logger } from 'pino';
import { Backoff } from './Backoff.js';
import type { DeadLetterFile } from './DeadLetterFile.js';
import { SinkRejectedError } from './errors/SinkRejectedError.js';
import type { DurableQueue, QueueBatch } from './queue/DurableQueue.js';
import type { Sink } from './sinks/Sink.js';

/** Options of {@link Shipper}. */
export interface ShipperOptions {
  /** Lines per write; default 5000. */
  batchSize?: number;
  /** Batches written concurrently (acknowledged in order); default 3. */
  maxInFlight?: number;
  /** Backoff after a failed write; default 1 s doubling to 60 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Counters a shipper keeps (for `--timing`, the status endpoint and tests). */
export interface ShipperStats {
  shipped: number;
  deadLettered: number;
  failedWrites: number;
  lastWriteMs: number;
  lastError: string | undefined;
}

/**
 * Moves readings from a durable queue to a sink, in order: peek a batch, write it, and
 * acknowledge it only after the database did. A database that is down is retried with
 * backoff while readings keep accumulating on disk. A refused batch (HTTP 400) is split in
 * halves until the bad lines are found; they go to the dead-letter file with the reason,
 * the rest ships, and the queue moves on.
 */
export class Shipper {
  readonly stats: ShipperStats = { shipped: 0, deadLettered: 0, failedWrites: 0, lastWriteMs: 0, lastError: undefined };
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly backoff: Backoff;
  private readonly batchSize: number;
  private wake: (() => void) | undefined;
  private failing = false;
  private readonly maxInFlight: number;
  /**
   * Batches the database took while an earlier one failed: they wait for the earlier one to
   * be acknowledged, and are then acknowledged without being sent again (so a database that
   * keeps duplicates, like VictoriaMetrics, gets each reading once). [startSeq, endSeq).
   */
  private readonly delivered: Array<[number, number]> = [];

  constructor(
    readonly queue: DurableQueue,
    readonly sink: Sink,
    private readonly deadLetters: DeadLetterFile,
    private readonly log: Logger,
    options: ShipperOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 3);
    this.backoff = new Backoff({ initialMs: options.initialBackoffMs ?? 1000, maxMs: options.maxBackoffMs ?? 60_000 });
  }

  /** Whether the last write failed (database unreachable). */
  get unavailable(): boolean {
    return this.failing;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the write under way. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Ships until the queue is empty or `deadline` (epoch ms) passes; resolves with how many
   * readings still wait. At shutdown (and after `--cycles`) it stops at the first failed
   * write; `expmon-runner flush` passes `untilDeadline` to keep retrying.
   */
  async drain(deadline: number, options: { untilDeadline?: boolean } = {}): Promise<number> {
    await this.stop();
    await this.queue.sync();
    const backoff = new Backoff({ initialMs: 200, maxMs: 2000 });
    while (this.queue.depth > 0 && Date.now() < deadline) {
      const ok = await this.shipWindow(0, () => Date.now() < deadline);
      if (ok) continue;
      // At shutdown the readings are safe on disk: don't hold the process for an unreachable
      // database unless asked to keep trying (`expmon-runner flush`).
      if (!options.untilDeadline) break;
      await sleep(Math.min(backoff.next(), Math.max(0, deadline - Date.now())));
    }
    return this.queue.depth;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const ok = await this.shipWindow(500, () => this.running);
      if (!ok && this.running) {
        const delay = this.backoff.next();
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /**
   * Ships what the queue holds, up to `maxInFlight` batches at once, acknowledging them in
   * order, until the queue is empty or `more()` says stop. False when a write failed (the
   * database is unavailable): the failed batch and those after it stay in the queue.
   */
  private async shipWindow(waitMs: number, more: () => boolean): Promise<boolean> {
    const inflight: Array<{ batch: QueueBatch; startSeq: number; result: Promise<unknown> }> = [];
    let last: QueueBatch | undefined;
    let startSeq = this.queue.ackedCount;
    // Ranges the queue has moved past (dropped when full) no longer apply.
    for (let i = this.delivered.length - 1; i >= 0; i--) if (this.delivered[i]![0] < startSeq) this.delivered.splice(i, 1);
    for (;;) {
      while (inflight.length < this.maxInFlight && more()) {
        const done = this.delivered.find(([a]) => a === startSeq);
        const nextDone = this.delivered.filter(([a]) => a > startSeq).reduce((m, [a]) => Math.min(m, a), Number.POSITIVE_INFINITY);
        const max = done ? done[1] - done[0] : Math.min(this.batchSize, nextDone - startSeq);
        const batch = await this.queue.peek(max, inflight.length === 0 ? waitMs : 0, last);
        if (batch.lines.length === 0) break;
        const alreadyThere = done !== undefined && batch.lines.length === done[1] - done[0];
        inflight.push({ batch, startSeq, result: alreadyThere ? Promise.resolve(undefined) : this.timedWrite(batch.lines) });
        last = batch;
        startSeq = batch.endSeq;
      }
      const head = inflight.shift();
      if (!head) return true;
      const error = await head.result;
      if (error !== undefined) {
        // Keep track of the later batches the database took, then report the failure.
        const later = await Promise.all(inflight.map(async (f) => ({ f, error: await f.result })));
        for (const { f, error: e } of later) {
          if (e === undefined && !this.delivered.some(([a]) => a === f.startSeq)) this.delivered.push([f.startSeq, f.batch.endSeq]);
        }
        this.onFailure(error);
        return false;
      }
      await this.queue.ack(head.batch.end, head.batch.lines.length);
      const i = this.delivered.findIndex(([a]) => a === head.startSeq);
      if (i >= 0) this.delivered.splice(i, 1);
      this.stats.shipped += head.batch.lines.length;
      this.onSuccess();
    }
  }

  /** Writes a batch; resolves with the error instead of rejecting. */
  private async timedWrite(lines: readonly string[]): Promise<unknown> {
    const started = performance.now();
    try {
      await this.writeSplitting(lines);
      this.stats.lastWriteMs = performance.now() - started;
      return undefined;
    } catch (e) {
      return e ?? new Error('write failed');
    }
  }

  private onFailure(e: unknown): void {
    this.stats.failedWrites++;
    this.stats.lastError = (e as Error).message;
    if (!this.failing || this.backoff.failures % 10 === 0) {
      this.log.warn(
        { sink: this.sink.description, waiting: this.queue.depth, err: (e as Error).message },
        'database unavailable; readings wait in the local log',
      );
    }
    this.failing = true;
  }

  private onSuccess(): void {
    if (this.failing) {
      this.log.info({ sink: this.sink.description, waiting: this.queue.depth }, 'database reachable again; shipping the backlog');
    }
    this.failing = false;
    this.backoff.reset();
  }

  /** Writes lines; on a refusal, bisects to dead-letter only the bad ones. Throws if the sink is unavailable. */
  private async writeSplitting(lines: readonly string[]): Promise<void> {
    try {
      await this.sink.write(lines);
    } catch (e) {
      if (!SinkRejectedError.isInstance(e)) throw e;
      if (lines.length === 1) {
        await this.deadLetters.add(lines, e.message);
        this.stats.deadLettered++;
        this.log.error(
          { sink: this.sink.description, line: lines[0], reason: e.message, file: this.deadLetters.path },
          'database refused a reading; moved to the dead-letter file',
        );
        return;
      }
      const mid = Math.ceil(lines.length / 2);
      await this.writeSplitting(lines.slice(0, mid));
      await this.writeSplitting(lines.slice(mid));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
