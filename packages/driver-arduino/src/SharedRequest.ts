import type { ReadOptions } from '@expmon/core';

/**
 * Runs one request at a time and lets concurrent callers share it: the reads of all
 * channels in one cycle join the request already in flight. Each caller can give up
 * on its own (its `signal`) without cancelling the request for the others.
 *
 * @example
 * const shared = new SharedRequest(() => fetchAllPins());
 * const [a, b] = await Promise.all([shared.run(), shared.run()]); // one fetch
 */
export class SharedRequest<T> {
  private inFlight: Promise<T> | undefined;
  /** How many requests were started (not joined), for tests and stats. */
  started = 0;

  constructor(private readonly request: () => Promise<T>) {}

  run(options: ReadOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.inFlight) {
      this.started++;
      const p = this.request();
      this.inFlight = p;
      const clear = (): void => {
        if (this.inFlight === p) this.inFlight = undefined;
      };
      p.then(clear, clear);
    }
    const shared = this.inFlight;
    if (!signal) return shared;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
