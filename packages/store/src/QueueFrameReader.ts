import { open } from 'node:fs/promises';
import type { FaultLog } from './FaultLog.js';
import { FRAME_HEADER_BYTES } from './Frame.js';
import { joinLines } from './joinLines.js';
import type { QueueEntry } from './QueueEntry.js';
import { scanSegment } from './scanSegment.js';
import { SegmentFiles } from './SegmentFiles.js';

const segName = SegmentFiles.nameOf;

/**
 * Reads a durable queue's frames back from its segment files (when they are no longer in
 * memory): pins the segment for the read, checks every frame again (resync after a bad one,
 * as at start) and marks frames damaged since start as lost, telling `onDamaged` how many
 * readings they held (counted once).
 *
 * @example
 * const reader = new QueueFrameReader(segments, faults, (n) => (drops.damaged += n));
 * const payloads = await reader.read(adjacentEntriesOfOneSegment); // undefined for a lost frame
 */
export class QueueFrameReader {
  constructor(
    private readonly segments: SegmentFiles,
    private readonly faults: FaultLog,
    private readonly onDamaged: (readings: number) => void,
  ) {}

  /** The payload of each entry, from memory or (adjacent frames of one segment in one read) from disk; undefined for a frame found lost. */
  async payloadsOf(picked: QueueEntry[]): Promise<Array<Buffer | undefined>> {
    const aligned: Array<Buffer | undefined> = [];
    for (let i = 0; i < picked.length; ) {
      const e = picked[i]!;
      if (e.payload) {
        aligned.push(e.payload);
        i++;
        continue;
      }
      // Consecutive frames of one segment: one read.
      let j = i + 1;
      while (j < picked.length && !picked[j]!.payload && picked[j]!.segment === e.segment && picked[j]!.offset === picked[j - 1]!.offset + picked[j - 1]!.size) j++;
      aligned.push(...(await this.read(picked.slice(i, j))));
      i = j;
    }
    return aligned;
  }

  /** Reads frames of one segment from disk; a frame that no longer checks out is marked lost. */
  async read(frames: QueueEntry[]): Promise<Array<Buffer | undefined>> {
    const segNo = frames[0]!.segment;
    const start = frames[0]!.offset;
    const end = frames.at(-1)!.offset + frames.at(-1)!.size;
    const out: Array<Buffer | undefined> = [];
    const markLost = (e: QueueEntry, why: unknown): void => {
      if (e.state === 'lost') return;
      e.state = 'lost';
      e.lostTo = 'damaged';
      this.onDamaged(e.count);
      this.faults.failed('read', why, { segment: segName(segNo), offset: e.offset, readings: e.count });
    };
    const release = this.segments.pin(segNo);
    if (!release) {
      for (const e of frames) markLost(e, new Error('segment is gone'));
      return frames.map(() => undefined);
    }
    try {
      const fh = await open(this.segments.path(segNo), 'r');
      try {
        const buf = Buffer.allocUnsafe(end - start);
        const { bytesRead } = await fh.read(buf, 0, buf.length, start);
        for (const e of frames) out.push(e.offset - start + e.size <= bytesRead ? this.checkRun(e, buf.subarray(e.offset - start, e.offset - start + e.size), markLost) : (markLost(e, new Error(`frames at ${e.offset} are cut short`)), undefined));
        this.faults.ok('read');
      } finally {
        await fh.close();
      }
    } catch (e) {
      // Unreadable now (EIO, EMFILE...): the frames stay queued and are read again next time.
      this.faults.failed('read', e, { segment: segName(segNo) });
      throw e;
    } finally {
      await release();
    }
    return out;
  }

  /**
   * The payload of a run read back from disk: its frames checked one by one (resync after a
   * bad one, as at start); readings of frames damaged since start are counted once.
   */
  private checkRun(e: QueueEntry, bytes: Buffer, markLost: (e: QueueEntry, why: unknown) => void): Buffer | undefined {
    const { frames, damaged } = scanSegment(bytes);
    const good = frames.filter((f) => f.seq >= e.seq && f.seq + f.count <= e.seq + e.span);
    const readings = good.reduce((n, f) => n + f.count, 0);
    if (readings === 0) {
      markLost(e, new Error(`frames at ${e.offset} no longer check out (damaged after start)`));
      return undefined;
    }
    if (!e.checked && readings < e.count) {
      const lost = e.count - readings;
      this.onDamaged(lost);
      e.count = readings;
      this.faults.failed('read', new Error(`${damaged.length} damaged region(s) in frames at ${e.offset}`), { segment: segName(e.segment), offset: e.offset, readingsLost: lost });
    }
    e.checked = true;
    const payloads = good.map((f) => bytes.subarray(f.offset + FRAME_HEADER_BYTES, f.offset + f.size));
    return payloads.length === 1 ? payloads[0]! : joinLines(payloads);
  }
}
