import { ExpmonError } from '@expmon/core';

/**
 * A command-line tool a maintenance command runs (`influxd`, `influx`, `vmbackup`, `vmrestore`,
 * `victoria-metrics`) is not installed. The message names the package that ships it.
 *
 * @example
 * throw new MissingToolError('vmbackup', 'the Debian package victoria-metrics (apt-get install victoria-metrics)');
 * // vmbackup not found: install the Debian package victoria-metrics (apt-get install victoria-metrics)
 */
export class MissingToolError extends ExpmonError {
  protected static override readonly marker: string = 'MissingToolError';
  override readonly name: string = 'MissingToolError';
  readonly tool: string;
  static override isInstance(error: unknown): error is MissingToolError {
    return super.isInstance(error);
  }
  constructor(tool: string, installHint: string) {
    super(`${tool} not found: install ${installHint}`);
    this.tool = tool;
  }
}
