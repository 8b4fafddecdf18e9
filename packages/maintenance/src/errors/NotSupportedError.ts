import { ExpmonError } from '@expmon/core';

/**
 * A maintenance command cannot work with this kind of database (e.g. `rename-series` on
 * VictoriaMetrics). Nothing was changed.
 *
 * @example
 * throw new NotSupportedError('rename-series', 'VictoriaMetrics cannot copy or drop series');
 */
export class NotSupportedError extends ExpmonError {
  protected static override readonly marker: string = 'NotSupportedError';
  override readonly name: string = 'NotSupportedError';
  readonly command: string;
  static override isInstance(error: unknown): error is NotSupportedError {
    return super.isInstance(error);
  }
  constructor(command: string, reason: string) {
    super(`${command} is not supported here: ${reason}`);
    this.command = command;
  }
}
