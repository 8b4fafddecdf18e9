import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AckFile } from './AckFile.js';
import type { DurableQueueOptions } from './DurableQueueOptions.js';
import { FaultLog, type StoreLogger } from './FaultLog.js';
import { encodeFrame } from './Frame.js';
import { joinLines } from './joinLines.js';
import type { QueueBatch } from './QueueBatch.js';
import type { QueueDrops } from './QueueDrops.js';
import type { QueueEntry } from './QueueEntry.js';
import { QueueEntryList } from './QueueEntryList.js';
import { QueueFrameReader } from './QueueFrameReader.js';
import { recoverQueue, type QueueRecovery } from './recoverQueue.js';
import { SegmentFiles } from './SegmentFiles.js';
import { SegmentWriter } from './SegmentWriter.js';

export type { QueueRecovery } from './recoverQueue.js';
export type { QueueEntry } from './QueueEntry.js';
export type { DurableQueueOptions } from './DurableQueueOptions.js';
export type { QueueBatch } from './QueueBatch.js';
export type { QueueDrops } from './QueueDrops.js';
export { joinLines } from './joinLines.js';




const SEGMENT = /^(\d{12})\.log$/;
const segName = SegmentFiles.nameOf;
const WRITE_CHUNK = 4 * 1024 * 1024;
const RETRY_MS = 1000;

/**
 * The durable local log between the sources and one database: an append-only sequence of
 * segment files holding one checksummed frame per appended batch (see `Frame.ts`).
 *
 * - `append()` takes a batch of line protocol (encoded once), keeps it in memory and writes
 *   it in the background (group commit: batches that arrive during a write share the next
 *   fsync). `sync()` waits for that. A reader may ship a batch before its fsync; `ack()`
 *   waits for the write under way, so the ack follows both.
 * - The queue alone owns segment lifetimes: a segment is unlinked only when it is retired
 *   (fully shipped, or dropped by the size bound) AND no reader has it pinned, so the
 *   drop-oldest / read race cannot happen.
 * - No file error is thrown at a caller: a failed write is logged (once, then once a minute)
 *   and retried every second while the batches wait in memory (up to `maxMemoryBytes`;
 *   beyond that the oldest are lost and counted in `drops.diskFull`). The database may
 *   take them straight from memory meanwhile.
 * - On open, every segment is scanned; damaged regions are skipped (resync at the next
 *   valid frame) and reported with the readings they held (see {@link QueueRecovery}).
 *
 * @example
 * const { queue, recovery } = await DurableQueue.open('./expmon-data/queue/influx-v1-3f2a9c0d1e2b');
 * queue.appendLines(['lab_temp,unit=K value=4.2 1764288000000']);
 * const batch = await queue.read(queue.ackedSeq, 5000);
 * await post(batch.payload);
 * await queue.ack(batch);
 */
