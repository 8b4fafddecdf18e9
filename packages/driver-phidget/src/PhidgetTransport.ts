import { ConfigError } from '@expmon/core';

/**
 * How to reach the Phidget: `'usb'` (phidget22's direct USB access, needs the optional
 * `usb` package and device permissions), or a Phidget Network Server.
 *
 * @example
 * const viaServer: PhidgetTransport = { host: 'pi-lab.local', port: 5661, passwordEnv: 'PHIDGET_SERVER_PASSWORD' };
 * const viaUsb: PhidgetTransport = 'usb';
 */
export type PhidgetTransport = 'usb' | PhidgetServerOptions;

/** A Phidget Network Server. Every field falls back to the environment. */
export interface PhidgetServerOptions {
  /** Host name or address. Default: `$PHIDGET_SERVER_HOST`, else `localhost`. */
  host?: string;
  /** TCP port. Default: `$PHIDGET_SERVER_PORT`, else 5661. */
  port?: number;
  /** Name of the environment variable that holds the server password. Default `PHIDGET_SERVER_PASSWORD` (empty when unset). */
  passwordEnv?: string;
  /**
   * phidget22's keep-alive timeout (ms): the connection is dropped (and its channels
   * detach) when the server sends no keep-alive for this long. Default 8000 (phidget22's).
   */
  keepAliveTimeoutMs?: number;
}

/** A transport with every default filled in. */
export type ResolvedPhidgetTransport =
  | { kind: 'usb'; label: string }
  | { kind: 'network'; host: string; port: number; password: string; keepAliveTimeoutMs: number; label: string };

/**
 * Fills in a transport from options and the environment. Without `transport`, a server
 * is used when `PHIDGET_SERVER_HOST` is set, USB otherwise. Throws {@link ConfigError}
 * naming the option when it is wrong.
 *
 * @example
 * resolvePhidgetTransport({ host: '127.0.0.1', port: 5661 }, process.env);
 * // { kind: 'network', host: '127.0.0.1', port: 5661, password: '', keepAliveTimeoutMs: 8000, label: 'phid://127.0.0.1:5661' }
 */
export function resolvePhidgetTransport(
  transport: PhidgetTransport | undefined,
  env: Record<string, string | undefined> = process.env,
): ResolvedPhidgetTransport {
  const chosen = transport ?? (env.PHIDGET_SERVER_HOST ? {} : 'usb');
  if (chosen === 'usb') return { kind: 'usb', label: 'usb' };
  if (typeof chosen !== 'object' || chosen === null) {
    throw new ConfigError(`must be 'usb' or { host, port, passwordEnv }, got ${JSON.stringify(chosen)}`, { field: 'transport' });
  }
  const host = chosen.host ?? env.PHIDGET_SERVER_HOST ?? 'localhost';
  const port = chosen.port ?? (env.PHIDGET_SERVER_PORT ? Number(env.PHIDGET_SERVER_PORT) : 5661);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ConfigError(`must be a TCP port 1..65535, got ${String(chosen.port ?? env.PHIDGET_SERVER_PORT)}`, {
      field: chosen.port === undefined ? 'PHIDGET_SERVER_PORT' : 'transport.port',
    });
  }
  const keepAliveTimeoutMs = chosen.keepAliveTimeoutMs ?? 8000;
  if (!Number.isInteger(keepAliveTimeoutMs) || keepAliveTimeoutMs < 100 || keepAliveTimeoutMs > 600_000) {
    throw new ConfigError(`must be an integer 100..600000 (ms), got ${String(chosen.keepAliveTimeoutMs)}`, { field: 'transport.keepAliveTimeoutMs' });
  }
  const password = env[chosen.passwordEnv ?? 'PHIDGET_SERVER_PASSWORD'] ?? '';
  return { kind: 'network', host, port, password, keepAliveTimeoutMs, label: `phid://${host}:${port}` };
}
