/**
 * One frame of a durable queue as the queue tracks it in memory, or a run of adjacent
 * frames on disk (so that a long outage costs memory per run of up to a batch of readings,
 * not per frame): where it is on disk (once written), its payload while it is in memory,
 * and its state.
 *
 * @example
 * const batch = await queue.read(queue.ackedSeq, 5000);
 * batch.entries.map((e) => `${e.seq}+${e.count} ${e.state}`);
 */
export interface QueueEntry {
  /** Sequence number of the first reading. */
  seq: number;
  /** Readings in the frame(s) still to ship (below `span` when a frame was found damaged when read). */
  count: number;
  /** Sequence numbers covered: `seq` to `seq + span`. */
  span: number;
  /** Frames in the run (1 for a frame appended in this process and not yet merged). */
  frames: number;
  /** Bytes of the frame(s) on disk (0 before it is written). */
  size: number;
  /** Segment number (-1 before it is written). */
  segment: number;
  offset: number;
  /** The line protocol, while in memory. */
  payload: Buffer | undefined;
  state: 'unwritten' | 'writing' | 'written' | 'acked' | 'lost';
  /** Why a lost frame was lost. */
  lostTo?: 'sizeBound' | 'diskFull' | 'damaged';
  /** Set once the frames were read back and checked (damage inside is counted once). */
  checked?: boolean;
}
