import { readFileSync } from 'node:fs';
import { ConfigError } from '@expmon/core';

/**
 * Where a secret (a camera password) comes from: an environment variable or a file
 * (its first line; trailing newline removed). Never a literal in a config file.
 *
 * @example
 * const authKey: Secret = { env: 'CAMERA_PASSWORD' };
 * const privKey: Secret = { file: '/etc/expmon/camera-password' };
 */
export type Secret = { readonly env: string } | { readonly file: string };

/**
 * Reads a {@link Secret} now. Throws a {@link ConfigError} naming `field` (never the value)
 * when the variable is unset or empty or the file can't be read.
 *
 * @example
 * const key = resolveSecret({ env: 'CAMERA_PASSWORD' }, 'CameraDisplay(gauge).picture.password');
 */
export function resolveSecret(secret: Secret, field: string, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof secret !== 'object' || secret === null) {
    throw new ConfigError('must be { env: "VARIABLE" } or { file: "/path" } (secrets are never written in a config)', {
      field,
    });
  }
  if ('env' in secret) {
    const value = env[secret.env];
    if (value === undefined || value === '') {
      throw new ConfigError(`environment variable ${secret.env} is not set`, { field });
    }
    return value;
  }
  if ('file' in secret) {
    let text: string;
    try {
      text = readFileSync(secret.file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read ${secret.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
        field,
      });
    }
    const value = text.split(/\r?\n/, 1)[0] ?? '';
    if (value === '') throw new ConfigError(`${secret.file} is empty`, { field });
    return value;
  }
  throw new ConfigError('must be { env: "VARIABLE" } or { file: "/path" }', { field });
}
