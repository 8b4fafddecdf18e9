import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AckState } from './AckFile.js';
import type { QueueEntry } from './QueueEntry.js';
import { scanSegment } from './scanSegment.js';

/** What {@link DurableQueue.open} found on disk. */
export interface QueueRecovery {
  /** Readings waiting to be shipped (left from an earlier run). */
  pending: number;
  /**
   * Damaged or torn regions skipped: the segment file, the offset, the bytes, and the readings
   * they held when a later frame tells (by its sequence number); the readings after them are kept.
   */
  damaged: Array<{ segment: string; offset: number; bytes: number; readings?: number }>;
  /** Segment files of 0 bytes (their readings, when a later frame tells how many, are in `missing`). */
  empty: string[];
  /** Segment files that could not be read (kept on disk, skipped). */
  unreadable: Array<{ segment: string; error: string }>;
  /** Readings missing between frames that no damaged region accounts for (a segment emptied or deleted). */
  missing: number;
  /** Set when the ack file was damaged (a slot's CRC failed). */
  ackDamaged?: string;
}

/** The result of scanning a queue's folder. */
export interface RecoveredQueue {
  entries: QueueEntry[];
  segments: Map<number, { size: number; endSeq: number }>;
  ackSeq: number;
  nextSeq: number;
  lastSegment: number;
  /** Segments with nothing left to ship, or empty. */
  deletable: number[];
  recovery: QueueRecovery;
}

/**
 * Scans the segments of a queue folder after `ack`: every frame not yet acknowledged
 * becomes an entry (payload left on disk), damage is skipped and reported with the
 * readings it held, as far as the sequence numbers tell.
 *
 * @example
 * const r = await recoverQueue(dir, [{ number: 1, name: '000000000001.log' }], { seq: 0 });
 */
export async function recoverQueue(
  dir: string,
  segmentFiles: Array<{ number: number; name: string }>,
  ack: AckState,
  maxRunReadings = 5000,
): Promise<RecoveredQueue> {
  const recovery: QueueRecovery = { pending: 0, damaged: [], empty: [], unreadable: [], missing: 0 };
  if (ack.damaged) recovery.ackDamaged = ack.damaged;
  const entries: QueueEntry[] = [];
  const segments = new Map<number, { size: number; endSeq: number }>();
  const deletable: number[] = [];
  let expected = ack.seq;
  let nextSeq = ack.seq;
  /** The last damaged region, still waiting to learn how many readings it held. */
  let open: QueueRecovery['damaged'][number] | undefined;
  let lastSegment = 0;
  for (const { number, name } of segmentFiles) {
    lastSegment = Math.max(lastSegment, number);
    const path = join(dir, name);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (e) {
      recovery.unreadable.push({ segment: path, error: (e as Error).message });
      open = undefined;
      continue;
    }
    if (data.length === 0) {
      recovery.empty.push(path);
      deletable.push(number);
      continue;
    }
    const { frames, damaged } = scanSegment(data);
    let endSeq = 0;
    let d = 0;
    for (const f of frames) {
      while (d < damaged.length && damaged[d]!.offset < f.offset) {
        open = { segment: path, ...damaged[d]! };
        recovery.damaged.push(open);
        d++;
      }
      if (f.seq > expected) {
        const gap = f.seq - expected;
        if (open) open.readings = (open.readings ?? 0) + gap;
        else recovery.missing += gap;
      }
      open = undefined;
      expected = Math.max(expected, f.seq + f.count);
      nextSeq = Math.max(nextSeq, f.seq + f.count);
      endSeq = Math.max(endSeq, f.seq + f.count);
      if (f.seq + f.count <= ack.seq) continue; // shipped already
      recovery.pending += f.count;
      // Adjacent frames of one segment, in sequence, become one run (memory per run, not per frame).
      const prev = entries.at(-1);
      if (prev && prev.segment === number && prev.offset + prev.size === f.offset && prev.seq + prev.span === f.seq && prev.count + f.count <= maxRunReadings) {
        prev.count += f.count;
        prev.span += f.count;
        prev.size += f.size;
        prev.frames++;
        continue;
      }
      entries.push({ seq: f.seq, count: f.count, span: f.count, frames: 1, size: f.size, segment: number, offset: f.offset, payload: undefined, state: 'written' });
    }
    for (; d < damaged.length; d++) {
      open = { segment: path, ...damaged[d]! };
      recovery.damaged.push(open);
    }
    if (endSeq <= ack.seq) deletable.push(number);
    else segments.set(number, { size: data.length, endSeq });
  }
  entries.sort((a, b) => a.seq - b.seq);
  return { entries, segments, ackSeq: ack.seq, nextSeq, lastSegment, deletable, recovery };
}
