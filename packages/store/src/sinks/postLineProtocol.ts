import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { SinkUnavailableError } from '../errors/SinkUnavailableError.js';
import { httpStatusError } from './httpStatusError.js';

const gzipAsync = promisify(gzip);

/** Options of {@link postLineProtocol}. */
export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  /** Bodies at least this large are gzip'd (level 1); default {@link defaultGzipThreshold}; Infinity: never. */
  gzipThreshold?: number;
  /** Redacted description of the sink, for errors. */
  sink: string;
}

/**
 * POSTs line protocol as it is (no re-parsing) with node's http client, gzip'd when large,
 * and maps the answer to the sink errors: 2xx resolves, 400/413/422 → {@link SinkRejectedError},
 * anything else or no answer → {@link SinkUnavailableError}. (Not fetch: on Node 20 fetch loads
 * undici, about 20 MB more for a long-running process.)
 *
 * @example
 * await postLineProtocol(new URL('http://127.0.0.1:8086/write?db=lab&precision=ms'), Buffer.from('m value=1 1'), { headers: {}, timeoutMs: 10_000, sink: 'influx-v1 …' });
 */
export async function postLineProtocol(url: URL, body: Buffer, options: PostOptions): Promise<void> {
  const headers: Record<string, string | number> = { 'content-type': 'text/plain; charset=utf-8', ...options.headers };
  let data = body;
  if (body.length >= (options.gzipThreshold ?? defaultGzipThreshold(url))) {
    data = await gzipAsync(body, { level: 1 });
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = data.length;
  const { status, text } = await send(url, 'POST', headers, data, options);
  if (status >= 200 && status < 300) return;
  throw httpStatusError(status, text, options.sink);
}

/**
 * 64 KiB for a database over the network (gzip at level 1 shrinks line protocol about 8×);
 * never for one on this machine (127.0.0.0/8, ::1, localhost), where compressing only costs CPU
 * on both sides.
 *
 * @example
 * defaultGzipThreshold(new URL('http://127.0.0.1:8086/write')); // Infinity
 */
export function defaultGzipThreshold(url: URL): number {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  return loopback ? Number.POSITIVE_INFINITY : 64 * 1024;
}

/**
 * GETs a URL and resolves true for any HTTP answer below 500 (the server is up), false
 * otherwise: the cheap probe that tells the shipper to retry at once.
 *
 * @example
 * await probeHttp(new URL('http://127.0.0.1:8086/ping'), {}, 2000); // true when influxd answers
 */
export async function probeHttp(url: URL, headers: Record<string, string>, timeoutMs: number): Promise<boolean> {
  try {
    const { status } = await send(url, 'GET', headers, undefined, { timeoutMs, sink: '' });
    return status > 0 && status < 500;
  } catch {
    return false;
  }
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string | number>,
  data: Buffer | undefined,
  options: { timeoutMs: number; sink: string },
): Promise<{ status: number; text: string }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: options.timeoutMs }, (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (text.length < 4096) text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', (e) => reject(new SinkUnavailableError(e.message, options.sink, undefined, e)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => reject(new SinkUnavailableError(e.code ?? e.message, options.sink, undefined, e)));
    req.end(data);
  });
}
