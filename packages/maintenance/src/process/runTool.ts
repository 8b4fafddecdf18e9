import { spawn } from 'node:child_process';
import { MissingToolError } from '../errors/MissingToolError.js';
import { ToolFailedError } from '../errors/ToolFailedError.js';
import { installHintOf } from './installHintOf.js';

/** Options of {@link runTool}. */
export interface RunToolOptions {
  /** Extra environment (e.g. a token); never shown in messages. */
  env?: Record<string, string>;
  /** Arguments shown as `***` in messages (secrets passed on the command line). */
  secretArgs?: readonly string[];
  /** The database, for error messages. */
  device?: string;
}

/** Output of a tool that exited 0. */
export interface ToolOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command-line tool (no shell) to its end and returns its output. A missing tool
 * rejects with a {@link MissingToolError} naming the package that ships it; a non-zero exit
 * with a {@link ToolFailedError} with the command line (secrets masked) and its last lines.
 *
 * @example
 * await runTool('influxd', ['backup', '-portable', '-host', '127.0.0.1:8088', '-db', 'lab', '/srv/backup/x']);
 */
export function runTool(tool: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolOutput> {
  const shown = [tool, ...args.map((a) => (options.secretArgs?.includes(a) ? '***' : a))].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new MissingToolError(tool, installHintOf(tool)) : new ToolFailedError(shown, -1, e.message, options.device));
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        let output = `${stderr}\n${stdout}`;
        for (const s of options.secretArgs ?? []) output = output.split(s).join('***');
        reject(new ToolFailedError(shown, code ?? (signal ? 128 : 1), output, options.device));
      }
    });
  });
}
