import type { Logger } from 'pino';
import { Backoff } from './Backoff.js';
import type { DeadLetterFile } from './DeadLetterFile.js';
import { SinkRejectedError } from './errors/SinkRejectedError.js';
import type { DurableQueue } from './queue/DurableQueue.js';
import type { Sink } from './sinks/Sink.js';

/** Options of {@link Shipper}. */
export interface ShipperOptions {
  /** Lines per write; default 5000. */
  batchSize?: number;
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

  constructor(
    readonly queue: DurableQueue,
    readonly sink: Sink,
    private readonly deadLetters: DeadLetterFile,
    private readonly log: Logger,
    options: ShipperOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
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
      const ok = await this.shipOnce();
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
      const ok = await this.shipOnce(500);
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

  /** One batch; false when the sink was unavailable. */
  private async shipOnce(waitMs = 0): Promise<boolean> {
    const batch = await this.queue.peek(this.batchSize, waitMs);
    if (batch.lines.length === 0) return true;
    const started = performance.now();
    try {
      await this.writeSplitting(batch.lines);
    } catch (e) {
      this.stats.failedWrites++;
      this.stats.lastError = (e as Error).message;
      if (!this.failing || this.backoff.failures % 10 === 0) {
        this.log.warn(
          { sink: this.sink.description, waiting: this.queue.depth, err: (e as Error).message },
          'database unavailable; readings wait in the local log',
        );
      }
      this.failing = true;
      return false;
    }
    this.stats.lastWriteMs = performance.now() - started;
    await this.queue.ack(batch.end, batch.lines.length);
    this.stats.shipped += batch.lines.length;
    if (this.failing) {
      this.log.info({ sink: this.sink.description, waiting: this.queue.depth }, 'database reachable again; shipping the backlog');
    }
    this.failing = false;
    this.backoff.reset();
    return true;
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
