import { join } from 'node:path';
import type { Reading } from '@expmon/core';
import { DataDirLock } from './DataDirLock.js';
import { DeadLetterFile } from './DeadLetterFile.js';
import { destinationId } from './destinationId.js';
import { DurableQueue, type QueueRecovery } from './DurableQueue.js';
import type { StoreLogger } from './FaultLog.js';
import { findOrphanQueues, type OrphanQueue } from './findOrphanQueues.js';
import { findLegacyQueues, importLegacyQueue, planLegacyQueues } from './migrateLegacyQueue.js';
import { writeQueueMeta } from './QueueMeta.js';
import { readingToLine } from './readingToLine.js';
import { Shipper, type ShipperOptions } from './Shipper.js';
import type { Sink } from './sinks/Sink.js';
import { sumCounts, type StoreCounts } from './StoreCounts.js';

/** Options of {@link Store.open}. */
export interface StoreOptions {
  /** Folder of the local logs (`queue/<destination id>/`), dead letters and the lock. */
  dataDir: string;
  /** Where readings go; one local log each. */
  sinks: Sink[];
  /** pino or anything with its shape; default: warnings and errors as JSON lines on stderr. */
  log?: StoreLogger;
  /** Bound of each local log on disk; default 512 MiB (when full the oldest readings are dropped and counted). */
  maxQueueBytes?: number;
  /** Readings per request; default 5000. */
  batchSize?: number;
  /** More shipper options (in-flight requests, backoff, probe period, bisection deadline). */
  shipper?: Omit<ShipperOptions, 'batchSize'>;
  /** Take the data dir's lock (default true): a second process on the same dir is refused. */
  lock?: boolean;
  /** Start shipping at once (default true); false for a `flush` that drains on its own. */
  ship?: boolean;
}

/** One sink with its local log. */
export interface Destination {
  /** The destination id: the local log's folder name. */
  id: string;
  sink: Sink;
  queue: DurableQueue;
  shipper: Shipper;
  recovery: QueueRecovery;
  /** Readings imported at open from a local log of expmon 0.1 (counted as from an earlier run). */
  imported: number;
}

/**
 * Durable writes to InfluxDB (v1 or v2 API) or files for any script: readings are encoded
 * to line protocol once per batch, appended to an fsynced local log per destination, and
 * shipped from there; a database outage, a restart or `kill -9` loses nothing (within the
 * durability window: a reading is in the fsynced log about one fsync after `write()`).
 *
 * @example
 * const store = await Store.open({ dataDir: './lab-data', sinks: [new InfluxV1Sink({ url: 'http://127.0.0.1:8086', database: 'lab' })] });
 * store.write({ measurement: 'lab_temp', fields: { value: 21.4 }, tags: { unit: '°C' }, time: Date.now() });
 * const counts = await store.close();
 */
export class Store {
  private buffer: string[] = [];
  private flushScheduled = false;
  private closed = false;
  private invalid = 0;

  private constructor(
    readonly dataDir: string,
    readonly destinations: Destination[],
    /** Local logs in the data dir for destinations not configured now: reported, kept, never shipped elsewhere. */
    readonly orphans: OrphanQueue[],
    private readonly lock: DataDirLock | undefined,
    private readonly log: StoreLogger,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const log = options.log ?? stderrLogger;
    const lock = options.lock === false ? undefined : await DataDirLock.acquire(options.dataDir);
    try {
      const destinations: Destination[] = [];
      const ids = new Set<string>();
      const unique = options.sinks.filter((sink) => {
        const id = destinationId(sink);
        if (ids.has(id)) return false; // the same destination twice: one log
        ids.add(id);
        return true;
      });
      const legacyPlans = planLegacyQueues(
        await findLegacyQueues(options.dataDir),
        unique.map((sink) => ({ id: destinationId(sink), type: sink.id })),
      );
      for (const sink of unique) {
        const id = destinationId(sink);
        const dir = join(options.dataDir, 'queue', id);
        const { queue, recovery } = await DurableQueue.open(dir, {
          maxBytes: options.maxQueueBytes,
          maxRunReadings: options.batchSize,
          log,
          label: sink.description,
        });
        await writeQueueMeta(dir, { id, destination: sink.description, created: new Date().toISOString() });
        reportRecovery(log, sink, recovery);
        let imported = 0;
        for (const plan of legacyPlans) {
          if (plan.into === id) imported += await importLegacyQueue(plan.legacy, queue, log, sink.description, options.batchSize);
        }
        const shipper = new Shipper(queue, sink, new DeadLetterFile(join(options.dataDir, 'dead-letter', `${id}.lp`)), log, {
          ...options.shipper,
          batchSize: options.batchSize,
        });
        if (options.ship !== false) shipper.start();
        destinations.push({ id, sink, queue, shipper, recovery, imported });
      }
      const legacyNotes = new Map(legacyPlans.flatMap((p) => (p.reason === undefined ? [] : [[p.legacy.id, p.reason] as const])));
      const orphans = await findOrphanQueues(options.dataDir, ids, legacyNotes);
      for (const o of orphans) {
        log.warn(
          { queue: o.dir, destination: o.destination, waiting: o.waiting },
          o.note
            ? `${o.note}; kept, not shipped: 'expmon-runner flush' lists it`
            : `local log for a destination this config does not name (${o.destination}); kept, not shipped: 'expmon-runner flush' lists it`,
        );
      }
      return new Store(options.dataDir, destinations, orphans, lock, log);
    } catch (e) {
      await lock?.release();
      throw e;
    }
  }

