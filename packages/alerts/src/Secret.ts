import { readFileSync } from 'node:fs';
import { ConfigError } from '@expmon/core';

/**
 * Where a secret (token, password) comes from: an environment variable or a file
 * (first line, trimmed). Never the config file itself, which lives in git.
 *
 * @example
 * token: { env: 'INFLUX_TOKEN' }
 * password: { file: '/etc/expmon/influx-password' }
 */
export type Secret = { env: string } | { file: string };

/**
 * Reads a secret; throws a ConfigError naming the field (never the value) when it is missing.
 *
 * @example
 * resolveSecret({ env: 'SMTP_PASSWORD' }, 'alerts.notify.email.password', 'lab.config.ts'); // the variable's value
 */
export function resolveSecret(secret: Secret | undefined, field: string, file?: string): string | undefined {
  if (secret === undefined) return undefined;
  if ('env' in secret) {
    const v = process.env[secret.env];
    if (v === undefined || v === '') {
      throw new ConfigError(`environment variable ${secret.env} is not set`, { file, field });
    }
    return v;
  }
  try {
    return readFileSync(secret.file, 'utf8').split('\n')[0]!.trim();
  } catch (cause) {
    throw new ConfigError(`cannot read secret file ${secret.file}: ${(cause as NodeJS.ErrnoException).code ?? cause}`, {
      file,
      field,
      cause,
    });
  }
}
