import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DeviceTimeoutError, type ErrorContext } from '@expmon/core';
import { CameraError } from './errors/CameraError.js';
import type { Picture, PictureSource } from './PictureSource.js';

/**
 * A command that takes one picture from a local (V4L2) webcam: an argument list (no shell),
 * where `{output}` is replaced by a temporary file to read the picture from; without
 * `{output}`, the picture is read from the command's stdout.
 *
 * @example
 * const o: CaptureCommandOptions = { command: ffmpegCapture('/dev/video0') };
 */
export interface CaptureCommandOptions {
  command: readonly string[];
  /** Kill the command after this long; default 5000 ms (webcams take a moment to start). */
  timeoutMs?: number;
}

/**
 * An ffmpeg command grabbing one frame from a V4L2 webcam as PNG on stdout (Debian package
 * `ffmpeg`). Change the size to what the camera supports (`v4l2-ctl --list-formats-ext`).
 *
 * @example
 * new CameraDisplay({ name: 'gauge', picture: { command: ffmpegCapture('/dev/video0', '1280x720') }, ... });
 */
export function ffmpegCapture(device = '/dev/video0', size = '640x480'): string[] {
  return ['ffmpeg', '-hide_banner', '-loglevel', 'error', '-f', 'v4l2', '-video_size', size, '-i', device, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'];
}

/**
 * An fswebcam command taking one picture (Debian package `fswebcam`), skipping a few frames
 * so that the camera's exposure settles, with no banner.
 *
 * @example
 * new CameraDisplay({ name: 'gauge', picture: { command: fswebcamCapture('/dev/video0') }, ... });
 */
export function fswebcamCapture(device = '/dev/video0', size = '640x480'): string[] {
  return ['fswebcam', '--quiet', '--no-banner', '--skip', '5', '--device', device, '--resolution', size, '--png', '0', '{output}'];
}

/**
 * Takes each picture by running a capture command.
 *
 * @example
 * const camera = new CaptureCommand({ command: ffmpegCapture('/dev/video0') }, 'CameraDisplay(gauge).picture');
 */
export class CaptureCommand implements PictureSource {
  readonly device: string;
  readonly timeoutMs: number;
  private readonly command: readonly string[];

  constructor(options: CaptureCommandOptions, field: string) {
    if (!Array.isArray(options.command) || options.command.length === 0 || !options.command.every((a) => typeof a === 'string')) {
      throw new ConfigError("must be an argument list such as ['ffmpeg', '-f', 'v4l2', ...] (see ffmpegCapture())", { field: `${field}.command` });
    }
    this.command = options.command;
    this.timeoutMs = options.timeoutMs ?? 5000;
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs > 0)) {
      throw new ConfigError(`must be a positive number of milliseconds, got ${String(options.timeoutMs)}`, { field: `${field}.timeoutMs` });
    }
    const device = options.command.find((a) => a.startsWith('/dev/'));
    this.device = `camera ${options.command[0]}${device ? ` ${device}` : ''}`;
  }

  async take(signal: AbortSignal | undefined, context: ErrorContext): Promise<Picture> {
    const where = { ...context, device: this.device };
    const usesFile = this.command.some((a) => a.includes('{output}'));
    const dir = usesFile ? await mkdtemp(join(tmpdir(), 'expmon-camera-')) : undefined;
    const output = dir ? join(dir, 'picture') : '';
    try {
      const args = this.command.map((a) => a.replaceAll('{output}', output));
      const stdout = await run(args, this.timeoutMs, signal, where);
      const bytes = dir ? await readFile(output).catch(() => Buffer.alloc(0)) : stdout;
      if (bytes.length === 0) throw new CameraError(`${args[0]} wrote no picture${dir ? ` to ${output}` : ' on stdout'}`, where);
      return { bytes, time: Date.now() };
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }
}

function run(args: string[], timeoutMs: number, signal: AbortSignal | undefined, where: ErrorContext): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-2000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const hint = error.code === 'ENOENT' ? ` (is ${args[0]} installed? Debian: apt-get install ${args[0]})` : '';
      reject(new CameraError(`cannot run ${args[0]}: ${error.code ?? error.message}${hint}`, { ...where, cause: error }));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (timedOut) reject(new DeviceTimeoutError(timeoutMs, where, `${args[0]} took no picture`));
      else if (signal?.aborted) reject(new CameraError('read abandoned by the caller', where));
      else if (code !== 0) {
        const tail = err.trim().split('\n').slice(-3).join(' | ');
        reject(new CameraError(`${args[0]} exited with ${code ?? sig}${tail ? `: ${tail}` : ''}`, where));
      } else resolve(Buffer.concat(out));
    });
  });
}
