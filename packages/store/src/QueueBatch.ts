import type { QueueEntry } from './QueueEntry.js';

/**
 * A batch read from a durable queue, to be acknowledged (`queue.ack(batch)`) after the database took it.
 *
 * @example
 * const batch: QueueBatch = await queue.read(queue.ackedSeq, 5000);
 * await post(batch.payload);
 * await queue.ack(batch);
 */
export interface QueueBatch {
  entries: QueueEntry[];
  /** The payload of each entry. */
  parts: Buffer[];
  /** The readings of the batch as line protocol, LF-separated. */
  payload: Buffer;
  /** Readings in the batch. */
  count: number;
  /** Sequence number after the last reading (where the next read starts). */
  endSeq: number;
}
