/**
 * A TCP port on 127.0.0.1 that was free a moment ago (for a throwaway server of a benchmark).
 *
 * @example
 * const port = await freePort();
 */
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
