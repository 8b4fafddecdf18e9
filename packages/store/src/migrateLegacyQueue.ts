import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DurableQueue } from './DurableQueue.js';
import type { StoreLogger } from './FaultLog.js';
import { readLegacyLines, readLegacyQueue, type LegacyQueue } from './LegacyQueue.js';

/** Where a 0.1 local log goes: the destination id to import it into, or why it is kept. */
export type LegacyQueuePlan = { legacy: LegacyQueue; into: string; reason?: undefined } | { legacy: LegacyQueue; into?: undefined; reason: string };

/**
 * The local logs of expmon 0.1 under `<dataDir>/queue/` (see {@link readLegacyQueue}).
 *
 * @example
 * for (const old of await findLegacyQueues('./expmon-data')) console.log(old.id, old.waiting);
 */
export async function findLegacyQueues(dataDir: string): Promise<LegacyQueue[]> {
  let names: string[];
  try {
    names = (await readdir(join(dataDir, 'queue'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const out: LegacyQueue[] = [];
  for (const name of names.sort()) {
    // An unreadable folder is not guessed at: it is reported as an orphan of unknown destination.
    const legacy = await readLegacyQueue(join(dataDir, 'queue', name)).catch(() => undefined);
    if (legacy) out.push(legacy);
  }
  return out;
}

/**
 * Decides where each 0.1 local log goes. 0.1 named a queue after the sink type only, so its
 * readings are imported only when that is unambiguous: exactly one configured destination
 * has the sink type AND exactly one 0.1 folder has it. Otherwise the folder is kept and the
 * reason says what to do (never ship readings to a database they may not be for).
 *
 * @example
 * planLegacyQueues(legacy, [{ id: 'influx-v1-5c1e0b7d2a9f', type: 'influx-v1' }]);
 * // [{ legacy, into: 'influx-v1-5c1e0b7d2a9f' }]
 */
export function planLegacyQueues(legacy: readonly LegacyQueue[], destinations: ReadonlyArray<{ id: string; type: string }>): LegacyQueuePlan[] {
  return legacy.map((l): LegacyQueuePlan => {
    const targets = destinations.filter((d) => d.type === l.sinkType);
    const sameType = legacy.filter((o) => o.sinkType === l.sinkType);
    if (targets.length === 1 && sameType.length === 1) return { legacy: l, into: targets[0]!.id };
    const action = `run 'expmon-runner flush' with a config naming exactly one ${l.sinkType} destination (the database these readings were for) to import and ship them, or move the folder away`;
    if (targets.length === 0) return { legacy: l, reason: `expmon 0.1 local log (sink type ${l.sinkType}); this config has no ${l.sinkType} destination: ${action}` };
    if (targets.length > 1) return { legacy: l, reason: `expmon 0.1 local log (sink type ${l.sinkType}); this config has ${targets.length} ${l.sinkType} destinations and 0.1 did not record which database it was for: ${action}` };
    return {
      legacy: l,
      reason: `expmon 0.1 local log (sink type ${l.sinkType}); ${sameType.length} such 0.1 logs (${sameType.map((o) => o.id).join(', ')}) and 0.1 did not record which database each was for: ${action}`,
    };
  });
}

/**
 * Imports a 0.1 local log's waiting readings into `queue`, in batches of `batchSize`, each
 * waited for until fsynced (so that the queue's memory bound never drops any), then deletes
 * the 0.1 files. When the new log can't be written the import stops and the 0.1 folder is
 * kept (the next start imports it again; InfluxDB keeps one point per series and time).
 * Returns how many readings were imported.
 *
 * @example
 * const n = await importLegacyQueue(old, destination.queue, log, 'influx-v1 http://127.0.0.1:8086 db=lab');
 */
export async function importLegacyQueue(legacy: LegacyQueue, queue: DurableQueue, log: StoreLogger, destination: string, batchSize = 5000): Promise<number> {
  let imported = 0;
  try {
    for await (const lines of readLegacyLines(legacy, batchSize)) {
      queue.appendLines(lines);
      imported += lines.length;
      await queue.sync();
      if (queue.diskFailing) throw new Error('the new local log refuses writes (see the fault logged for it)');
    }
  } catch (e) {
    log.error(
      { queue: legacy.dir, destination, imported, waiting: legacy.waiting, err: (e as Error).message },
      'expmon 0.1 local log: import stopped; the 0.1 folder is kept and imported again at the next start',
    );
    return imported;
  }
  for (const f of legacy.files) await unlink(join(legacy.dir, f)).catch(() => {});
  const removed = await rmdir(legacy.dir).then(
    () => true,
    () => false,
  );
  log.info(
    { queue: legacy.dir, into: queue.dir, destination, imported, damagedBytesSkipped: legacy.damagedBytes, oldFolderRemoved: removed },
    `expmon 0.1 local log migrated: ${imported} waiting readings imported into the local log of ${destination}`,
  );
  return imported;
}
