import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI of @expmon/runner (run `pnpm build` first; `pnpm test` does). */
export const RUNNER_CLI = fileURLToPath(new URL('../../runner/dist/cli.js', import.meta.url));

export interface RunnerResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunnerOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Kill with SIGKILL after this long; default 60 s. */
  timeoutMs?: number;
}

/** Starts `expmon-runner ARGS` as a child process (for tests that kill it mid-run). */
export function spawnRunner(args: string[], options: RunnerOptions = {}): ChildProcess {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // Keep the tests' own InfluxDB settings from leaking in unless a test sets them.
  for (const k of ['INFLUX_URL', 'INFLUX_TOKEN', 'INFLUX_ORG', 'INFLUX_BUCKET', 'INFLUX_DATABASE', 'INFLUX_USERNAME', 'INFLUX_PASSWORD']) {
    if (!options.env || !(k in options.env)) delete env[k];
  }
  return spawn(process.execPath, [RUNNER_CLI, ...args], {
    cwd: options.cwd,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `expmon-runner ARGS` to the end and returns its exit code and output. */
export function runRunner(args: string[], options: RunnerOptions = {}): Promise<RunnerResult> {
  const child = spawnRunner(args, options);
  return collect(child, options.timeoutMs ?? 60_000);
}

/** Waits for a spawned runner to exit and returns its output. */
export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<RunnerResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
