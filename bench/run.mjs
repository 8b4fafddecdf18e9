#!/usr/bin/env node
/**
 * expmon benchmarks (not part of the test run). Run from the repo root after a build:
 *
 *   pnpm bench                                   # everything, full sizes (takes ~4 minutes)
 *   node bench/run.mjs cycle --cycles 5
 *   node bench/run.mjs idle --duration 30s
 *   node bench/run.mjs all --quick               # small sizes, to check that it works
 *
 * Benchmarks (throughput, runner vs bare client, is bench/throughput.mjs):
 * - cycle: cycle time with 20 polled sources of 200 ms latency each (target ≈ 200 ms, not 4 s).
 * - idle: the real CLI with 100 simulated sensors at 1 Hz writing to InfluxDB 1.6: CPU share
 *   and RSS of the runner process, from /proc, over --duration (default 3m).
 *
 * Results go to bench/RESULTS.md (overwritten; `--out FILE` elsewhere, `--no-write` not at all).
 * The servers are Debian's `influxd` (1.6) and `victoria-metrics`, started here on free
 * loopback ports with temp data folders and stopped at the end.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const CLI = join(ROOT, 'packages/runner/dist/cli.js');
const IDLE_CONFIG = join(ROOT, 'bench/idle.config.ts');

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const args = { what: 'all', cycles: 10, duration: '3m', sensors: 100, out: join(ROOT, 'bench/RESULTS.md'), write: true, quick: false, child: undefined };
  const rest = [...argv];
  while (rest.length) {
    const a = rest.shift();
    if (a === '--cycles') args.cycles = Number(rest.shift());
    else if (a === '--duration') args.duration = rest.shift();
    else if (a === '--sensors') args.sensors = Number(rest.shift());
    else if (a === '--out') args.out = rest.shift();
    else if (a === '--no-write') args.write = false;
    else if (a === '--quick') args.quick = true;
    else if (a === '--child') args.child = rest.shift();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(SELF, 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else if (['all', 'cycle', 'idle'].includes(a)) args.what = a;
    else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (args.quick) {
    if (!argv.includes('--cycles')) args.cycles = 4;
    if (!argv.includes('--duration')) args.duration = '30s';
  }
  return args;
}

function durationMs(s) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(s));
  if (!m) throw new Error(`--duration ${s}: use e.g. 30s, 3m`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2]];
}

// ---------------------------------------------------------------- servers

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check, what, child) {
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what}: the server exited (${child.exitCode})`);
    try {
      if (await check()) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${what}: no answer after 30 s`);
    await sleep(100);
  }
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startInflux1() {
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
  await waitFor(async () => (await fetch(`${url}/ping`)).status === 204, 'influxd', child);
  const server = {
    kind: 'influxdb-1.6',
    url,
    async query(q, db) {
      const res = await fetch(`${url}/query?${new URLSearchParams({ q, ...(db ? { db } : {}) })}`, { method: 'POST' });
      return res.json();
    },
    async createDatabase(db) {
      await server.query(`CREATE DATABASE "${db}"`);
    },
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

// ---------------------------------------------------------------- child processes

/** Runs `node bench/run.mjs --child MODE` with params; resolves with its JSON result. */
function runChild(mode, params, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...extraArgs, SELF, '--child', mode], {
      env: { ...process.env, EXPMON_BENCH: JSON.stringify(params) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${mode} child exited ${code}: ${err.slice(-2000)}`));
      const line = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${mode} child printed no result: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

async function childCycle(p) {
  const { validateConfig, resolveSinks, Runner, createLogger } = await import('@expmon/runner');
  const { SimulatedSource } = await import('@expmon/core');
  const sources = Array.from({ length: p.sources }, (_, i) => new SimulatedSource({ name: `slow_${i}`, unit: 'V', latencyMs: p.latencyMs }));
  const config = validateConfig(
    { interval: p.interval, sources, dataDir: p.dataDir, logLevel: 'warn' },
    join(ROOT, 'bench/cycle.config.ts'),
  );
  const ticks = new Map();
  const runner = new Runner(config, resolveSinks(config, {}), createLogger({ level: 'warn', pretty: false }), { cycles: p.cycles });
  runner.outcomes$.subscribe((o) => {
    const now = performance.now();
    const t = ticks.get(o.tick) ?? { start: Infinity, end: 0, polls: 0, slowestRead: 0, failed: 0 };
    t.start = Math.min(t.start, now - o.latencyMs);
    t.end = Math.max(t.end, now);
    t.polls++;
    t.slowestRead = Math.max(t.slowestRead, o.latencyMs);
    if (!o.ok) t.failed++;
    ticks.set(o.tick, t);
  });
  await runner.start();
  await runner.finished;
  await runner.stop();
  const cycles = [...ticks.values()].map((t) => ({ cycleMs: t.end - t.start, polls: t.polls, slowestReadMs: t.slowestRead, failed: t.failed }));
  return { cycles, readings: runner.stats.readings, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

// ---------------------------------------------------------------- benchmarks

async function benchCycle(args) {
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-cycle-'));
  try {
    const res = await runChild('cycle', { sources: 20, latencyMs: 200, interval: '1s', cycles: args.cycles, dataDir: dir });
    const times = res.cycles.map((c) => c.cycleMs).sort((a, b) => a - b);
    res.medianMs = times[Math.floor(times.length / 2)];
    res.maxMs = times[times.length - 1];
    log(`cycle time, 20 sources × 200 ms: median ${fmt(res.medianMs)} ms, max ${fmt(res.maxMs)} ms over ${times.length} cycles (${res.readings} readings)`);
    return res;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchIdle(args) {
  const total = durationMs(args.duration);
  const warmup = Math.min(10_000, total / 6);
  const influx = await startInflux1();
  await influx.createDatabase('bench_idle');
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-idle-'));
  const env = { ...process.env, INFLUX_URL: influx.url, INFLUX_DATABASE: 'bench_idle', BENCH_SENSORS: String(args.sensors) };
  for (const k of ['INFLUX_TOKEN', 'INFLUX_ORG', 'INFLUX_BUCKET']) delete env[k];
  const child = spawn(process.execPath, [CLI, 'run', IDLE_CONFIG, '--data-dir', dir, '--log-level', 'warn'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const hz = clockTicks();
  try {
    await sleep(warmup);
    if (child.exitCode !== null) throw new Error(`runner exited: ${stderr}`);
    const first = procStat(child.pid);
    const t0 = performance.now();
    const rss = [];
    while (performance.now() - t0 < total - warmup) {
      await sleep(1000);
      rss.push(procStatus(child.pid).rssMB);
    }
    const last = procStat(child.pid);
    const wallS = (performance.now() - t0) / 1000;
    const cpuS = (last.ticks - first.ticks) / hz;
    const status = procStatus(child.pid);
    const res = {
      sensors: args.sensors,
      durationS: wallS,
      warmupS: warmup / 1000,
      cpuPercent: (100 * cpuS) / wallS,
      rssMB: rss[rss.length - 1],
      rssMaxSampledMB: Math.max(...rss),
      peakRssMB: status.hwmMB,
    };
    await stopChild(child);
    res.stored = await influx.count('bench_idle');
    log(`idle, ${args.sensors} sensors at 1 Hz for ${fmt(wallS)} s: CPU ${res.cpuPercent.toFixed(2)} % of a core, RSS ${fmt(res.rssMB)} MB (peak ${fmt(res.peakRssMB)} MB), ${res.stored} readings stored`);
    return res;
  } finally {
    await stopChild(child);
    await influx.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function procStat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  // fields after the command: state(0) ... utime is field 14 overall → index 11 here, stime 12.
  return { ticks: Number(f[11]) + Number(f[12]) };
}

function procStatus(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

function clockTicks() {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK']).toString());
    if (n > 0) return n;
  } catch {}
  return 100; // Linux USER_HZ
}

// ---------------------------------------------------------------- report

function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    nproc: cpus().length,
    cpu: model,
    ramGB: totalmem() / 1024 ** 3,
    node: process.version,
    load: loadavg(),
  };
}

function report(args, m, loadAfter, results) {
  const date = new Date().toISOString();
  const ok = (b) => (b ? 'met' : '**not met**');
  const lines = [
    '# Benchmark results',
    '',
    `Generated by \`node bench/run.mjs ${process.argv.slice(2).join(' ')}\` on ${date}.`,
    '',
    `- Machine: ${m.nproc} CPUs (${m.cpu}), ${m.ramGB.toFixed(1)} GB RAM, Node ${m.node}`,
    `- Load average at start: ${m.load.map((x) => x.toFixed(2)).join(' ')}; at end: ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
    `- Servers: Debian influxd 1.6 and victoria-metrics on 127.0.0.1, data in ${tmpdir()} (local disk); the runner's local log fsyncs there.`,
    '',
  ];
  if (args.quick || durationMs(args.duration) < 180_000) {
    lines.push(
      '> **Quick run, shared machine.** These figures come from one small run of each benchmark on a',
      '> machine that other engineers were using for tests at the same time (see the load average).',
      '> They show that the benchmarks work, not what the runner can do. The lead will rerun the full',
      '> benchmark (`pnpm bench`: 10 cycles, 3 minutes idle; throughput: `node bench/throughput.mjs`) on a quiet machine.',
      '',
    );
  }
  if (results.cycle) {
    const c = results.cycle;
    lines.push(
      '## Cycle time: 20 polled sources, 200 ms latency each',
      '',
      `Per cycle, from the earliest read start to the last read end (Runner \`outcomes$\`), interval 1 s, ${c.cycles.length} cycles.`,
      '',
      `- median ${fmt(c.medianMs)} ms, max ${fmt(c.maxMs)} ms (target: about 200 ms, not 4 s): ${ok(c.maxMs < 400)}`,
      `- cycles: ${c.cycles.map((x) => `${fmt(x.cycleMs)} ms (${x.polls} polls${x.failed ? `, ${x.failed} failed` : ''})`).join(', ')}`,
      '',
    );
  }
  if (results.idle) {
    const i = results.idle;
    lines.push(
      `## Idle load: ${i.sensors} simulated sensors at 1 Hz → InfluxDB 1.6, the real CLI`,
      '',
      `Measured from /proc/<pid>/stat and /status of the runner process over ${fmt(i.durationS)} s after ${fmt(i.warmupS)} s of warm-up.`,
      '',
      `- CPU: ${i.cpuPercent.toFixed(2)} % of one core (target ≤ 2 %): ${ok(i.cpuPercent <= 2)}`,
      `- RSS: ${fmt(i.rssMB)} MB at the end, ${fmt(i.rssMaxSampledMB)} MB max sampled, ${fmt(i.peakRssMB)} MB peak (VmHWM) (target ≤ 80 MB): ${ok(i.peakRssMB <= 80)}`,
      `- readings stored: ${i.stored}`,
      '',
    );
  }
  if (results.notes?.length) lines.push('## Notes', '', ...results.notes, '');
  return lines.join('\n');
}

function fmt(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

function log(s) {
  process.stderr.write(`${s}\n`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------- main

const args = parseArgs(process.argv.slice(2));
if (args.child) {
  const p = JSON.parse(process.env.EXPMON_BENCH ?? '{}');
  const fn = { cycle: childCycle }[args.child];
  if (!fn) throw new Error(`unknown child ${args.child}`);
  const res = await fn(p);
  process.stdout.write(`${JSON.stringify(res)}\n`);
  process.exit(0);
} else {
  const m = machine();
  log(`expmon bench: ${m.nproc} CPUs (${m.cpu}), ${(m.ramGB).toFixed(1)} GB, Node ${m.node}, load ${m.load.map((x) => x.toFixed(2)).join(' ')}`);
  const results = {};
  if (args.what === 'all' || args.what === 'cycle') results.cycle = await benchCycle(args);
  if (args.what === 'all' || args.what === 'idle') results.idle = await benchIdle(args);
  const md = report(args, m, loadavg(), results);
  if (args.write) {
    writeFileSync(args.out, md);
    log(`results written to ${args.out}`);
  } else {
    process.stdout.write(md);
  }
}
