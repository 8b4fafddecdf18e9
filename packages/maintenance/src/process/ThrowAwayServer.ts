import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingToolError } from '../errors/MissingToolError.js';
import { freePort } from './freePort.js';
import { installHintOf } from './installHintOf.js';

/** How long a throw-away server may take to answer. */
const START_TIMEOUT_MS = 60_000;

/**
 * A temporary database server on free loopback ports with its data in its own temp folder,
 * for `backup --verify`: a second `influxd` (InfluxDB 1.x) or `victoria-metrics` that a backup
 * is restored into. `stop()` ends the process and removes the folder.
 *
 * @example
 * const server = await ThrowAwayServer.influxd();
 * // influxd restore -portable -host server.rpcAddress …; query server.url
 * await server.stop();
 */
export class ThrowAwayServer {
  private output = '';
  private constructor(
    /** `http://127.0.0.1:<port>` */
    readonly url: string,
    /** InfluxDB 1.x: the backup/restore RPC address (`127.0.0.1:<port>`). */
    readonly rpcAddress: string | undefined,
    /** Its data folder (removed by `stop()`). */
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d: Buffer) => this.keep(d));
    child.stderr?.on('data', (d: Buffer) => this.keep(d));
  }

  /** Starts an empty `influxd` (InfluxDB 1.x) with HTTP and RPC on free loopback ports. */
  static async influxd(): Promise<ThrowAwayServer> {
    const dir = await mkdtemp(join(tmpdir(), 'expmon-verify-influxd-'));
    const [http, rpc] = [await freePort(), await freePort()];
    const config = join(dir, 'influxdb.conf');
    await writeFile(
      config,
      [
        'reporting-disabled = true',
        `bind-address = "127.0.0.1:${rpc}"`,
        '[meta]',
        `  dir = "${dir}/meta"`,
        '[data]',
        `  dir = "${dir}/data"`,
        `  wal-dir = "${dir}/wal"`,
        '  query-log-enabled = false',
        '[http]',
        `  bind-address = "127.0.0.1:${http}"`,
        '  log-enabled = false',
        '[monitor]',
        '  store-enabled = false',
        '[continuous_queries]',
        '  enabled = false',
        '[logging]',
        '  level = "warn"',
        '',
      ].join('\n'),
    );
    return ThrowAwayServer.start('influxd', ['-config', config], dir, `http://127.0.0.1:${http}`, `127.0.0.1:${rpc}`, '/ping');
  }

  /** Starts `victoria-metrics` on a free loopback port over `storageDataPath` (a folder `vmrestore` filled). */
  static async victoriaMetrics(dir: string): Promise<ThrowAwayServer> {
    const port = await freePort();
    return ThrowAwayServer.start(
      'victoria-metrics',
      [`-storageDataPath=${dir}`, `-httpListenAddr=127.0.0.1:${port}`, '-retentionPeriod=100y', '-search.latencyOffset=0s', '-loggerLevel=ERROR'],
      dir,
      `http://127.0.0.1:${port}`,
      undefined,
      '/health',
    );
  }

  private static async start(tool: string, args: string[], dir: string, url: string, rpc: string | undefined, probe: string): Promise<ThrowAwayServer> {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new ThrowAwayServer(url, rpc, dir, child);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (e: NodeJS.ErrnoException) =>
        reject(e.code === 'ENOENT' ? new MissingToolError(tool, installHintOf(tool)) : e),
      );
      child.once('exit', (code) => reject(new Error(`the throw-away ${tool} exited (${code}): ${server.output.trim().split('\n').slice(-3).join(' | ')}`)));
    });
    failed.catch(() => {});
    const deadline = Date.now() + START_TIMEOUT_MS;
    try {
      for (;;) {
        const up = await Promise.race([
          fetch(`${url}${probe}`).then((r) => r.ok, () => false),
          failed,
        ]);
        if (up) return server;
        if (Date.now() > deadline) throw new Error(`the throw-away ${tool} did not answer ${url}${probe} within ${START_TIMEOUT_MS / 1000} s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch (e) {
      await server.stop();
      throw e;
    }
  }

  /** Stops the process and removes its data folder. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private keep(d: Buffer): void {
    this.output = (this.output + d.toString()).slice(-4000);
  }
}
