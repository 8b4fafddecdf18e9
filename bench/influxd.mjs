/**
 * Debian's InfluxDB 1.6 (`influxd`) on a free loopback port with its data in a temp folder,
 * for the benchmarks (the same setup as run.mjs's; @expmon/test-servers is TypeScript and
 * test-only). `startInfluxd()` resolves when `/ping` answers; `stop()` removes the folder.
 *
 * @example
 * const influx = await startInfluxd();
 * await influx.createDatabase('bench');
 * await influx.stop();
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startInfluxd() {
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-influxd-'));
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
    try {
      if ((await fetch(`${url}/ping`)).status === 204) break;
    } catch {}
    if (Date.now() > until) throw new Error('influxd: no answer after 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const query = async (q, db) => (await fetch(`${url}/query?${new URLSearchParams({ q, ...(db ? { db } : {}) })}`, { method: 'POST' })).json();
  return {
    url,
    query,
    createDatabase: (db) => query(`CREATE DATABASE "${db}"`),
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
