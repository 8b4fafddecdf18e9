import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Runner } from '../Runner.js';
import type { SourceHealth } from './SourceHealth.js';

/** Options of {@link StatusServer}. */
export interface StatusServerOptions {
  /** Port; 0 picks a free one. */
  port: number;
  /** Address to bind; default 127.0.0.1 (the status is not for the network unless asked). */
  host?: string;
}

/**
 * The runner's HTTP status endpoint (off by default):
 * - `GET /healthz`: JSON with the last success per source, the local log depth and whether
 *   each database is reachable; HTTP 200 when every database is reachable and every source
 *   has answered since its last failure, 503 otherwise.
 * - `GET /metrics`: Prometheus text format (prom-client): readings, errors and last latency per
 *   source, queue depth, write latency and appended/shipped/dead-lettered/dropped (by cause)
 *   counts per sink (labelled by the sink's description, credentials redacted), and the
 *   process's own CPU and memory.
 */
export class StatusServer {
  private server: Server | undefined;
  private readonly registry = new Registry();

  constructor(
    private readonly runner: Runner,
    private readonly health: SourceHealth,
    private readonly options: StatusServerOptions,
  ) {
    const r = this.registry;
    collectDefaultMetrics({ register: r, prefix: 'expmon_' });
    const states = () => [...health.states.values()];
    const sinks = () => runner.shippers;
    new Counter({
      name: 'expmon_source_readings_total',
      help: 'Readings stored per source.',
      labelNames: ['source', 'device'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of states()) this.inc({ source: s.source, device: s.device }, s.readings);
      },
    });
    new Counter({
      name: 'expmon_source_errors_total',
      help: 'Failed reads (polled) or failed streams (push) per source.',
      labelNames: ['source', 'device'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of states()) this.inc({ source: s.source, device: s.device }, s.errors);
      },
    });
    new Gauge({
      name: 'expmon_source_latency_seconds',
      help: 'Latency of the last read per polled source.',
      labelNames: ['source', 'device'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of states()) if (s.lastLatencyMs !== undefined) this.set({ source: s.source, device: s.device }, s.lastLatencyMs / 1000);
      },
    });
    new Gauge({
      name: 'expmon_source_up',
      help: '1 when the source answered since its last failure.',
      labelNames: ['source', 'device'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of states()) this.set({ source: s.source, device: s.device }, s.consecutiveFailures === 0 && !s.stale && s.lastSuccessAt !== undefined ? 1 : 0);
      },
    });
    new Gauge({
      name: 'expmon_queue_depth',
      help: 'Readings waiting in the local log per sink.',
      labelNames: ['sink'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of sinks()) this.set({ sink: s.sink.description }, s.queue.depth);
      },
    });
    new Gauge({
      name: 'expmon_write_latency_seconds',
      help: 'Duration of the last successful database write per sink.',
      labelNames: ['sink'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of sinks()) this.set({ sink: s.sink.description }, s.stats.lastWriteMs / 1000);
      },
    });
    new Counter({
      name: 'expmon_shipped_total',
      help: 'Readings acknowledged by the database per sink.',
      labelNames: ['sink'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of sinks()) this.inc({ sink: s.sink.description }, s.stats.shipped);
      },
    });
    new Counter({
      name: 'expmon_dead_lettered_total',
      help: 'Readings the database refused, moved to the dead-letter file, per sink.',
      labelNames: ['sink'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of sinks()) this.inc({ sink: s.sink.description }, s.stats.deadLettered);
      },
    });
    const dests = () => runner.localLog?.counts().perDestination ?? [];
    new Counter({
      name: 'expmon_appended_total',
      help: 'Readings appended to the local log per sink in this process (produced = shipped + dead-lettered + waiting + dropped, with those from an earlier run).',
      labelNames: ['sink'],
      registers: [r],
      collect() {
        this.reset();
        for (const d of dests()) this.inc({ sink: d.destination }, d.produced);
      },
    });
    new Counter({
      name: 'expmon_dropped_total',
      help: 'Readings lost per sink and cause: size_bound (local log full), disk_full (disk refused writes, memory bound reached), damaged (frame damaged on disk).',
      labelNames: ['sink', 'cause'],
      registers: [r],
      collect() {
        this.reset();
        for (const d of dests()) {
          this.inc({ sink: d.destination, cause: 'size_bound' }, d.dropped.sizeBound);
          this.inc({ sink: d.destination, cause: 'disk_full' }, d.dropped.diskFull);
          this.inc({ sink: d.destination, cause: 'damaged' }, d.dropped.damaged);
        }
      },
    });
    new Gauge({
      name: 'expmon_database_up',
      help: '1 when the last write to the sink succeeded.',
      labelNames: ['sink'],
      registers: [r],
      collect() {
        this.reset();
        for (const s of sinks()) this.set({ sink: s.sink.description }, s.unavailable ? 0 : 1);
      },
    });
  }

  /** The address actually bound (after `start()`). */
  get address(): { host: string; port: number } {
    const a = this.server?.address() as AddressInfo | null;
    return { host: a?.address ?? '', port: a?.port ?? 0 };
  }

  /** The `/healthz` document. */
  healthz(): { ok: boolean; sources: Record<string, unknown>; sinks: Record<string, unknown> } {
    const sources: Record<string, unknown> = {};
    let ok = true;
    for (const s of this.health.states.values()) {
      const up = s.consecutiveFailures === 0 && !s.stale;
      if (!up) ok = false;
      sources[s.source] = {
        device: s.device,
        up,
        lastSuccess: s.lastSuccessAt === undefined ? null : new Date(s.lastSuccessAt).toISOString(),
        lastReading: s.lastReadingAt === undefined ? null : new Date(s.lastReadingAt).toISOString(),
        consecutiveFailures: s.consecutiveFailures,
        lastError: s.lastError ?? null,
      };
    }
    const sinks: Record<string, unknown> = {};
    for (const sh of this.runner.shippers) {
      if (sh.unavailable) ok = false;
      sinks[sh.sink.description] = {
        reachable: !sh.unavailable,
        waiting: sh.queue.depth,
        shipped: sh.stats.shipped,
        deadLettered: sh.stats.deadLettered,
        dropped: { ...sh.queue.drops },
        lastError: sh.stats.lastError ?? null,
      };
    }
    return { ok, sources, sinks };
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') {
        res.writeHead(405).end();
        return;
      }
      if (path === '/healthz') {
        const body = this.healthz();
        res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body, null, 2));
        return;
      }
      if (path === '/metrics') {
        this.registry
          .metrics()
          .then((text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text))
          .catch((e: unknown) => res.writeHead(500).end(String(e)));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('expmon-runner status: /healthz, /metrics\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    server.unref();
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
