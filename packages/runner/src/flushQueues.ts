import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ResolvedConfig } from './config/loadConfig.js';
import type { NamedSink } from './config/resolveSinks.js';
import { DeadLetterFile } from './DeadLetterFile.js';
import { DurableQueue } from './queue/DurableQueue.js';
import { Shipper } from './Shipper.js';

/**
 * Ships what waits in every sink's local log, without starting any source
 * (`expmon-runner flush`). Resolves with how many readings still wait after `timeoutMs`.
 */
export async function flushQueues(config: ResolvedConfig, sinks: NamedSink[], log: Logger, timeoutMs: number): Promise<number> {
  let waiting = 0;
  const deadline = Date.now() + timeoutMs;
  for (const { sink, queueId } of sinks) {
    const { queue, recovery } = await DurableQueue.open(join(config.dataDir, 'queue', queueId), { maxBytes: config.maxQueueBytes });
    for (const c of recovery.cut) log.warn({ sink: sink.description, ...c }, 'local log had a torn or corrupt tail; cut it off');
    log.info({ sink: sink.description, waiting: recovery.pending }, 'flushing the local log');
    const shipper = new Shipper(queue, sink, new DeadLetterFile(join(config.dataDir, 'dead-letter', `${queueId}.lp`)), log, {
      batchSize: config.batchSize,
    });
    waiting += await shipper.drain(deadline, { untilDeadline: true });
    await queue.close();
    await sink.close();
  }
  return waiting;
}
