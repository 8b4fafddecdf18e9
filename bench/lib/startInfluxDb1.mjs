/**
 * A throwaway InfluxDB 1.6 (Debian's `influxd`) for benchmarks: free loopback ports, a temp data
 * folder, removed by `stop()`.
 *
 * @example
 * const influx = await startInfluxDb1();
 * await influx.createDatabase('bench');
 * console.log(await influx.count('bench'));
 * await influx.stop();
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.mjs';
import { stopChild } from './stopChild.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

export async function startInfluxDb1() {
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-influx1-'));
  const port = await freePort();
  const rpc = await freePort();
  const conf = join(dir, 'influxdb.conf');
  await writeFile(
    conf,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpc}"
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
  const child = spawn('influxd', ['-config', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`influxd exited (${child.exitCode})`);
    const up = await fetch(`${url}/ping`).then((r) => r.status === 204, () => false);
    if (up) break;
    if (Date.now() > until) throw new Error('influxd: no answer after 30 s');
    await sleep(100);
  }
  const server = {
    url,
    async query(q, db) {
      const res = await fetch(`${url}/query?${new URLSearchParams({ q, ...(db ? { db } : {}) })}`, { method: 'POST' });
      return res.json();
    },
    async createDatabase(db) {
      await server.query(`CREATE DATABASE "${db}"`);
    },
    /** Points stored in `db` (field `value`, every measurement). */
    async count(db) {
      const body = await server.query('SELECT count(value) FROM /.*/', db);
      return (body.results?.[0]?.series ?? []).reduce((n, s) => n + s.values[0][1], 0);
    },
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}

