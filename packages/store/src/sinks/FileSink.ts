import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Sink } from './Sink.js';

/** Options of {@link FileSink}. */
export interface FileSinkOptions {
  /** Folder of the daily files. */
  dir: string;
  /** Database name written in each file's header for `influx -import`; default `expmon`. */
  database?: string;
}

/**
 * Line-protocol files, one per UTC day (`2026-11-27.lp`), fsynced on every batch: the
 * embedded default when no database is configured. Each file starts with the header
 * `influx -import` (1.x) needs; `influx write` (2.x) skips those `#` lines as comments.
 *
 * @example
 * const sink = new FileSink({ dir: './expmon-data/lp' });
 * // later: influx -import -path=./expmon-data/lp/2026-11-27.lp -precision=ms
 */
export class FileSink implements Sink {
  readonly id = 'file';
  readonly description: string;
  readonly destination: string;
  private handle: FileHandle | undefined;
  private day = '';

  constructor(private readonly options: FileSinkOptions) {
    this.description = `file ${options.dir}`;
    this.destination = `file ${resolve(options.dir)}`;
  }

  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    // Rotate by the readings' day, not the wall clock: a backlog lands in the right file.
    let start = 0;
    while (start < lines.length) {
      const day = dayOf(lines[start]!);
      let end = start + 1;
      while (end < lines.length && dayOf(lines[end]!) === day) end++;
      const fh = await this.fileFor(day);
      await fh.appendFile(lines.slice(start, end).join('\n') + '\n');
      await fh.datasync();
      start = end;
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private async fileFor(day: string): Promise<FileHandle> {
    if (this.handle && this.day === day) return this.handle;
    await this.handle?.close();
    await mkdir(this.options.dir, { recursive: true });
    const fh = await open(join(this.options.dir, `${day}.lp`), 'a');
    try {
      if ((await fh.stat()).size === 0) {
        await fh.appendFile(`# DML\n# CONTEXT-DATABASE: ${this.options.database ?? 'expmon'}\n`);
      }
    } catch (e) {
      // A full disk: the write is retried with a new handle; this one must not leak.
      await fh.close().catch(() => {});
      throw e;
    }
    this.handle = fh;
    this.day = day;
    return fh;
  }
}

/** UTC day of a line's millisecond timestamp (the last space-separated token). */
function dayOf(line: string): string {
  const ms = Number(line.slice(line.lastIndexOf(' ') + 1));
  return new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString().slice(0, 10);
}
