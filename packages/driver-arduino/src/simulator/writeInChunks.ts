import { setTimeout as sleep } from 'node:timers/promises';

/** How a simulator splits one answer into writes. */
export interface SplitOptions {
  /** Sizes of the writes, in bytes; the rest goes in one last write. Default: one write. */
  chunks?: readonly number[];
  /** Pause between writes, ms; default 0 (but each write is its own event-loop turn). */
  pauseMs?: number;
}

/**
 * Writes `data` in the pieces `split` asks for, pausing between them, so a simulator
 * can deliver an answer all at once, byte by byte or with pauses.
 *
 * @example
 * await writeInChunks((b) => socket.write(b), answer, { chunks: [1, 1, 10], pauseMs: 5 });
 */
export async function writeInChunks(
  write: (bytes: Buffer) => void,
  data: Uint8Array,
  split: SplitOptions = {},
): Promise<void> {
  const bytes = Buffer.from(data);
  const sizes = split.chunks ?? [];
  let offset = 0;
  for (const size of sizes) {
    if (offset >= bytes.length) break;
    write(bytes.subarray(offset, offset + size));
    offset += size;
    await sleep(split.pauseMs ?? 0);
  }
  if (offset < bytes.length) write(bytes.subarray(offset));
}
