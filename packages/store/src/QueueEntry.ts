/**
 * One frame of a durable queue as the queue tracks it in memory: where it is on disk (once
 * written), its payload while it is in memory, and its state.
 *
 * @example
 * const batch = await queue.read(queue.ackedSeq, 5000);
 * batch.entries.map((e) => `${e.seq}+${e.count} ${e.state}`);
 */
export interface QueueEntry {
  /** Sequence number of the first reading. */
  seq: number;
  /** Readings in the frame. */
  count: number;
  /** Bytes of the frame on disk (0 before it is written). */
  size: number;
  /** Segment number (-1 before it is written). */
  segment: number;
  offset: number;
  /** The line protocol, while in memory. */
  payload: Buffer | undefined;
  state: 'unwritten' | 'writing' | 'written' | 'acked' | 'lost';
  /** Why a lost frame was lost. */
  lostTo?: 'sizeBound' | 'diskFull' | 'damaged';
}