export class DurableQueue {
  /** Readings lost by cause since open. */
  readonly drops: QueueDrops = { sizeBound: 0, diskFull: 0, damaged: 0 };
  /** Readings appended since open. */
  appended = 0;
  /** Readings acknowledged (shipped or dead-lettered) since open. */
  acknowledged = 0;
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly maxMemoryBytes: number;
  private readonly cacheBytes: number;
  private readonly maxRunReadings: number;
  /** Sequence number after the last reading any read has returned: entries from here on may be merged into runs. */
  private readHorizon = 0;
  private readonly faults: FaultLog;
  private readonly log: StoreLogger | undefined;
  /** Unacknowledged frames in order (lost ones included until the ack passes them). */
  private readonly list: QueueEntryList;
  private readonly segments: SegmentFiles;
  /** Frames not on disk yet, in order. */
  private unwritten: QueueEntry[] = [];
  private unwrittenBytes = 0;
  private cachedBytes = 0;
  private waitingCount = 0;
  private nextSeq: number;
  private ackSeq: number;
  private readonly writer: SegmentWriter;
  private readonly frameReader: QueueFrameReader;
  private writing: Promise<void> | undefined;
  /** After a failed write: one frame per write, so that what still fits is written. */
  private oneFrameAtATime = false;
  /** The one write + fdatasync under way. */
  private currentWrite: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly dataWaiters = new Set<() => void>();
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly ackFile: AckFile,
    recovered: { entries: QueueEntry[]; segments: Map<number, { size: number; endSeq: number }>; ackSeq: number; nextSeq: number; lastSegment: number },
    options: DurableQueueOptions,
  ) {
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.segmentBytes = options.segmentBytes ?? Math.max(64 * 1024, Math.min(16 * 1024 * 1024, Math.floor(this.maxBytes / 8)));
    this.maxMemoryBytes = options.maxMemoryBytes ?? 16 * 1024 * 1024;
    this.cacheBytes = options.cacheBytes ?? 16 * 1024 * 1024;
    this.maxRunReadings = options.maxRunReadings ?? 5000;
    this.log = options.log;
    this.faults = new FaultLog(options.log ?? silent, { queue: options.label ?? dir });
    this.list = new QueueEntryList(recovered.entries);
    for (const e of this.list.items) this.waitingCount += e.count;
    this.segments = new SegmentFiles(dir, this.faults);
    for (const [n, s] of recovered.segments) this.segments.add(n, s.size, s.endSeq);
    this.ackSeq = recovered.ackSeq;
    this.nextSeq = recovered.nextSeq;
    // New appends always go to a new segment, never after a damaged or torn tail.
    this.writer = new SegmentWriter(this.segments, recovered.lastSegment, this.segmentBytes);
    this.frameReader = new QueueFrameReader(this.segments, this.faults, (readings) => {
      this.drops.damaged += readings;
      this.waitingCount -= readings;
    });
  }

  /** Opens (or creates) the queue in `dir`: scans the segments and reports damage (see {@link QueueRecovery}). */
  static async open(dir: string, options: DurableQueueOptions = {}): Promise<{ queue: DurableQueue; recovery: QueueRecovery }> {
    await mkdir(dir, { recursive: true });
    const { file, state } = await AckFile.open(join(dir, 'ack'));
    let r: Awaited<ReturnType<typeof recoverQueue>>;
    try {
      const names = (await readdir(dir)).map((f) => SEGMENT.exec(f)).filter((m): m is RegExpExecArray => m !== null);
      const numbers = names.map((m) => Number(m[1])).sort((a, b) => a - b);
      r = await recoverQueue(dir, numbers.map((n) => ({ number: n, name: segName(n) })), state, options.maxRunReadings ?? 5000);
    } catch (e) {
      // Nothing may keep the ack file's descriptor when the queue cannot be opened (a 24/7 process retries).
      await file.close().catch(() => {});
      throw e;
    }
    const queue = new DurableQueue(dir, file, r, options);
    // Segments with nothing left to ship (and empty ones, reported) go now.
    for (const n of r.deletable) await unlink(join(dir, segName(n))).catch(() => {});
    return { queue, recovery: r.recovery };
  }

  /** Readings waiting to be shipped (on disk or in memory). */
  get depth(): number {
    return this.waitingCount;
  }

  /** Sequence number of the first reading not yet acknowledged: where a reader starts. */
  get ackedSeq(): number {
    return this.ackSeq;
  }

  /** Frames, or runs of adjacent frames, tracked in memory (what a long outage costs; for diagnostics and tests). */
  get trackedEntries(): number {
    return this.list.tracked;
  }

  /** Bytes of the segment files. */
  get bytes(): number {
    return this.segments.bytes;
  }

  /** Whether batches wait in memory because the disk refuses writes. */
  get diskFailing(): boolean {
    return this.unwritten.length > 0 && this.faults.isFailing('append');
  }

  /**
   * Appends a batch: `payload` is line protocol of `count` readings, LF-separated, without
   * a trailing LF. Returns at once; the batch is written and fsynced in the background
   * (`sync()` waits for it).
   */
  append(payload: Buffer, count: number): void {
    if (this.closed) throw new Error(`queue ${this.dir} is closed`);
    if (count <= 0) return;
    const entry: QueueEntry = { seq: this.nextSeq, count, span: count, frames: 1, size: 0, segment: -1, offset: 0, payload, state: 'unwritten' };
    this.nextSeq += count;
    this.appended += count;
    this.waitingCount += count;
    this.list.items.push(entry);
    this.unwritten.push(entry);
    this.unwrittenBytes += payload.length;
    this.cachedBytes += payload.length;
    while (this.unwrittenBytes > this.maxMemoryBytes && this.unwritten.length > 1 && this.loseUnwritten());
    this.scheduleWrite();
    for (const w of [...this.dataWaiters]) w();
  }

  /** Appends lines (one reading each) as one batch. */
  appendLines(lines: readonly string[]): void {
    if (lines.length === 0) return;
    let text = lines.join('\n');
    if (text.length > 0 && lines.some((l) => l.includes('\n'))) text = lines.map((l) => l.replace(/\n/g, '\\n')).join('\n');
    this.append(Buffer.from(text, 'utf8'), lines.length);
  }

  /** Waits until what was appended so far is fsynced, or the write failed (it is retried in the background). */
  async sync(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Resolves when readings at or after `seq` exist, or after `ms`. */
  waitForData(seq: number, ms: number): Promise<void> {
    if (this.nextSeq > seq || ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.dataWaiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.dataWaiters.add(done);
    });
  }

  /**
   * Up to about `max` readings from sequence number `from` (whole frames; at least one
   * frame), from memory or disk. A frame found damaged on disk is skipped and counted.
   */
  async read(from: number, max: number): Promise<QueueBatch> {
    const picked = this.list.pick(from, max);
    // Handed out from now on (synchronously, before any await): never merged into a run.
    const lastPicked = picked.at(-1);
    if (lastPicked) this.readHorizon = Math.max(this.readHorizon, lastPicked.seq + lastPicked.span);
    const aligned = await this.frameReader.payloadsOf(picked);
    const good = picked.filter((_, i) => aligned[i] !== undefined);
    const payloads = aligned.filter((p): p is Buffer => p !== undefined);
    const last = picked.at(-1);
    const payload = payloads.length === 1 ? payloads[0]! : joinLines(payloads);
    const endSeq = last ? last.seq + last.span : Math.max(from, this.ackSeq);
    this.readHorizon = Math.max(this.readHorizon, endSeq);
    return { entries: good, parts: payloads, payload, count: good.reduce((n, e) => n + e.count, 0), endSeq };
  }

  /**
   * Marks a batch as shipped (in order). Waits for the write under way if it holds any of
   * these frames, so that an ack never precedes the fsync. Returns how many readings were
   * newly acknowledged (readings the size bound had dropped meanwhile count again as shipped).
   */
  async ack(batch: Pick<QueueBatch, 'entries'>): Promise<number> {
    // Only the write holding these frames, not the whole write loop (it may go on while appends come).
    while (batch.entries.some((e) => e.state === 'writing') && this.currentWrite) await this.currentWrite.catch(() => {});
    let n = 0;
    for (const e of batch.entries) {
      if (e.state === 'acked') continue;
      if (e.state === 'lost') {
        // Dropped while it was being shipped, and the database took it after all.
        if (e.lostTo) this.drops[e.lostTo] -= e.count;
      } else {
        this.waitingCount -= e.count;
      }
      if (e.state === 'unwritten') this.removeUnwritten(e);
      e.state = 'acked';
      this.releasePayload(e);
      n += e.count;
    }
    this.acknowledged += n;
    this.ackSeq = this.list.advanceHead(this.nextSeq);
    await this.persistAck(false);
    this.retireShipped();
    return n;
  }

  /** Flushes what can be written, stores the ack, closes the files; what is still only in memory is counted as lost. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.sync();
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const e of this.unwritten) {
      if (e.state !== 'unwritten') continue;
      e.state = 'lost';
      e.lostTo = 'diskFull';
      this.drops.diskFull += e.count;
      this.waitingCount -= e.count;
    }
    if (this.drops.diskFull > 0) this.log?.error({ queue: this.dir, lost: this.drops.diskFull }, 'local log: readings lost to a full disk');
    await this.persistAck(true);
    for (const w of [...this.dataWaiters]) w();
    await this.writer.close();
    await this.ackFile.close().catch(() => {});
  }

  private scheduleWrite(): void {
    if (this.writing || this.closed || this.retryTimer) return;
    this.writing = this.writeLoop().finally(() => (this.writing = undefined));
  }

  private async writeLoop(): Promise<void> {
    while (this.unwritten.length > 0) {
      const batch: QueueEntry[] = [];
      let bytes = 0;
      for (const e of this.unwritten) {
        if (batch.length > 0 && (this.oneFrameAtATime || bytes + e.payload!.length > Math.min(WRITE_CHUNK, this.segmentBytes))) break;
        batch.push(e);
        bytes += e.payload!.length + 24;
      }
      for (const e of batch) e.state = 'writing';
      try {
        this.currentWrite = this.writeFrames(batch);
        await this.currentWrite;
        this.faults.ok('append');
        this.oneFrameAtATime = false;
      } catch (e) {
        for (const b of batch) if (b.state === 'writing') b.state = 'unwritten';
        if (batch.length > 1) {
          // A nearly full disk may still take one frame: keep appending what fits.
          this.oneFrameAtATime = true;
          continue;
        }
        this.faults.failed('append', e, { waitingInMemory: this.unwritten.reduce((n, u) => n + u.count, 0) });
        // Retry in a second; appends meanwhile wait in memory.
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.scheduleWrite();
        }, RETRY_MS);
        this.retryTimer.unref();
        return;
      }
    }
  }

  private async writeFrames(batch: QueueEntry[]): Promise<void> {
    const frames = batch.map((e) => encodeFrame(e.payload!, e.count, e.seq));
    const before = this.writer.segment;
    const at = await this.writer.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    if (at.segment !== before) this.retireShipped();
    const seg = this.segments.get(at.segment)!;
    let offset = at.offset;
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      e.segment = at.segment;
      e.offset = offset;
      e.size = frames[i]!.length;
      offset += e.size;
      seg.endSeq = Math.max(seg.endSeq, e.seq + e.span);
      if (e.state === 'writing') e.state = 'written';
      this.removeUnwritten(e);
      if (this.cachedBytes > this.cacheBytes) this.releasePayload(e);
      this.list.mergeIntoRun(e, this.readHorizon, this.maxRunReadings);
    }
    await this.enforceBound();
  }

  /** Drops the oldest segments while the files exceed `maxBytes`; their unshipped readings are counted. */
  private async enforceBound(): Promise<void> {
    while (this.bytes > this.maxBytes) {
      const n = this.segments.oldestLive(this.writer.segment);
      if (n === undefined) break;
      let dropped = 0;
      for (let i = this.list.head; i < this.list.items.length; i++) {
        const e = this.list.items[i]!;
        if (e.segment !== n || e.state === 'unwritten' || e.state === 'writing') continue;
        if (e.state === 'written') {
          e.state = 'lost';
          e.lostTo = 'sizeBound';
          dropped += e.count;
          this.releasePayload(e);
        }
      }
      this.drops.sizeBound += dropped;
      this.waitingCount -= dropped;
      this.ackSeq = this.list.advanceHead(this.nextSeq);
      await this.persistAck(true);
      await this.segments.retire(n);
      if (dropped > 0) {
        this.log?.error(
          { queue: this.dir, dropped, segment: segName(n), maxBytes: this.maxBytes, droppedSoFar: this.drops.sizeBound },
          'local log full: oldest readings dropped (database unreachable for too long?)',
        );
      }
    }
  }

  private loseUnwritten(): boolean {
    const e = this.unwritten.find((u) => u.state === 'unwritten');
    if (!e || e === this.unwritten.at(-1)) return false;
    e.state = 'lost';
    e.lostTo = 'diskFull';
    this.drops.diskFull += e.count;
    this.waitingCount -= e.count;
    this.removeUnwritten(e);
    this.releasePayload(e);
    this.log?.error(
      { queue: this.dir, lost: e.count, lostSoFar: this.drops.diskFull, maxMemoryBytes: this.maxMemoryBytes },
      'local log: disk refuses writes and the memory bound is reached; oldest readings in memory lost',
    );
    this.ackSeq = this.list.advanceHead(this.nextSeq);
    return true;
  }

  private removeUnwritten(e: QueueEntry): void {
    const i = this.unwritten.indexOf(e);
    if (i < 0) return;
    this.unwritten.splice(i, 1);
    this.unwrittenBytes -= e.payload?.length ?? 0;
  }

  private releasePayload(e: QueueEntry): void {
    if (!e.payload || e.state === 'unwritten' || e.state === 'writing') return;
    this.cachedBytes -= e.payload.length;
    e.payload = undefined;
  }

  private async persistAck(sync: boolean): Promise<void> {
    try {
      await this.ackFile.write(this.ackSeq, sync);
      this.faults.ok('ack');
    } catch (e) {
      this.faults.failed('ack', e);
    }
  }

  /** Retires every segment whose readings are all shipped (except the one being written). */
  private retireShipped(): void {
    for (const n of this.segments.shippedBefore(this.ackSeq, this.writer.segment)) void this.segments.retire(n);
  }
}

const silent: StoreLogger = { debug() {}, info() {}, warn() {}, error() {} };

