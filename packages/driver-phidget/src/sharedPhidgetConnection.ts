import { NetworkConnection, USBConnection, type PhidgetConnection } from 'phidget22';
import type { ResolvedPhidgetTransport } from './PhidgetTransport.js';

interface PoolEntry {
  connection: PhidgetConnection & { close(): void; delete(): void };
  users: number;
  lastError: string | undefined;
  errorListeners: Set<(reason: string) => void>;
}

/** A use of a shared phidget22 connection; release it when done. */
export interface PhidgetConnectionLease {
  /** Whether the connection is up (for a network server: handshake done). */
  readonly connected: boolean;
  /** The last connection error phidget22 reported (refused, bad password...), if any. */
  readonly lastError: string | undefined;
  /** Calls `listener` on every connection error phidget22 reports (at once, not after a timeout). Returns its remover. */
  onError(listener: (reason: string) => void): () => void;
  /** Gives the lease back; the connection closes when the last lease is released. */
  release(): void;
}

// phidget22 keeps global connection state and matches channels against every
// connection it knows, so one connection per server (and one for USB) is shared by
// every source that uses it.
const pool = new Map<string, PoolEntry>();

/**
 * Takes a lease on the one phidget22 connection for a transport, creating and
 * connecting it on first use. A network connection keeps retrying (phidget22
 * reconnects by itself every few seconds) so a server that starts later, or restarts,
 * is picked up.
 *
 * @example
 * const lease = acquirePhidgetConnection(resolvePhidgetTransport({ host: '127.0.0.1', port: 5661 }));
 * // ... open channels with setIsRemote(true) ...
 * lease.release();
 */
export function acquirePhidgetConnection(transport: ResolvedPhidgetTransport): PhidgetConnectionLease {
  const key = transport.label;
  let entry = pool.get(key);
  if (!entry) {
    const created: PoolEntry = { connection: undefined as never, users: 0, lastError: undefined, errorListeners: new Set() };
    const onError = (code: number, message: string): void => {
      const reason = `${message} (code ${code})`;
      created.lastError = reason;
      for (const listener of [...created.errorListeners]) listener(reason);
    };
    if (transport.kind === 'network') {
      const connection = new NetworkConnection({
        hostname: transport.host,
        port: transport.port,
        passwd: transport.password,
        name: key,
        onError,
        onConnect: () => {
          created.lastError = undefined;
        },
      });
      connection.setKeepAlive(transport.keepAliveTimeoutMs);
      created.connection = connection;
      // retryOnFail: resolves once connected, retries until then; errors go to onError.
      void connection.connect(true).catch(() => undefined);
    } else {
      const connection = new USBConnection({ onError });
      created.connection = connection;
      void connection.connect().catch((error: unknown) => {
        created.lastError = error instanceof Error ? error.message : String(error);
      });
    }
    entry = created;
    pool.set(key, entry);
  }
  const used = entry;
  used.users += 1;
  let released = false;
  return {
    get connected() {
      return used.connection.connected;
    },
    get lastError() {
      return used.lastError;
    },
    onError(listener) {
      used.errorListeners.add(listener);
      return () => used.errorListeners.delete(listener);
    },
    release() {
      if (released) return;
      released = true;
      used.users -= 1;
      if (used.users > 0) return;
      pool.delete(key);
      used.connection.close();
      // phidget22 leaves its keepalive timer running after close(); it would hold a script open for 8 s.
      const keepAlive = (used.connection as unknown as { _keepAliveTimeout?: ReturnType<typeof setTimeout> })._keepAliveTimeout;
      if (keepAlive !== undefined) clearTimeout(keepAlive);
      try {
        used.connection.delete();
      } catch {
        // delete() refuses while connected; close() above has already disconnected.
      }
    },
  };
}

/**
 * Number of phidget22 connections this package holds open now (for tests and diagnostics).
 *
 * @example
 * openPhidgetConnections(); // 0 once every source is closed
 */
export function openPhidgetConnections(): number {
  return pool.size;
}
