import { open, readdir, readFile, rename, unlink, mkdir, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** A place in the queue: a segment and a byte offset in it. */
export interface QueuePosition {
  segment: number;
  offset: number;
}

/** What {@link DurableQueue.open} found and repaired on disk. */
export interface QueueRecovery {
  /** Records waiting to be shipped (left from an earlier run). */
  pending: number;
  /** Bytes of a corrupt or torn tail that were cut off, and where. */
  cut: Array<{ segment: string; offset: number; bytes: number }>;
}

/** Options of {@link DurableQueue}. */
export interface DurableQueueOptions {
  /** Upper bound of the queue on disk; when full the OLDEST segment is dropped. Default 512 MiB. */
  maxBytes?: number;
  /** Size at which a new segment file is started. Default min(16 MiB, maxBytes / 8). */
  segmentBytes?: number;
  /** Told when readings are dropped because the queue is full. */
  onOverflow?: (dropped: number, segment: string) => void;
}

/** A batch read from the queue, to be acknowledged after the database took it. */
export interface QueueBatch {
  lines: string[];
  /** Position after the last line (give it to `ack`). */
  end: QueuePosition;
  /** Sequence number after the last line (to read on behind this batch before it is acknowledged). */
  endSeq: number;
}

const SEGMENT = /^(\d{12})\.log$/;
/** Most records kept in memory for a reader that keeps up (about 20 MB of typical lines). */
const TAIL_LIMIT = 100_000;
const segName = (n: number): string => `${String(n).padStart(12, '0')}.log`;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** A CRC as 8 lowercase hex digits. */
const hex8 = (n: number): string => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/**
 * The durable local log between the sources and a database: an append-only sequence of
 * segment files, one record a line: `crc32hex SP line-protocol LF`.
 *
 * - `append()` writes and fsyncs in batches (group commit: appends that arrive while a
 *   write is under way share the next fsync); a reading is "safe" once its append resolved.
 * - `peek()` reads from the acknowledged position; `ack()` moves it forward (stored in the
 *   `ack` file, written to a temp file, fsynced and renamed); fully shipped segments are deleted.
 * - On open, every record after the acknowledged position is verified; the first torn or
 *   corrupt record and everything after it in that segment is cut off and reported.
 * - Bounded: when the files exceed `maxBytes`, the oldest segment is dropped (its readings
 *   are lost, and `onOverflow` says how many): a monitoring system keeps recent data.
 */
export class DurableQueue {
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private writeHandle: FileHandle | undefined;
  private writeSegment = 0;
  private writeOffset = 0;
  private ackPos: QueuePosition = { segment: 0, offset: 0 };
  /** Size of every segment on disk. */
  private readonly sizes = new Map<number, number>();
  /** Records per segment not yet acknowledged (for depth and overflow). */
  private readonly counts = new Map<number, number>();
  private pendingLines: string[] = [];
  private pendingWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing: Promise<void> | undefined;
  private needRotate = true;
  private readonly waiters = new Set<() => void>();
  private closed = false;
  /**
   * Records are numbered in order: those found at open first, then every append.
   * `ackSeq` counts acknowledged (or dropped) ones; `nextSeq` the next to append.
   */
  private ackSeq = 0;
  private nextSeq = 0;
  /**
   * In-memory copy of the records appended by this process that the reader has not passed
   * yet, so that a shipper keeping up never reads its own writes back from disk. Starts only
   * when the reader has caught up with the disk; dropped when it grows past `TAIL_LIMIT`
   * (the database is down: the backlog is then read from disk).
   */
  private tailLines: string[] = [];
  private tailSegs: number[] = [];
  private tailEnds: number[] = [];
  private tailHead = 0;
  private tailBaseSeq: number | undefined;
  private lastAckSync = 0;

  private constructor(
    readonly dir: string,
    private readonly options: DurableQueueOptions,
  ) {
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.segmentBytes = options.segmentBytes ?? Math.max(64 * 1024, Math.min(16 * 1024 * 1024, Math.floor(this.maxBytes / 8)));
  }

  /** Opens (or creates) the queue in `dir`, repairing a torn tail. */
  static async open(dir: string, options: DurableQueueOptions = {}): Promise<{ queue: DurableQueue; recovery: QueueRecovery }> {
    await mkdir(dir, { recursive: true });
    const q = new DurableQueue(dir, options);
    const recovery = await q.recover();
    return { queue: q, recovery };
  }

  /** Readings waiting to be shipped. */
  get depth(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n + this.pendingLines.length;
  }

  /** How many records were acknowledged (or dropped) since the queue was opened: the sequence number of the next one to ship. */
  get ackedCount(): number {
    return this.ackSeq;
  }

  /** Bytes on disk. */
  get bytes(): number {
    let n = 0;
    for (const s of this.sizes.values()) n += s;
    return n;
  }

  /** Appends lines (no newline inside) and resolves once they are fsynced. */
  append(lines: readonly string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`queue ${this.dir} is closed`));
    if (lines.length === 0) return Promise.resolve();
    for (const l of lines) this.pendingLines.push(l);
    const done = new Promise<void>((resolve, reject) => this.pendingWaiters.push({ resolve, reject }));
    if (!this.writing) this.writing = this.writeLoop();
    return done;
  }

  /** Waits until everything appended so far is on disk. */
  async sync(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /**
   * Up to `max` records from the acknowledged position, or from the end of `after` (a batch
   * still being shipped). Resolves at once with what is there, or waits (up to `waitMs`)
   * for an append when there is nothing.
   */
  async peek(max: number, waitMs = 0, after?: QueueBatch): Promise<QueueBatch> {
    const startSeq = after ? after.endSeq : this.ackSeq;
    if (startSeq >= this.nextSeq && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, waitMs);
        const self = this;
        function done(): void {
          clearTimeout(t);
          self.waiters.delete(done);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    if (this.tailBaseSeq !== undefined) {
      const index = startSeq - this.tailBaseSeq;
      if (index >= this.tailHead && index < this.tailLines.length) {
        const end = Math.min(this.tailLines.length, index + max);
        return {
          lines: this.tailLines.slice(index, end),
          end: { segment: this.tailSegs[end - 1]!, offset: this.tailEnds[end - 1]! },
          endSeq: startSeq + (end - index),
        };
      }
    }
    const lines: string[] = [];
    let pos = after ? { ...after.end } : { ...this.ackPos };
    const segments = [...this.sizes.keys()].sort((a, b) => a - b).filter((s) => s >= pos.segment);
    for (const seg of segments) {
      if (lines.length >= max) break;
      if (seg > pos.segment) pos = { segment: seg, offset: 0 };
      const size = this.sizes.get(seg) ?? 0;
      if (pos.offset >= size) continue;
      const fh = await open(join(this.dir, segName(seg)), 'r');
      try {
        let offset = pos.offset;
        const chunk = 1 << 20;
        let carry = '';
        let carryStart = offset;
        const decoder = new StringDecoder('utf8');
        while (offset < size && lines.length < max) {
          const len = Math.min(chunk, size - offset);
          const buf = Buffer.allocUnsafe(len);
          const { bytesRead } = await fh.read(buf, 0, len, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          const text = carry + decoder.write(bytesRead === len ? buf : buf.subarray(0, bytesRead));
          let start = 0;
          for (;;) {
            const nl = text.indexOf('\n', start);
            if (nl < 0 || lines.length >= max) break;
            const record = text.slice(start, nl);
            lines.push(record.slice(9));
            carryStart += Buffer.byteLength(record, 'utf8') + 1;
            start = nl + 1;
          }
          carry = text.slice(start);
          if (lines.length >= max) break;
        }
        pos = { segment: seg, offset: carryStart };
      } finally {
        await fh.close();
      }
    }
    return { lines, end: pos, endSeq: startSeq + lines.length };
  }

  /** Marks everything before `end` as shipped; deletes fully shipped segments. */
  async ack(end: QueuePosition, count: number): Promise<void> {
    this.ackSeq += count;
    this.advanceTail();
    let remaining = count;
    for (const seg of [...this.counts.keys()].sort((a, b) => a - b)) {
      if (seg > end.segment || remaining <= 0) break;
      const c = this.counts.get(seg) ?? 0;
      const take = Math.min(c, remaining);
      this.counts.set(seg, c - take);
      remaining -= take;
    }
    this.ackPos = { ...end };
    await this.writeAck();
    for (const seg of [...this.sizes.keys()]) {
      const fullyShipped = seg < end.segment || (seg === end.segment && end.offset >= (this.sizes.get(seg) ?? 0));
      if (fullyShipped && seg !== this.writeSegment) {
        await unlink(join(this.dir, segName(seg))).catch(() => {});
        this.sizes.delete(seg);
        this.counts.delete(seg);
      }
    }
  }

  /** Flushes pending appends and closes the files. */
  async close(): Promise<void> {
    await this.sync();
    if (!this.closed) await this.writeAck(true).catch(() => {});
    this.closed = true;
    for (const w of this.waiters) w();
    await this.writeHandle?.close();
    this.writeHandle = undefined;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.pendingLines.length > 0) {
        const lines = this.pendingLines;
        const waiters = this.pendingWaiters;
        this.pendingLines = [];
        this.pendingWaiters = [];
        try {
          await this.writeRecords(lines);
          for (const w of waiters) w.resolve();
        } catch (e) {
          for (const w of waiters) w.reject(e);
        }
        for (const w of [...this.waiters]) w();
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async writeRecords(lines: string[]): Promise<void> {
    if (this.needRotate || !this.writeHandle || this.writeOffset >= this.segmentBytes) await this.rotate();
    let text = '';
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]!;
      if (line.includes('\n')) lines[i] = line = line.replace(/\n/g, '\\n');
      text += `${hex8(crc32(line))} ${line}\n`;
    }
    const buf = Buffer.from(text, 'utf8');
    // Where each record ends, for the in-memory copy: from string lengths when the batch is
    // ASCII (the usual case), else by finding the newlines in the bytes.
    const ends = new Array<number>(lines.length);
    if (buf.length === text.length) {
      let offset = this.writeOffset;
      for (let i = 0; i < lines.length; i++) ends[i] = offset += lines[i]!.length + 10;
    } else {
      let at = 0;
      for (let i = 0; i < lines.length; i++) {
        at = buf.indexOf(0x0a, at) + 1;
        ends[i] = this.writeOffset + at;
      }
    }
    await this.writeHandle!.write(buf, 0, buf.length, this.writeOffset);
    await this.writeHandle!.datasync();
    this.writeOffset += buf.length;
    this.sizes.set(this.writeSegment, this.writeOffset);
    this.counts.set(this.writeSegment, (this.counts.get(this.writeSegment) ?? 0) + lines.length);
    this.rememberTail(lines, ends);
    this.nextSeq += lines.length;
    await this.enforceBound();
  }

  /** Keeps just-written records in memory while the reader keeps up (see `tailLines`). */
  private rememberTail(lines: string[], ends: number[]): void {
    if (this.tailBaseSeq === undefined) {
      if (this.ackSeq !== this.nextSeq) return; // a backlog on disk: the reader reads it from there
      this.tailBaseSeq = this.nextSeq;
      this.tailHead = 0;
    }
    if (this.tailLines.length - this.tailHead + lines.length > TAIL_LIMIT) {
      this.dropTail();
      return;
    }
    for (let i = 0; i < lines.length; i++) {
      this.tailLines.push(lines[i]!);
      this.tailSegs.push(this.writeSegment);
      this.tailEnds.push(ends[i]!);
    }
  }

  private advanceTail(): void {
    if (this.tailBaseSeq === undefined) return;
    const head = this.ackSeq - this.tailBaseSeq;
    if (head > this.tailLines.length || head < 0) {
      this.dropTail();
      return;
    }
    this.tailHead = head;
    if (this.tailHead >= 4096 && this.tailHead * 2 >= this.tailLines.length) {
      this.tailLines = this.tailLines.slice(this.tailHead);
      this.tailSegs = this.tailSegs.slice(this.tailHead);
      this.tailEnds = this.tailEnds.slice(this.tailHead);
      this.tailBaseSeq += this.tailHead;
      this.tailHead = 0;
    }
  }

  private dropTail(): void {
    this.tailLines = [];
    this.tailSegs = [];
    this.tailEnds = [];
    this.tailHead = 0;
    this.tailBaseSeq = undefined;
  }

  private async rotate(): Promise<void> {
    await this.writeHandle?.close();
    this.writeSegment += 1;
    this.writeOffset = 0;
    this.needRotate = false;
    this.writeHandle = await open(join(this.dir, segName(this.writeSegment)), 'w');
    this.sizes.set(this.writeSegment, 0);
    this.counts.set(this.writeSegment, 0);
    // Make the new file's directory entry durable.
    const dh = await open(this.dir, 'r');
    await dh.sync().catch(() => {});
    await dh.close();
  }

  private async enforceBound(): Promise<void> {
    while (this.bytes > this.maxBytes && this.sizes.size > 1) {
      const oldest = Math.min(...this.sizes.keys());
      if (oldest === this.writeSegment) break;
      const dropped = this.counts.get(oldest) ?? 0;
      await unlink(join(this.dir, segName(oldest))).catch(() => {});
      this.sizes.delete(oldest);
      this.counts.delete(oldest);
      if (this.ackPos.segment <= oldest) {
        this.ackPos = { segment: oldest + 1, offset: 0 };
        await this.writeAck(true);
      }
      this.ackSeq += dropped;
      this.dropTail();
      this.options.onOverflow?.(dropped, segName(oldest));
    }
  }

  /**
   * Replaces the `ack` file atomically (temp file + rename). It is fsynced at most once a
   * second (and on close): a power cut may then lose the last second of acknowledgements,
   * which only means those readings are sent again, and InfluxDB keeps one point per series
   * and timestamp. A process crash loses nothing (the rename is in the page cache).
   */
  private async writeAck(forceSync = false): Promise<void> {
    const tmp = join(this.dir, 'ack.tmp');
    const fh = await open(tmp, 'w');
    const now = Date.now();
    try {
      await fh.writeFile(`${this.ackPos.segment} ${this.ackPos.offset}\n`);
      if (forceSync || now - this.lastAckSync >= 1000) {
        await fh.sync();
        this.lastAckSync = now;
      }
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, 'ack'));
  }

  private async recover(): Promise<QueueRecovery> {
    const cut: QueueRecovery['cut'] = [];
    try {
      const [s, o] = (await readFile(join(this.dir, 'ack'), 'utf8')).trim().split(' ').map(Number);
      if (Number.isSafeInteger(s) && Number.isSafeInteger(o)) this.ackPos = { segment: s!, offset: o! };
    } catch {
      /* no ack file yet: nothing shipped */
    }
    const segments = (await readdir(this.dir))
      .map((f) => SEGMENT.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const seg of segments) {
      const path = join(this.dir, segName(seg));
      if (seg < this.ackPos.segment) {
        await unlink(path).catch(() => {});
        continue;
      }
      const data = await readFile(path);
      const from = seg === this.ackPos.segment ? Math.min(this.ackPos.offset, data.length) : 0;
      const { validEnd, count } = verify(data, from);
      if (validEnd < data.length) {
        cut.push({ segment: path, offset: validEnd, bytes: data.length - validEnd });
        const fh = await open(path, 'r+');
        await fh.truncate(validEnd);
        await fh.sync();
        await fh.close();
      }
      this.sizes.set(seg, validEnd);
      this.counts.set(seg, count);
    }
    if (this.ackPos.segment > 0 && !this.sizes.has(this.ackPos.segment)) {
      // The acked segment was deleted: everything before the next one is shipped.
      const next = [...this.sizes.keys()].find((s) => s > this.ackPos.segment);
      this.ackPos = next === undefined ? { segment: this.ackPos.segment, offset: 0 } : { segment: next, offset: 0 };
    }
    // New appends always go to a new segment, never after a repaired tail.
    this.writeSegment = Math.max(this.ackPos.segment, ...this.sizes.keys(), 0);
    this.needRotate = true;
    let pending = 0;
    for (const c of this.counts.values()) pending += c;
    this.nextSeq = pending;
    return { pending, cut };
  }
}

/** Checks records from `from`; returns where the valid data ends and how many records it holds. */
function verify(data: Buffer, from: number): { validEnd: number; count: number } {
  let pos = from;
  let count = 0;
  while (pos < data.length) {
    const nl = data.indexOf(0x0a, pos);
    if (nl < 0) break; // torn: no newline
    if (nl - pos < 9 || data[pos + 8] !== 0x20) break;
    const crcHex = data.toString('latin1', pos, pos + 8);
    const payload = data.toString('utf8', pos + 9, nl);
    if (!/^[0-9a-f]{8}$/.test(crcHex) || crc32(payload) !== parseInt(crcHex, 16)) break;
    count++;
    pos = nl + 1;
  }
  return { validEnd: pos, count };
}
