import { decodeFrameAt, findFrameMarker } from './Frame.js';

/** A valid frame found in a segment: where it is and what it holds (not the payload). */
export interface ScannedFrame {
  seq: number;
  count: number;
  offset: number;
  size: number;
}

/** A region of a segment that holds no valid frame (damaged or torn). */
export interface DamagedRegion {
  offset: number;
  bytes: number;
}

/**
 * Every valid frame of a segment's bytes, and the damaged regions between them: after a bad
 * frame the scan resumes at the next frame marker whose frame checks out, so one flipped
 * byte costs one frame, not the rest of the file.
 *
 * @example
 * const { frames, damaged } = scanSegment(await readFile(path));
 */
export function scanSegment(data: Buffer): { frames: ScannedFrame[]; damaged: DamagedRegion[] } {
  const frames: ScannedFrame[] = [];
  const damaged: DamagedRegion[] = [];
  let pos = 0;
  while (pos < data.length) {
    const f = decodeFrameAt(data, pos);
    if (f) {
      frames.push({ seq: f.seq, count: f.count, offset: pos, size: f.size });
      pos += f.size;
      continue;
    }
    let next = findFrameMarker(data, pos + 1);
    while (next >= 0 && !decodeFrameAt(data, next)) next = findFrameMarker(data, next + 1);
    const end = next < 0 ? data.length : next;
    damaged.push({ offset: pos, bytes: end - pos });
    pos = end;
  }
  return { frames, damaged };
}
