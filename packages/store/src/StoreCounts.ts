/**
 * Counts that add up, per destination: `fromEarlierRun + produced = shipped + deadLettered +
 * waiting + dropped.sizeBound + dropped.diskFull + dropped.damaged` (damage found at start
 * is reported apart, see `QueueRecovery`).
 *
 * @example
 * const c = store.counts();
 * const allStored = c.waiting === 0 && c.deadLettered === 0 && totalDropped(c) === 0;
 */
export interface StoreCounts {
  /** Readings appended in this process. */
  produced: number;
  /** Readings found waiting at start. */
  fromEarlierRun: number;
  /** Acknowledged by the database. */
  shipped: number;
  /** Refused by the database; in the dead-letter file. */
  deadLettered: number;
  /** In the local log (or in memory on a full disk), not shipped yet. */
  waiting: number;
  dropped: { sizeBound: number; diskFull: number; damaged: number };
}

/**
 * All readings dropped, whatever the cause.
 *
 * @example
 * if (totalDropped(store.counts()) > 0) console.warn('some readings were lost');
 */
export function totalDropped(c: Pick<StoreCounts, 'dropped'>): number {
  return c.dropped.sizeBound + c.dropped.diskFull + c.dropped.damaged;
}

/**
 * The counts of several destinations summed.
 *
 * @example
 * sumCounts(store.counts().perDestination);
 */
export function sumCounts(list: readonly StoreCounts[]): StoreCounts {
  const sum: StoreCounts = { produced: 0, fromEarlierRun: 0, shipped: 0, deadLettered: 0, waiting: 0, dropped: { sizeBound: 0, diskFull: 0, damaged: 0 } };
  for (const c of list) {
    sum.produced += c.produced;
    sum.fromEarlierRun += c.fromEarlierRun;
    sum.shipped += c.shipped;
    sum.deadLettered += c.deadLettered;
    sum.waiting += c.waiting;
    sum.dropped.sizeBound += c.dropped.sizeBound;
    sum.dropped.diskFull += c.dropped.diskFull;
    sum.dropped.damaged += c.dropped.damaged;
  }
  return sum;
}
