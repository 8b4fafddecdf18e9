import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FaultLog } from './FaultLog.js';

/** What is known of one segment file. */
export interface SegmentInfo {
  size: number;
  /** Sequence number after the last reading written to it. */
  endSeq: number;
  /** Readers reading it now. */
  pins: number;
  /** Shipped or dropped: unlinked as soon as no reader holds it. */
  retired: boolean;
}

/**
 * The one owner of a queue's segment files and their lifetimes. A segment is unlinked only
 * when it is retired (fully shipped, or dropped by the size bound) AND no reader has it
 * pinned; a reader pins a segment synchronously before it opens the file. So a drop of the
 * oldest segment can never pull a file from under a read (the ENOENT of issue 9).
 *
 * @example
 * const files = new SegmentFiles(dir, faults);
 * const release = files.pin(3);           // before open()
 * try { await read(files.path(3)); } finally { await release(); }
 */
export class SegmentFiles {
  private readonly segments = new Map<number, SegmentInfo>();

  constructor(
    readonly dir: string,
    private readonly faults: FaultLog,
  ) {}

  /** The file name of segment `n` (`000000000042.log`). */
  static nameOf(n: number): string {
    return `${String(n).padStart(12, '0')}.log`;
  }

  path(n: number): string {
    return join(this.dir, SegmentFiles.nameOf(n));
  }

  add(n: number, size: number, endSeq: number): void {
    this.segments.set(n, { size, endSeq, pins: 0, retired: false });
  }

  get(n: number): SegmentInfo | undefined {
    return this.segments.get(n);
  }

  /** Bytes of the segments not retired. */
  get bytes(): number {
    let n = 0;
    for (const s of this.segments.values()) if (!s.retired) n += s.size;
    return n;
  }

  /** The oldest segment not retired, other than `except` (the one being written). */
  oldestLive(except: number): number | undefined {
    let oldest: number | undefined;
    for (const [n, s] of this.segments) if (!s.retired && n !== except && (oldest === undefined || n < oldest)) oldest = n;
    return oldest;
  }

  /** Segments not retired whose readings all come before `seq`, other than `except`. */
  shippedBefore(seq: number, except: number): number[] {
    const out: number[] = [];
    for (const [n, s] of this.segments) if (!s.retired && n !== except && s.endSeq <= seq) out.push(n);
    return out;
  }

  /** Holds segment `n` open for a reader; undefined when it is gone. Call the result when done. */
  pin(n: number): (() => Promise<void>) | undefined {
    const s = this.segments.get(n);
    if (!s) return undefined;
    s.pins++;
    return async () => {
      s.pins--;
      if (s.retired && s.pins === 0) await this.unlinkNow(n);
    };
  }

  /** Marks segment `n` shipped or dropped; unlinks it now, or when its last reader is done. */
  async retire(n: number): Promise<void> {
    const s = this.segments.get(n);
    if (!s) return;
    s.retired = true;
    if (s.pins === 0) await this.unlinkNow(n);
  }

  private async unlinkNow(n: number): Promise<void> {
    const s = this.segments.get(n);
    if (!s || s.pins > 0) return;
    this.segments.delete(n);
    try {
      await unlink(this.path(n));
      this.faults.ok('delete');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.faults.failed('delete', e, { segment: SegmentFiles.nameOf(n) });
    }
  }
}