  /** Appends readings (encoded with {@link readingToLine}); a reading that can't be stored is counted, logged and skipped. */
  write(readings: Reading | readonly Reading[]): void {
    for (const r of Array.isArray(readings) ? (readings as Reading[]) : [readings as Reading]) {
      try {
        this.buffer.push(readingToLine(r));
      } catch (e) {
        this.invalid++;
        this.log.warn({ measurement: r?.measurement, err: (e as Error).message }, 'reading not stored (invalid)');
      }
    }
    this.schedule();
  }

  /** Appends line-protocol lines (batched with other writes of the same tick). */
  writeLines(lines: readonly string[]): void {
    for (const l of lines) this.buffer.push(l);
    this.schedule();
  }

  /** Appends a batch now: `payload` holds `count` lines of line protocol, LF-separated (shared by every destination). */
  writePayload(payload: Buffer, count: number): void {
    if (this.closed || count === 0) return;
    for (const d of this.destinations) d.queue.append(payload, count);
  }

  /** Appends what `write`/`writeLines` collected (they do it on the next tick on their own). */
  flushBuffer(): void {
    this.flushScheduled = false;
    if (this.buffer.length === 0 || this.closed) return;
    const lines = this.buffer;
    this.buffer = [];
    const text = lines.some((l) => l.includes('\n')) ? lines.map((l) => l.replace(/\n/g, '\\n')).join('\n') : lines.join('\n');
    this.writePayload(Buffer.from(text, 'utf8'), lines.length);
  }

  /** Counts of every destination summed (see {@link StoreCounts}), and per destination. */
  counts(): StoreCounts & { invalid: number; perDestination: Array<StoreCounts & { id: string; destination: string }> } {
    const per = this.destinations.map((d) => ({ id: d.id, destination: d.sink.description, ...countsOf(d) }));
    return { ...sumCounts(per), invalid: this.invalid, perDestination: per };
  }

  /** Ships what waits until `deadline` (epoch ms); resolves with how many readings still wait. */
  async drain(deadline: number, options: { untilDeadline?: boolean } = {}): Promise<number> {
    this.flushBuffer();
    let waiting = 0;
    for (const d of this.destinations) waiting += await d.shipper.drain(deadline, options);
    return waiting;
  }

  /** Appends what is buffered, ships until `timeoutMs` passes (default 10 s), closes the logs, releases the lock. */
  async close(timeoutMs = 10_000): Promise<ReturnType<Store['counts']>> {
    if (!this.closed) {
      await this.drain(Date.now() + timeoutMs);
      this.closed = true;
      for (const d of this.destinations) {
        await d.queue.close();
        await d.sink.close().catch(() => {});
      }
      await this.lock?.release();
    }
    return this.counts();
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushBuffer());
  }
}

function countsOf(d: Destination): StoreCounts {
  const q = d.queue;
  return {
    produced: q.appended - d.imported,
    fromEarlierRun: d.recovery.pending + d.imported,
    shipped: d.shipper.stats.shipped,
    deadLettered: d.shipper.stats.deadLettered,
    waiting: q.depth,
    dropped: { ...q.drops },
  };
}

function reportRecovery(log: StoreLogger, sink: Sink, r: QueueRecovery): void {
  const s = sink.description;
  for (const d of r.damaged) {
    log.warn(
      { sink: s, segment: d.segment, offset: d.offset, bytesSkipped: d.bytes, readingsLost: d.readings ?? 'unknown (tail)' },
      'local log damaged or torn (power cut, disk error?): skipped the damaged bytes, kept every valid frame after them',
    );
  }
  for (const e of r.empty) log.warn({ sink: s, segment: e }, 'local log segment is empty (0 bytes): whatever it held is lost');
  for (const u of r.unreadable) log.error({ sink: s, segment: u.segment, err: u.error }, 'local log segment unreadable: skipped and kept on disk');
  if (r.missing > 0) log.warn({ sink: s, readingsLost: r.missing }, 'local log: readings missing between segments (a segment emptied or deleted)');
  if (r.ackDamaged) log.warn({ sink: s, detail: r.ackDamaged }, 'local log ack file damaged');
  if (r.pending > 0) log.info({ sink: s, waiting: r.pending }, 'shipping readings left from an earlier run first');
}

const stderrLogger: StoreLogger = {
  debug() {},
  info() {},
  warn(obj, msg) {
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`);
  },
  error(obj, msg) {
    process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...obj })}\n`);
  },
};
