import { readFileSync } from 'node:fs';
import { ConfigError } from './errors/ConfigError.js';

/**
 * Where a secret (token, password, SNMP community or key) comes from: an environment variable
 * or a file (its first line, trimmed). Never a literal in a config file, which lives in git.
 *
 * @example
 * const token: Secret = { env: 'INFLUX_TOKEN' };
 * const password: Secret = { file: '/etc/expmon/influx-password' };
 */
export type Secret = { readonly env: string } | { readonly file: string };

/**
 * Where {@link resolveSecret} reads from and what its errors name.
 *
 * @example
 * const options: ResolveSecretOptions = { file: 'lab.config.ts' };
 */
export interface ResolveSecretOptions {
  /** The config file, named in errors. */
  file?: string | undefined;
  /** The environment to read `{ env }` from; default `process.env`. */
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * Reads a {@link Secret} now (undefined stays undefined). Throws a {@link ConfigError} naming
 * `field` (never the value) when it is not `{ env }` or `{ file }`, the variable is unset or
 * empty, or the file can't be read or is empty.
 *
 * @example
 * const key = resolveSecret({ env: 'UPS_AUTH_KEY' }, 'EatonUps(ups).user.authKey');
 * const token = resolveSecret(sink.token, 'sinks[0].token', { file: 'lab.config.ts' });
 */
export function resolveSecret(secret: Secret, field: string, options?: ResolveSecretOptions): string;
export function resolveSecret(secret: Secret | undefined, field: string, options?: ResolveSecretOptions): string | undefined;
export function resolveSecret(secret: Secret | undefined, field: string, options: ResolveSecretOptions = {}): string | undefined {
  if (secret === undefined) return undefined;
  const { file } = options;
  if (typeof secret !== 'object' || secret === null) {
    throw new ConfigError('must be { env: "VARIABLE" } or { file: "/path" } (secrets are never written in a config)', { file, field });
  }
  if ('env' in secret) {
    const value = (options.env ?? process.env)[secret.env];
    if (value === undefined || value === '') {
      throw new ConfigError(`environment variable ${secret.env} is not set`, { file, field });
    }
    return value;
  }
  if ('file' in secret) {
    let text: string;
    try {
      text = readFileSync(secret.file, 'utf8');
    } catch (cause) {
      throw new ConfigError(`cannot read secret file ${secret.file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, { file, field, cause });
    }
    const value = (text.split('\n', 1)[0] ?? '').trim();
    if (value === '') throw new ConfigError(`secret file ${secret.file} is empty`, { file, field });
    return value;
  }
  throw new ConfigError('must be { env: "VARIABLE" } or { file: "/path" }', { file, field });
}
