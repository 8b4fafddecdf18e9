import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ConfigError, type ErrorContext } from '@expmon/core';
import { CameraError } from './errors/CameraError.js';
import type { Picture, PictureSource } from './PictureSource.js';

/**
 * The newest picture in a folder, for setups that already drop pictures somewhere (a
 * camera's FTP upload, another machine's `scp`, `motion`).
 *
 * @example
 * const o: NewestPictureInFolderOptions = { folder: '/srv/webcam', maxAgeMs: 60_000 };
 */
export interface NewestPictureInFolderOptions {
  folder: string;
  /**
   * A picture older than this is not a new reading: the read fails (the camera stopped
   * sending) instead of writing the same value again; default 5 minutes.
   */
  maxAgeMs?: number;
  /** File extensions taken as pictures; default `.jpg .jpeg .png .webp .tif .tiff`. */
  extensions?: readonly string[];
}

/**
 * Reads the newest picture (by modification time) in a folder; the reading's time is the
 * file's modification time.
 *
 * @example
 * const camera = new NewestPictureInFolder({ folder: '/srv/webcam' }, 'CameraDisplay(gauge).picture');
 */
export class NewestPictureInFolder implements PictureSource {
  readonly device: string;
  readonly timeoutMs = 2000;
  private readonly folder: string;
  private readonly maxAgeMs: number;
  private readonly extensions: ReadonlySet<string>;

  constructor(options: NewestPictureInFolderOptions, field: string) {
    if (typeof options.folder !== 'string' || options.folder === '') {
      throw new ConfigError('must be a folder path', { field: `${field}.folder` });
    }
    this.folder = options.folder;
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    if (!(Number.isFinite(this.maxAgeMs) && this.maxAgeMs > 0)) {
      throw new ConfigError(`must be a positive number of milliseconds, got ${String(options.maxAgeMs)}`, { field: `${field}.maxAgeMs` });
    }
    this.extensions = new Set((options.extensions ?? ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff']).map((e) => e.toLowerCase()));
    this.device = `camera folder ${this.folder}`;
  }

  async take(_signal: AbortSignal | undefined, context: ErrorContext): Promise<Picture> {
    const where = { ...context, device: this.device };
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      throw new CameraError(`cannot list the folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { ...where, cause: error });
    }
    let newest: { path: string; mtime: number } | undefined;
    for (const name of names) {
      if (!this.extensions.has(extname(name).toLowerCase()) || name.startsWith('.')) continue;
      const path = join(this.folder, name);
      const s = await stat(path).catch(() => undefined);
      if (s?.isFile() && (!newest || s.mtimeMs > newest.mtime)) newest = { path, mtime: s.mtimeMs };
    }
    if (!newest) throw new CameraError(`no picture (${[...this.extensions].join(' ')}) in the folder`, where);
    const age = Date.now() - newest.mtime;
    if (age > this.maxAgeMs) {
      throw new CameraError(`newest picture ${newest.path} is ${Math.round(age / 1000)} s old (maxAgeMs ${this.maxAgeMs}): is the camera still sending?`, where);
    }
    const bytes = await readFile(newest.path).catch((error: unknown) => {
      throw new CameraError(`cannot read ${newest.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { ...where, cause: error });
    });
    return { bytes, time: Math.round(newest.mtime) };
  }
}
