import type { QueueEntry } from './QueueEntry.js';

/**
 * The frames (and runs of frames) a durable queue tracks, in sequence order: `items` from
 * `head` on are not yet acknowledged (lost ones included until the head passes them).
 *
 * @example
 * const list = new QueueEntryList(recovered.entries);
 * const first = list.items[list.indexOf(queue.ackedSeq)];
 */
export class QueueEntryList {
  head = 0;

  constructor(public items: QueueEntry[]) {}

  /** Entries tracked (from the head on). */
  get tracked(): number {
    return this.items.length - this.head;
  }

  /** Index of the first entry from the head whose readings reach `seq` or beyond. */
  indexOf(seq: number): number {
    let lo = this.head;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.items[mid]!;
      if (e.seq + e.span <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The entries waiting to be shipped from `from` on, up to about `max` readings (whole entries; at least one). */
  pick(from: number, max: number): QueueEntry[] {
    const picked: QueueEntry[] = [];
    let count = 0;
    for (let i = this.indexOf(from); i < this.items.length && (count === 0 || count + this.items[i]!.count <= max); i++) {
      const e = this.items[i]!;
      if (e.state === 'lost' || e.state === 'acked') continue;
      picked.push(e);
      count += e.count;
    }
    return picked;
  }

  /** Merges a frame just written into the run before it, when no reader has reached either. */
  mergeIntoRun(e: QueueEntry, readHorizon: number, maxRunReadings: number): void {
    if (e.payload || e.state !== 'written' || e.seq < readHorizon) return;
    let i = this.items.length - 1;
    while (i > this.head && this.items[i] !== e) i--;
    const prev = this.items[i - 1];
    if (i <= this.head || !prev || this.items[i] !== e) return;
    if (prev.payload || prev.state !== 'written' || prev.seq < readHorizon || prev.checked) return;
    if (prev.segment !== e.segment || prev.offset + prev.size !== e.offset || prev.seq + prev.span !== e.seq) return;
    if (prev.count + e.count > maxRunReadings) return;
    prev.count += e.count;
    prev.span += e.span;
    prev.size += e.size;
    prev.frames += e.frames;
    this.items.splice(i, 1);
  }

  /** Moves the head past acknowledged and lost entries; returns the sequence number of the first one waiting (`nextSeq` when none). */
  advanceHead(nextSeq: number): number {
    while (this.head < this.items.length && (this.items[this.head]!.state === 'acked' || this.items[this.head]!.state === 'lost')) this.head++;
    const ackSeq = this.head < this.items.length ? this.items[this.head]!.seq : nextSeq;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return ackSeq;
  }
}
