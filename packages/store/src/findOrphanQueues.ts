import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DurableQueue } from './DurableQueue.js';
import { readLegacyQueue } from './LegacyQueue.js';
import { readQueueMeta } from './QueueMeta.js';

/** A local log in the data dir for a destination that is not configured now. */
export interface OrphanQueue {
  /** The folder name (destination id). */
  id: string;
  dir: string;
  /** The destination in words, from its `meta` file (credentials redacted), or why it is unknown. */
  destination: string;
  /** Readings waiting in it (undefined when it can't be read). */
  waiting: number | undefined;
  /** For a local log of expmon 0.1 that was not migrated: why, and what to do. */
  note?: string;
}

/**
 * The local logs under `<dataDir>/queue/` whose id is not in `configured`: what waits for a
 * database the config no longer names. They are reported and kept, never shipped to
 * another destination. A local log of expmon 0.1 (see `readLegacyQueue`) is reported with its
 * waiting readings and `legacyNotes[id]` (why it was not migrated), if given.
 *
 * @example
 * for (const o of await findOrphanQueues('./expmon-data', new Set(['influx-v1-5c1e0b7d2a9f']))) console.log(o.destination, o.waiting);
 */
export async function findOrphanQueues(dataDir: string, configured: ReadonlySet<string>, legacyNotes: ReadonlyMap<string, string> = new Map()): Promise<OrphanQueue[]> {
  let names: string[];
  try {
    names = (await readdir(join(dataDir, 'queue'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const out: OrphanQueue[] = [];
  for (const id of names.filter((n) => !configured.has(n)).sort()) {
    const dir = join(dataDir, 'queue', id);
    const meta = await readQueueMeta(dir);
    if (!meta) {
      const legacy = await readLegacyQueue(dir).catch(() => undefined);
      if (legacy) {
        out.push({
          id,
          dir,
          destination: `a ${legacy.sinkType} destination of expmon 0.1 (which one was not recorded)`,
          waiting: legacy.waiting,
          note: legacyNotes.get(id) ?? `expmon 0.1 local log (sink type ${legacy.sinkType}): start with a config naming exactly one ${legacy.sinkType} destination to import it`,
        });
        continue;
      }
      out.push({ id, dir, destination: 'unknown (no meta file, and not readable as a local log of expmon 0.1)', waiting: undefined });
      continue;
    }
    let waiting: number | undefined;
    try {
      const { queue } = await DurableQueue.open(dir);
      waiting = queue.depth;
      await queue.close();
    } catch {
      waiting = undefined;
    }
    out.push({ id, dir, destination: meta.destination, waiting });
  }
  return out;
}
