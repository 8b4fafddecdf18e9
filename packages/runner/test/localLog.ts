import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrameAt } from '@expmon/store';

/** The queue folders of a data dir (one per destination). */
export function queueDirs(dataDir: string, prefix = ''): string[] {
  try {
    return readdirSync(join(dataDir, 'queue'))
      .filter((d) => d.startsWith(prefix))
      .map((d) => join(dataDir, 'queue', d));
  } catch {
    return [];
  }
}

/** Every line in the frames of a data dir's local logs (acknowledged or not), read as the store writes them. */
export function queuedLines(dataDir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const dir of queueDirs(dataDir, prefix)) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
      let data: Buffer;
      try {
        data = readFileSync(join(dir, f));
      } catch {
        continue; // deleted meanwhile (shipped)
      }
      for (let pos = 0; pos < data.length; ) {
        const frame = decodeFrameAt(data, pos);
        if (!frame) break; // a frame being written now
        out.push(...frame.payload.toString('utf8').split('\n'));
        pos += frame.size;
      }
    }
  }
  return out;
}
