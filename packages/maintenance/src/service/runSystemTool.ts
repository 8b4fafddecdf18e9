import { spawn } from 'node:child_process';

/** How a system tool (systemctl, journalctl) ended. */
export interface SystemToolResult {
  code: number;
  /** Captured output when `capture` was set; else empty (it went to the terminal). */
  stdout: string;
  stderr: string;
}

/**
 * Runs `systemctl`, `journalctl` or another system tool without a shell. With `capture`
 * its output is returned; otherwise it shares the terminal (pager off), so `service logs -f`
 * streams until interrupted. A missing tool resolves with code 127 and a message.
 *
 * @example
 * const { code } = await runSystemTool('systemctl', ['status', 'expmon.service', '--no-pager']);
 */
export function runSystemTool(command: string, args: string[], options: { capture?: boolean } = {}): Promise<SystemToolResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: options.capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, SYSTEMD_PAGER: '', PAGER: 'cat' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ code: e.code === 'ENOENT' ? 127 : 1, stdout, stderr: `${stderr}${command}: ${e.code === 'ENOENT' ? 'not found (is this a systemd system?)' : e.message}\n` }),
    );
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}
