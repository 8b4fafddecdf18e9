import { ExpmonError } from './ExpmonError.js';

/**
 * A configuration or option is wrong. Thrown before anything starts, naming the
 * config file (when known) and the field.
 *
 * @example
 * throw new ConfigError('must be a positive number of milliseconds', {
 *   file: 'lab.config.ts', field: 'sources[2].interval',
 * });
 */
export class ConfigError extends ExpmonError {
  protected static override readonly marker: string = 'ConfigError';
  override readonly name: string = 'ConfigError';
  readonly file: string | undefined;
  readonly field: string | undefined;
  static override isInstance(error: unknown): error is ConfigError {
    return super.isInstance(error);
  }
  constructor(message: string, where: { file?: string; field?: string; cause?: unknown } = {}) {
    const prefix = [where.file, where.field].filter(Boolean).join(': ');
    super(prefix ? `${prefix}: ${message}` : message, { cause: where.cause });
    this.file = where.file;
    this.field = where.field;
  }
}
