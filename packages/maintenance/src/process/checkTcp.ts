import { connect } from 'node:net';

/**
 * Resolves when a TCP connection to `host:port` opens (then closes it); rejects with the
 * socket's error code (`ECONNREFUSED`, `ETIMEDOUT`) otherwise. Used before `influxd backup`,
 * which retries a closed port for ever instead of failing.
 *
 * @example
 * await checkTcp('127.0.0.1:8088');
 */
export function checkTcp(address: string, timeoutMs = 5000): Promise<void> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i);
  const port = Number(address.slice(i + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error('ETIMEDOUT'));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code ?? e.message)));
  });
}
