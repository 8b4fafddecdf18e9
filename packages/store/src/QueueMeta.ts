import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The `meta` file of a queue folder: which destination its readings are for, in words. */
export interface QueueMeta {
  /** The sink's destination id (the folder name). */
  id: string;
  /** The sink's description, credentials redacted (`influx-v1 http://127.0.0.1:8086 db=lab`). */
  destination: string;
  /** When the folder was created (ISO). */
  created: string;
}

/**
 * Reads a queue folder's `meta` file; undefined when there is none (a folder of an older
 * version) or it is unreadable.
 *
 * @example
 * const meta = await readQueueMeta('./expmon-data/queue/influx-v1-5c1e0b7d2a9f');
 */
export async function readQueueMeta(dir: string): Promise<QueueMeta | undefined> {
  try {
    const m = JSON.parse(await readFile(join(dir, 'meta'), 'utf8')) as QueueMeta;
    return typeof m.destination === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes a queue folder's `meta` file unless it exists (best effort: a full disk must not
 * stop the store; the id is in the folder name anyway).
 *
 * @example
 * await writeQueueMeta(dir, { id, destination: sink.description, created: new Date().toISOString() });
 */
export async function writeQueueMeta(dir: string, meta: QueueMeta): Promise<void> {
  if (await readQueueMeta(dir)) return;
  await writeFile(join(dir, 'meta'), `${JSON.stringify(meta, null, 2)}\n`).catch(() => {});
}
