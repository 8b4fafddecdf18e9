/**
 * Readings a durable queue lost, by cause (they add up with shipped and waiting to what was appended).
 *
 * @example
 * const { sizeBound, diskFull, damaged } = queue.drops;
 */
export interface QueueDrops {
  /** Dropped because the files reached `maxBytes` (the database was unreachable for long). */
  sizeBound: number;
  /** Lost because the disk refused writes and the memory bound was reached, or they were still in memory at close. */
  diskFull: number;
  /** Frames found damaged when read back after start (damage found at start is in `QueueRecovery`). */
  damaged: number;
}
