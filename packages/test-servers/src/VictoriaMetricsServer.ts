import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { ServerProcess } from './ServerProcess.js';
import { waitFor } from './waitFor.js';

/** One series from VictoriaMetrics' `/api/v1/export`. */
export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  timestamps: number[];
}

/**
 * A real VictoriaMetrics (Debian's `victoria-metrics`) on a free loopback port: it accepts
 * the InfluxDB v2 write API (`/api/v2/write`) and stands in for InfluxDB 2.x/3.x in tests.
 * A line-protocol field `value` of measurement `m` becomes the metric `m_value`.
 */
export class VictoriaMetricsServer {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly process: ServerProcess,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Its `-storageDataPath` (for `vmbackup`). */
  get storageDataPath(): string {
    return this.dir;
  }

  static async start(): Promise<VictoriaMetricsServer> {
    const dir = await mkdtemp(join(tmpdir(), 'expmon-vm-'));
    const port = await freePort();
    const server = new VictoriaMetricsServer(
      port,
      dir,
      new ServerProcess('victoria-metrics', [
        `-storageDataPath=${dir}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        '-search.latencyOffset=0s',
        '-retentionPeriod=100y',
        '-loggerLevel=ERROR',
      ]),
    );
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    this.process.start();
    await waitFor(
      async () => {
        if (!this.process.running) throw new Error(`victoria-metrics exited: ${this.process.log}`);
        const res = await fetch(`${this.url}/health`);
        return res.ok;
      },
      { what: 'victoria-metrics to answer /health' },
    );
  }

  /** Every stored sample of the series matching a PromQL selector, e.g. `{__name__=~"lab_.*"}`. */
  async export(match: string): Promise<ExportedSeries[]> {
    await fetch(`${this.url}/internal/force_flush`);
    const res = await fetch(`${this.url}/api/v1/export?${new URLSearchParams({ 'match[]': match })}`);
    if (!res.ok) throw new Error(`export ${match}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ExportedSeries);
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async destroy(): Promise<void> {
    await this.process.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Starts a real VictoriaMetrics. */
export function startVictoriaMetrics(): Promise<VictoriaMetricsServer> {
  return VictoriaMetricsServer.start();
}
