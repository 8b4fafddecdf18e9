import type { Logger } from 'pino';
import { Store, totalDropped, type OrphanQueue, type StoreCounts } from '@expmon/store';
import type { ResolvedConfig } from './config/loadConfig.js';
import type { NamedSink } from './config/resolveSinks.js';

/** What `expmon-runner flush` did. */
export interface FlushResult {
  /** Readings still waiting for the configured destinations. */
  waiting: number;
  counts: StoreCounts;
  /** Local logs of destinations the config does not name (not shipped; named so that a user can act). */
  orphans: OrphanQueue[];
}

/**
 * Ships what waits in every destination's local log, without starting any source
 * (`expmon-runner flush`), under the data dir's lock. Queues of destinations the config no
 * longer names are listed, never shipped elsewhere.
 *
 * @example
 * const { waiting, orphans } = await flushQueues(config, resolveSinks(config), log, 30_000);
 */
export async function flushQueues(config: ResolvedConfig, sinks: NamedSink[], log: Logger, timeoutMs: number): Promise<FlushResult> {
  const deadline = Date.now() + timeoutMs;
  const store = await Store.open({
    dataDir: config.dataDir,
    sinks: sinks.map((s) => s.sink),
    log,
    maxQueueBytes: config.maxQueueBytes,
    batchSize: config.batchSize,
    ship: false,
  });
  for (const d of store.destinations) log.info({ sink: d.sink.description, queue: d.id, waiting: d.queue.depth }, 'flushing the local log');
  let waiting = 0;
  try {
    waiting = await store.drain(deadline, { untilDeadline: true });
  } finally {
    await store.close(0);
  }
  const counts = store.counts();
  if (totalDropped(counts) > 0) log.warn({ dropped: counts.dropped }, 'readings dropped while flushing');
  return { waiting, counts, orphans: store.orphans };
}
