import { ExpmonError } from '@expmon/core';

/**
 * A tool a maintenance command runs exited with an error: the message has its command
 * line (never a secret: tokens are passed as `***`) and the end of its output.
 *
 * @example
 * throw new ToolFailedError('influxd backup -portable -host 127.0.0.1:8088 -db lab /srv/backup', 1, 'connection refused', 'InfluxDB 1.x http://127.0.0.1:8086 db=lab');
 */
export class ToolFailedError extends ExpmonError {
  protected static override readonly marker: string = 'ToolFailedError';
  override readonly name: string = 'ToolFailedError';
  readonly exitCode: number;
  static override isInstance(error: unknown): error is ToolFailedError {
    return super.isInstance(error);
  }
  constructor(commandLine: string, exitCode: number, output: string, device?: string) {
    const tail = output.trim().split('\n').slice(-5).join('\n  ');
    super(`${commandLine} failed (exit ${exitCode})${tail ? `:\n  ${tail}` : ''}`, { device });
    this.exitCode = exitCode;
  }
}
