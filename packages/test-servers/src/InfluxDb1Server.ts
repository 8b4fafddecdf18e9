import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { ServerProcess } from './ServerProcess.js';
import { waitFor } from './waitFor.js';

/** One row of an InfluxQL result: column name → value (time as RFC 3339 or epoch ms). */
export type InfluxRow = Record<string, unknown>;

/**
 * A real InfluxDB 1.x (Debian's `influxd`, 1.6.7) on a free loopback port with its data
 * in a temp folder. `stop()` and `start()` again keep the data and the port, to test a
 * database that goes away and comes back.
 */
export class InfluxDb1Server {
  readonly database = 'expmon';
  private constructor(
    readonly port: number,
    /** The backup/restore RPC address (influxd's `bind-address`), for `influxd backup -host`. */
    readonly rpcAddress: string,
    private readonly dir: string,
    private readonly process: ServerProcess,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<InfluxDb1Server> {
    const dir = await mkdtemp(join(tmpdir(), 'expmon-influxdb1-'));
    const port = await freePort();
    const rpcPort = await freePort();
    const config = join(dir, 'influxdb.conf');
    await writeFile(
      config,
      `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:${port}"
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
[logging]
  level = "warn"
`,
    );
    const server = new InfluxDb1Server(port, `127.0.0.1:${rpcPort}`, dir, new ServerProcess('influxd', ['-config', config]));
    await server.start();
    await server.query(`CREATE DATABASE ${server.database}`, { method: 'POST' });
    return server;
  }

  /** (Re)starts the server on the same port and data, and waits until it answers /ping. */
  async start(): Promise<void> {
    this.process.start();
    await waitFor(
      async () => {
        if (!this.process.running) throw new Error(`influxd exited: ${this.process.log}`);
        const res = await fetch(`${this.url}/ping`);
        return res.status === 204;
      },
      { what: 'influxd to answer /ping' },
    );
  }

  /** Runs InfluxQL; returns the rows of the first series of the first statement (all series concatenated). */
  async query(q: string, options: { method?: 'GET' | 'POST'; epoch?: 'ms' | 'ns' } = {}): Promise<InfluxRow[]> {
    const params = new URLSearchParams({ q, db: this.database, epoch: options.epoch ?? 'ms' });
    const res = await fetch(`${this.url}/query?${params}`, { method: options.method ?? 'GET' });
    const body = (await res.json()) as {
      results?: Array<{ error?: string; series?: Array<{ name: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }> }>;
      error?: string;
    };
    if (!res.ok || body.error) throw new Error(`InfluxQL ${q}: ${res.status} ${body.error ?? ''}`);
    const result = body.results?.[0];
    if (result?.error) throw new Error(`InfluxQL ${q}: ${result.error}`);
    const rows: InfluxRow[] = [];
    for (const s of result?.series ?? []) {
      for (const values of s.values) {
        const row: InfluxRow = { measurement: s.name, ...s.tags };
        s.columns.forEach((c, i) => (row[c] = values[i]));
        rows.push(row);
      }
    }
    return rows;
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  /** Stops the server and deletes its data. */
  async destroy(): Promise<void> {
    await this.process.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Starts a real InfluxDB 1.x with database `expmon`. */
export function startInfluxDb1(): Promise<InfluxDb1Server> {
  return InfluxDb1Server.start();
}
