import { SinkRejectedError } from '../errors/SinkRejectedError.js';
import { SinkUnavailableError } from '../errors/SinkUnavailableError.js';

/** Maps a failed HTTP write to the runner's two sink errors: refused data vs. database unavailable. */
export function httpStatusError(status: number, body: string, sink: string): Error {
  const detail = body.trim().slice(0, 500);
  if (status === 400 || status === 422) return new SinkRejectedError(`HTTP ${status}: ${detail}`, status, sink);
  // 413: too large is handled by splitting too.
  if (status === 413) return new SinkRejectedError(`HTTP 413 request too large`, status, sink);
  return new SinkUnavailableError(`HTTP ${status}: ${detail}`, sink, status);
}
