import { open, type FileHandle } from 'node:fs/promises';
import type { SegmentFiles } from './SegmentFiles.js';

/**
 * Appends frames to the newest segment file of a queue: one `write` and one `fdatasync`
 * per call (group commit), a new segment when the current one reaches `segmentBytes` (its
 * directory entry fsynced). A failed write leaves the offset where it was, so the retry
 * overwrites whatever part of it reached the disk.
 *
 * @example
 * const writer = new SegmentWriter(files, lastSegmentNumber, 16 * 1024 * 1024);
 * const { segment, offset } = await writer.write(Buffer.concat(frames));
 */
export class SegmentWriter {
  private handle: FileHandle | undefined;
  private offset = 0;

  constructor(
    private readonly files: SegmentFiles,
    /** The segment being written (new appends never go into a segment found at start). */
    public segment: number,
    private readonly segmentBytes: number,
  ) {}

  /** Writes and fdatasyncs `data`; resolves with where it starts. */
  async write(data: Buffer): Promise<{ segment: number; offset: number }> {
    if (!this.handle || this.offset >= this.segmentBytes) await this.rotate();
    const at = this.offset;
    const { bytesWritten } = await this.handle!.write(data, 0, data.length, at);
    if (bytesWritten !== data.length) throw Object.assign(new Error(`short write: ${bytesWritten} of ${data.length} bytes`), { code: 'ENOSPC' });
    await this.handle!.datasync();
    this.offset += data.length;
    this.files.get(this.segment)!.size = this.offset;
    return { segment: this.segment, offset: at };
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => {});
    this.handle = undefined;
  }

  private async rotate(): Promise<void> {
    const next = this.segment + 1;
    const fh = await open(this.files.path(next), 'w');
    const old = this.handle;
    this.handle = fh;
    this.segment = next;
    this.offset = 0;
    this.files.add(next, 0, 0);
    await old?.close().catch(() => {});
    // Make the new file's directory entry durable.
    const dh = await open(this.files.dir, 'r');
    await dh.sync().catch(() => {});
    await dh.close();
  }
}
