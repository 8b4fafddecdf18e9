import { compareCounts } from './compareCounts.js';

/**
 * Counts a freshly restored server until its counts equal `expected` or `timeoutMs` passed,
 * then resolves with the last counts (a server may open restored data in the background, and
 * answer errors such as `engine is closed` meanwhile). Rejects with the last error only when
 * no count ever succeeded.
 *
 * @example
 * const restored = await settledCounts(() => countInfluxV1(server, until), manifest.measurements);
 */
export async function settledCounts(
  count: () => Promise<Record<string, number>>,
  expected: Record<string, number>,
  timeoutMs = 20_000,
): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, number> | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await count();
      if (compareCounts(expected, last).length === 0) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) {
      if (last) return last;
      throw error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
