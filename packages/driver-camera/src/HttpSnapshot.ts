import { ConfigError, DeviceTimeoutError, type ErrorContext, resolveSecret, type Secret } from '@expmon/core';
import { CameraError } from './errors/CameraError.js';
import type { Picture, PictureSource } from './PictureSource.js';

/**
 * An HTTP(S) snapshot URL: an IP camera's `snapshot.jpg`, or a Raspberry Pi next to the
 * device serving its webcam (which replaces the Python tool's SCP step).
 *
 * @example
 * const o: HttpSnapshotOptions = { url: 'http://10.0.0.9/cgi-bin/snapshot.cgi', username: 'viewer', password: { env: 'CAMERA_PASSWORD' } };
 */
export interface HttpSnapshotOptions {
  /** The snapshot URL; no credentials in it (use `username` and `password`). */
  url: string;
  /** Basic-auth user name. */
  username?: string;
  /** Basic-auth password, from the environment or a file; never in the config. */
  password?: Secret;
  /** Whole request, connect to last byte; default 2000 ms. */
  timeoutMs?: number;
  /** Pictures larger than this are refused; default 20 MiB. */
  maxBytes?: number;
}

/**
 * Fetches one picture per read from an HTTP(S) snapshot URL (Node's fetch, basic auth).
 *
 * @example
 * const camera = new HttpSnapshot({ url: 'http://127.0.0.1:8080/snapshot.jpg' }, 'CameraDisplay(gauge).picture');
 * const { bytes } = await camera.take(undefined, { sensor: 'gauge' });
 */
export class HttpSnapshot implements PictureSource {
  readonly device: string;
  readonly timeoutMs: number;
  private readonly url: URL;
  private readonly authorization: string | undefined;
  private readonly maxBytes: number;

  constructor(options: HttpSnapshotOptions, field: string) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new ConfigError(`must be an http(s) URL, got ${JSON.stringify(options.url)}`, { field: `${field}.url` });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`must be an http: or https: URL, got ${url.protocol}`, { field: `${field}.url` });
    }
    if (url.username || url.password) {
      throw new ConfigError('must not hold credentials: set username and password: { env } or { file } instead', { field: `${field}.url` });
    }
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 2000;
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs > 0)) {
      throw new ConfigError(`must be a positive number of milliseconds, got ${String(options.timeoutMs)}`, { field: `${field}.timeoutMs` });
    }
    this.maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
    if (options.password !== undefined && options.username === undefined) {
      throw new ConfigError('is set but username is not', { field: `${field}.password` });
    }
    if (options.username !== undefined) {
      const password = options.password === undefined ? '' : resolveSecret(options.password, `${field}.password`);
      this.authorization = `Basic ${Buffer.from(`${options.username}:${password}`).toString('base64')}`;
    }
    this.device = `camera ${url.origin}${url.pathname}`;
  }

  async take(signal: AbortSignal | undefined, context: ErrorContext): Promise<Picture> {
    const where = { ...context, device: this.device };
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await fetch(this.url, {
        signal: abort,
        headers: this.authorization ? { authorization: this.authorization } : {},
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const hint = response.status === 401 || response.status === 403 ? ' (check picture.username and picture.password)' : '';
        throw new CameraError(`HTTP ${response.status} ${response.statusText}${hint}`, where);
      }
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > this.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new CameraError(`picture of ${length} bytes is larger than maxBytes ${this.maxBytes}`, where);
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      if (bytes.length === 0) throw new CameraError('empty answer (no picture)', where);
      if (bytes.length > this.maxBytes) throw new CameraError(`picture of ${bytes.length} bytes is larger than maxBytes ${this.maxBytes}`, where);
      return { bytes, time: Date.now() };
    } catch (error) {
      if (CameraError.isInstance(error)) throw error;
      if (timeout.aborted) throw new DeviceTimeoutError(this.timeoutMs, where, 'no picture');
      if (signal?.aborted) throw new CameraError('read abandoned by the caller', { ...where, cause: error });
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CameraError(`cannot fetch a picture: ${why}`, { ...where, cause: error, disconnected: cause?.code === 'ECONNREFUSED' });
    }
  }
}
